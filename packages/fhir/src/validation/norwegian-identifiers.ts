import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { checkHNumber, checkIdentifier } from '../identifiers/check-identifier.ts';
import { HNR_TYPE_CODE } from '../identifiers/systems.ts';

/**
 * Walks a resource and checks every Identifier whose system has Norwegian rules (fødselsnummer, D-nummer, FHN,
 * HPR, organisation number) and every identifier typed as an H-number. One pass over the JSON, no FHIRPath:
 * identifiers can sit anywhere (contained resources, references, extensions).
 */
export function checkNorwegianIdentifiers(resource: unknown, rootPath: string): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource, rootPath, issues);
  return issues;
}

function walk(node: unknown, path: string, issues: OperationOutcomeIssue[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${i}]`, issues));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (typeof obj['value'] === 'string' && (typeof obj['system'] === 'string' || isHNumberType(obj['type']))) {
    const value = obj['value'];
    const problem = isHNumberType(obj['type'])
      ? checkHNumber(value)
      : checkIdentifier(obj['system'] as string, value);
    if (problem) {
      issues.push({
        severity: 'error',
        code: 'value',
        details: { text: `${problem}: ${value}` },
        expression: [`${path}.value`],
      });
    }
  }
  for (const [key, child] of Object.entries(obj)) {
    if (child !== null && typeof child === 'object') walk(child, `${path}.${key}`, issues);
  }
}

function isHNumberType(type: unknown): boolean {
  const codings = (type as { coding?: { code?: string }[] } | undefined)?.coding;
  return Array.isArray(codings) && codings.some((c) => c.code === HNR_TYPE_CODE);
}
