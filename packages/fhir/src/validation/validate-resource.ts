import {
  getAllDataTypes,
  OperationOutcomeError,
  parseStructureDefinition,
  validateResource as medplumValidate,
  type InternalTypeSchema,
  type TypedValueWithPath,
} from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { loadDefinitions } from '../definitions/load.ts';
import { isResourceType } from '../definitions/resource-types.ts';
import { fail } from '../outcomes/codes.ts';
import { correctProfileGaps } from './profile-gaps.ts';
import { checkNorwegianIdentifiers } from './norwegian-identifiers.ts';
import { checkRequiredBindings } from './required-bindings.ts';
import { checkNarratives } from './narrative-check.ts';
import { checkStructure } from './structural-checks.ts';

export interface ValidationResult {
  /** Warnings and information: the resource is accepted, but these are worth telling the client. */
  readonly warnings: OperationOutcomeIssue[];
}

/**
 * Validates a resource against the R4 StructureDefinitions (cardinality, types, invariants), required bindings,
 * Norwegian identifier rules, and every profile in meta.profile that the server knows. Throws one AksonError
 * (AKS_ERR_VALIDATION) carrying every error found, each with an expression pointing at the element.
 */
export function validateResource(resource: unknown): ValidationResult {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    throw fail(
      'AKS_ERR_VALIDATION',
      {},
      { issues: [structureIssue('The body must be a JSON object (a FHIR resource).')] },
    );
  }
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !isResourceType(type)) {
    throw fail(
      'AKS_ERR_VALIDATION',
      {},
      {
        issues: [
          structureIssue(`resourceType ${JSON.stringify(type)} is not an R4 resource type.`, [
            'resourceType',
          ]),
        ],
      },
    );
  }
  const r = resource as Resource;
  const issues: OperationOutcomeIssue[] = [];
  const tokens: Record<string, TypedValueWithPath[]> = {};
  issues.push(...runMedplum(r, undefined, tokens));
  issues.push(...checkRequiredBindings(tokens));
  issues.push(...checkNorwegianIdentifiers(r, type));
  issues.push(...checkStructure(r as unknown as Record<string, unknown>));
  issues.push(...checkNarratives(r as unknown as Record<string, unknown>));

  const { profiles } = loadDefinitions();
  for (const url of r.meta?.profile ?? []) {
    const profile = profiles.get(url.split('|')[0] ?? url);
    if (!profile) {
      issues.push({
        severity: 'warning',
        code: 'not-supported',
        details: {
          text: `Profile ${url} is not known to this server; validated against the base specification only.`,
        },
        expression: [`${type}.meta.profile`],
      });
      continue;
    }
    if (profile.type !== type) {
      issues.push(
        structureIssue(`Profile ${url} is for ${profile.type}, not ${type}.`, [`${type}.meta.profile`]),
      );
      continue;
    }
    const profileTokens: Record<string, TypedValueWithPath[]> = {};
    const profileIssues = correctProfileGaps(
      url.split('|')[0] ?? url,
      runMedplum(r, profile, profileTokens),
      r as unknown as Record<string, unknown>,
      type,
    );
    for (const issue of profileIssues) {
      issue.details = { text: `${issue.details?.text ?? ''} (profile ${url})` };
      issues.push(issue);
    }
    issues.push(...checkRequiredBindings(profileTokens));
  }

  const errors = dedupe(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal'));
  if (errors.length > 0) throw fail('AKS_ERR_VALIDATION', {}, { issues: errors });
  return { warnings: dedupe(issues.filter((i) => i.severity !== 'error' && i.severity !== 'fatal')) };
}

/**
 * No size cap on base64Binary in the library: FHIR sets none (only strings are capped), and how large an
 * attachment may be is the server's configuration (AKSON_ATTACHMENT_MAX_BYTES, the request body limit).
 */
const NO_BINARY_CAP = Number.MAX_SAFE_INTEGER;

function runMedplum(
  resource: Resource,
  profile: StructureDefinition | undefined,
  tokens: Record<string, TypedValueWithPath[]>,
): OperationOutcomeIssue[] {
  try {
    const options = { collect: { tokens }, base64BinaryMaxBytes: NO_BINARY_CAP };
    if (!profile) return medplumValidate(resource, options);
    return (
      withParsedProfile(resource, profile, () => medplumValidate(resource, options)) ??
      medplumValidate(resource, { ...options, profile })
    );
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue ?? [];
    // The validator can throw plain errors on input it does not expect (e.g. wrong JSON types deep inside).
    return [structureIssue(`The resource could not be validated: ${(err as Error).message}`)];
  }
}

/**
 * The library parses a profile's StructureDefinition on every call (most of the time of a profile check: about
 * 4 ms of 5 for no-basis-Patient). Parsed once and kept here, the parsed profile stands in for the base type
 * while one resource is validated — synchronously, so nothing else can see the swap — and the result is the
 * same as the library's own path (validate-resource.test.ts compares them on every example). A resource that
 * contains another resource of its own type would see the profile applied to that one too, so it takes the
 * library's own path (undefined here).
 */
const parsedProfiles = new Map<string, InternalTypeSchema>();

export function withParsedProfile<T>(
  resource: Resource,
  profile: StructureDefinition,
  validate: () => T,
): T | undefined {
  if (containsOwnType(resource)) return undefined;
  let parsed = parsedProfiles.get(profile.url);
  if (!parsed) parsedProfiles.set(profile.url, (parsed = parseStructureDefinition(profile)));
  const types = getAllDataTypes();
  const base = types[resource.resourceType];
  types[resource.resourceType] = parsed;
  try {
    return validate();
  } finally {
    if (base) types[resource.resourceType] = base;
  }
}

function containsOwnType(resource: Resource): boolean {
  const type = resource.resourceType;
  const walk = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== 'object') return false;
    if (depth > 0 && (node as { resourceType?: unknown }).resourceType === type) return true;
    return Object.values(node as Record<string, unknown>).some((v) => walk(v, depth + 1));
  };
  return walk(resource, 0);
}

function structureIssue(text: string, expression?: string[]): OperationOutcomeIssue {
  return { severity: 'error', code: 'structure', details: { text }, ...(expression ? { expression } : {}) };
}

function dedupe(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.severity}|${i.details?.text}|${i.expression?.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
