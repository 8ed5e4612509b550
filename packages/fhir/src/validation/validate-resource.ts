import {
  OperationOutcomeError,
  validateResource as medplumValidate,
  type TypedValueWithPath,
} from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { loadDefinitions } from '../definitions/load.ts';
import { isResourceType } from '../definitions/resource-types.ts';
import { fail } from '../outcomes/codes.ts';
import { checkNorwegianIdentifiers } from './norwegian-identifiers.ts';
import { checkRequiredBindings } from './required-bindings.ts';
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
    for (const issue of runMedplum(r, profile, profileTokens)) {
      issue.details = { text: `${issue.details?.text ?? ''} (profile ${url})` };
      issues.push(issue);
    }
    issues.push(...checkRequiredBindings(profileTokens));
  }

  const errors = dedupe(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal'));
  if (errors.length > 0) throw fail('AKS_ERR_VALIDATION', {}, { issues: errors });
  return { warnings: dedupe(issues.filter((i) => i.severity !== 'error' && i.severity !== 'fatal')) };
}

function runMedplum(
  resource: Resource,
  profile: StructureDefinition | undefined,
  tokens: Record<string, TypedValueWithPath[]>,
): OperationOutcomeIssue[] {
  try {
    return medplumValidate(resource, { ...(profile ? { profile } : {}), collect: { tokens } });
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue ?? [];
    // The validator can throw plain errors on input it does not expect (e.g. wrong JSON types deep inside).
    return [structureIssue(`The resource could not be validated: ${(err as Error).message}`)];
  }
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
