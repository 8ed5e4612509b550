import { getSearchParam, listSearchParams, loadDefinitions } from '@akson/fhir';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { paramStorage } from '@akson/store';
import type { AksonConfig } from '../config/schema.ts';
import { OPERATIONS } from './operations/registry.ts';
import type { DevIssuer } from '../auth/dev-issuer/dev-issuer.ts';
import { READ_ONLY_TYPES } from '../access/decide.ts';
import { deletionPolicy } from '../record/journal/journal-deletion-rule.ts';

const INTERACTIONS = [
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
] as const;

const WRITES = new Set(['update', 'patch', 'delete', 'create']);

/**
 * The interactions a type really has: none that write for the server-written types (the audit log), and no
 * delete where journal rules refuse it (a draft may be thrown away; a recorded entry is withdrawn instead).
 */
function interactionsFor(type: string): CapabilityStatementRestResource['interaction'] {
  const policy = deletionPolicy(type);
  return INTERACTIONS.filter((code) => !(READ_ONLY_TYPES.has(type) && WRITES.has(code)))
    .filter((code) => !(code === 'delete' && policy.kind === 'never'))
    .map((code) =>
      code === 'delete' && policy.kind === 'drafts'
        ? {
            code,
            documentation: `Only a draft is deleted; a recorded entry is withdrawn with ${policy.withdraw}.`,
          }
        : { code },
    );
}

/**
 * What this server does, generated from the same registries the code runs on: search parameters come from the
 * store's indexed columns (so a parameter listed here is one that works), operations from the operation registry.
 */
export function capabilityStatement(config: AksonConfig, devIssuer?: DevIssuer): CapabilityStatement {
  const types = loadDefinitions().resourceTypes;
  const revIncludes = new Map<string, string[]>();
  for (const source of types) {
    for (const p of listSearchParams(source)) {
      if (p.type !== 'reference') continue;
      for (const target of p.targets) {
        let list = revIncludes.get(target);
        if (!list) revIncludes.set(target, (list = []));
        list.push(`${source}:${p.code}`);
      }
    }
  }
  const resources: CapabilityStatementRestResource[] = types.map((type) => {
    const indexed = new Set(paramStorage(type).map((s) => s.def.code));
    const params = listSearchParams(type).filter(
      (p) => indexed.has(p.code) || p.code === '_id' || p.code === '_lastUpdated',
    );
    return {
      type: type as CapabilityStatementRestResource['type'],
      interaction: interactionsFor(type),
      versioning: 'versioned-update',
      readHistory: true,
      updateCreate: !READ_ONLY_TYPES.has(type),
      conditionalCreate: !READ_ONLY_TYPES.has(type),
      conditionalRead: 'not-supported',
      conditionalUpdate: !READ_ONLY_TYPES.has(type),
      conditionalDelete: 'not-supported',
      referencePolicy: ['literal', 'logical'],
      searchInclude: params.filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`),
      searchRevInclude: (revIncludes.get(type) ?? []).filter((r) => {
        const [source, code] = r.split(':') as [string, string];
        return getSearchParam(source, code) !== undefined;
      }),
      searchParam: params.map((p) => ({ name: p.code, definition: p.url, type: p.type })),
      operation: OPERATIONS.filter(
        (o) => o.level !== 'system' && (o.types === '*' || o.types.includes(type)),
      ).map((o) => ({
        name: o.name,
        definition: o.definition,
      })),
    };
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-25',
    publisher: 'Akson',
    kind: 'instance',
    software: { name: 'Akson', version: '0.1.0' },
    implementation: { description: 'Akson shared municipal health record', url: `${config.publicUrl}/fhir` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search: string (:exact, :contains), token (:not, :text, :of-type on identifier), reference (:identifier, :[type], one level of chaining, _has), date/number/quantity with prefixes eq ne gt lt ge le sa eb ap, uri (:below, :above), composite; :missing on all. Paging uses keyset cursors. An update whose body carries meta.versionId is checked against the current version like If-Match.',
        security: {
          cors: config.http.corsOrigins.length > 0,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description:
            'Every request needs an OAuth2 bearer (or DPoP) token: HelseID for health personnel, ID-porten/Helsenorge for citizens, client credentials with private_key_jwt and SMART v2 system scopes for integrations. Access follows need-to-know (care relations), blocks and data categories; every access is audited.',
          ...(devIssuer
            ? {
                extension: [
                  {
                    url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                    extension: [
                      { url: 'authorize', valueUri: `${devIssuer.issuer}/authorize` },
                      { url: 'token', valueUri: `${devIssuer.issuer}/token` },
                    ],
                  },
                ],
              }
            : {}),
        },
        resource: resources,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        searchParam: [],
        operation: OPERATIONS.filter((o) => o.level === 'system').map((o) => ({
          name: o.name,
          definition: o.definition,
        })),
      },
    ],
  };
}
