import { randomUUID } from 'node:crypto';
import type { CodeConcept, CodeSearchResult } from '@akson/clinical';
import { fail } from '@akson/fhir';
import {
  countParameter,
  operationInput,
  single,
  withServerTiming,
} from '../fhir/operations/operation-input.ts';
import type { OperationDefinitionEntry } from '../fhir/operations/registry.ts';
import { sendJson } from '../fhir/render/replies.ts';
import { codeIndexOf, findCodeSystem } from './code-systems.ts';

/** Type-ahead lists are short; a full list (a Volven list as a select) may be longer. */
const DEFAULT_MATCHES = 20;
const MAX_MATCHES = 100;
const MAX_LISTED = 1000;

function required(pairs: [string, string][], name: string, what: string): string {
  const value = single(pairs, name)?.trim();
  if (!value) throw fail('AKS_ERR_OPERATION_PARAMETER', { param: name, detail: `required: ${what}` });
  return value;
}

/**
 * GET|POST CodeSystem/$find-codes?system=icpc-2&text=urinveis&count=20: ranked code search by text for the
 * note forms, with Norwegian display names (the official text, the short text when it differs, and the
 * synonym that matched: "UVI" finds U71 through ICPC-2B). `system` is a short name (icpc-2, icd-10, atc,
 * volven-<nnnn>) or a system URI. Fast enough to run on every keystroke (docs/clinical-codes.md).
 */
export const findCodesOperation: OperationDefinitionEntry = {
  name: 'find-codes',
  types: ['CodeSystem'],
  level: 'type',
  methods: ['GET', 'POST'],
  definition: 'https://akson.no/fhir/OperationDefinition/CodeSystem-find-codes',
  handler: async (request, reply) => {
    const started = performance.now();
    const pairs = operationInput(request, ['system', 'text', 'count']);
    const ref = await findCodeSystem(required(pairs, 'system', 'a code system, such as icpc-2'));
    const text = required(pairs, 'text', 'the text (or code) to search for');
    const count = countParameter(pairs, 'count', DEFAULT_MATCHES, MAX_MATCHES);
    const index = await codeIndexOf(ref);
    const matches = index.search(text, count);
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'system', valueUri: ref.entry.system },
        { name: 'name', valueString: ref.entry.name },
        { name: 'complete', valueBoolean: ref.entry.complete },
        ...matches.map((m) => ({ name: 'match', part: matchParts(m) })),
      ],
    };
    return sendJson(withServerTiming(reply, 'find-codes', started), request, 200, JSON.stringify(body));
  },
};

function matchParts(m: CodeSearchResult): Record<string, unknown>[] {
  return [
    { name: 'code', valueCode: m.code },
    { name: 'display', valueString: m.display },
    ...(m.shortDisplay ? [{ name: 'shortDisplay', valueString: m.shortDisplay }] : []),
    ...(m.matchedTerm ? [{ name: 'matchedTerm', valueString: m.matchedTerm }] : []),
  ];
}

/**
 * GET|POST ValueSet/$expand?url=<system>[?fhir_vs]&filter=...&count=...: the same search in FHIR's own form, a
 * ValueSet expansion over the implicit value set of all codes of a system. Without a filter, the whole list
 * (for short lists offered as a select; a large one such as ICD-10 asks for a filter).
 */
export const expandOperation: OperationDefinitionEntry = {
  name: 'expand',
  types: ['ValueSet'],
  level: 'type',
  methods: ['GET', 'POST'],
  definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
  handler: async (request, reply) => {
    const started = performance.now();
    const pairs = operationInput(request, ['url', 'filter', 'count']);
    const ref = await findCodeSystem(
      required(pairs, 'url', 'the code system, such as http://hl7.org/fhir/sid/icpc-2'),
    );
    const filter = single(pairs, 'filter')?.trim();
    const index = await codeIndexOf(ref);
    let contains: CodeConcept[];
    if (filter) {
      contains = index.search(filter, countParameter(pairs, 'count', DEFAULT_MATCHES, MAX_MATCHES));
    } else {
      const count = countParameter(pairs, 'count', MAX_LISTED, MAX_LISTED);
      if (index.size > count) {
        throw fail('AKS_ERR_CODE_SYSTEM_TOO_LARGE', { system: ref.entry.name, count: index.size });
      }
      contains = index.list();
    }
    const body = {
      resourceType: 'ValueSet',
      url: `${ref.entry.system}?fhir_vs`,
      name: ref.entry.name,
      title: ref.entry.title,
      status: 'active',
      expansion: {
        identifier: `urn:uuid:${randomUUID()}`,
        timestamp: new Date().toISOString(),
        ...(filter ? {} : { total: contains.length }),
        parameter: filter ? [{ name: 'filter', valueString: filter }] : [],
        contains: contains.map((c) => ({ system: ref.entry.system, code: c.code, display: c.display })),
      },
    };
    return sendJson(withServerTiming(reply, 'expand', started), request, 200, JSON.stringify(body));
  },
};

/** GET|POST CodeSystem/$lookup?system=...&code=...: the Norwegian display of one code (404 for an unknown code). */
export const lookupOperation: OperationDefinitionEntry = {
  name: 'lookup',
  types: ['CodeSystem'],
  level: 'type',
  methods: ['GET', 'POST'],
  definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup',
  handler: async (request, reply) => {
    const pairs = operationInput(request, ['system', 'code']);
    const ref = await findCodeSystem(required(pairs, 'system', 'a code system, such as icd-10'));
    const code = required(pairs, 'code', 'the code to look up');
    const concept = (await codeIndexOf(ref)).lookup(code);
    if (!concept) throw fail('AKS_ERR_CODE_UNKNOWN', { code, system: ref.entry.name });
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'name', valueString: ref.entry.name },
        { name: 'code', valueCode: concept.code },
        { name: 'display', valueString: concept.display },
        ...(concept.shortDisplay
          ? [
              {
                name: 'designation',
                part: [
                  { name: 'language', valueCode: 'nb' },
                  { name: 'use', valueCoding: { code: 'short', display: 'Kort tekst' } },
                  { name: 'value', valueString: concept.shortDisplay },
                ],
              },
            ]
          : []),
        ...(concept.parent
          ? [
              {
                name: 'property',
                part: [
                  { name: 'code', valueCode: 'parent' },
                  { name: 'value', valueCode: concept.parent },
                ],
              },
            ]
          : []),
      ],
    };
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};
