import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { TypedValueWithPath } from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { loadDefinitions } from '../definitions/load.ts';

/**
 * Checks values bound to required ValueSets. Expansions come from the official `hl7.fhir.r4.expansions` package
 * and, for HL7 Norway's value sets, from their compose definitions. A value set we cannot expand (filters,
 * external code systems) is not checked: we never reject what we cannot judge.
 */

interface Expansion {
  /** "system|code" for each member. */
  readonly codings: ReadonlySet<string>;
  /** Bare codes, for `code`-typed elements. */
  readonly codes: ReadonlySet<string>;
}

const EXPANSIONS_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.expansions/package.json'));
const cache = new Map<string, Expansion | null>();

export function checkRequiredBindings(tokens: Record<string, TypedValueWithPath[]>): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  for (const [valueSetUrl, values] of Object.entries(tokens)) {
    const expansion = expansionFor(valueSetUrl.split('|')[0] ?? valueSetUrl);
    if (!expansion) continue;
    for (const value of values) {
      if (!isMember(expansion, value)) {
        issues.push({
          severity: 'error',
          code: 'code-invalid',
          details: {
            text: `Value ${describe(value)} is not in the required value set ${valueSetUrl.split('|')[0]}`,
          },
          expression: [value.path],
        });
      }
    }
  }
  return issues;
}

function isMember(expansion: Expansion, value: TypedValueWithPath): boolean {
  // A primitive with an extension (gender + _gender) arrives as a String object.
  const v = value.value instanceof String ? value.value.valueOf() : (value.value as unknown);
  if (typeof v === 'string') return expansion.codes.has(v);
  if (v && typeof v === 'object') {
    if ('coding' in v || 'text' in v) {
      const codings = (v as { coding?: { system?: string; code?: string }[] }).coding ?? [];
      return codings.some((c) => expansion.codings.has(`${c.system ?? ''}|${c.code ?? ''}`));
    }
    const c = v as { system?: string; code?: string };
    return expansion.codings.has(`${c.system ?? ''}|${c.code ?? ''}`);
  }
  return true;
}

function describe(value: TypedValueWithPath): string {
  const v = value.value instanceof String ? value.value.valueOf() : (value.value as unknown);
  if (typeof v === 'string') return `'${v}'`;
  return JSON.stringify(v);
}

function expansionFor(url: string): Expansion | undefined {
  if (!cache.has(url)) cache.set(url, loadExpansion(url) ?? null);
  return cache.get(url) ?? undefined;
}

function loadExpansion(url: string): Expansion | undefined {
  const norwegian = loadDefinitions().norwegianTerminology.find(
    (r) => r.resourceType === 'ValueSet' && r.url === url,
  );
  if (norwegian) return expandCompose(norwegian);
  const id = url.slice(url.lastIndexOf('/') + 1);
  const file = `${EXPANSIONS_DIR}/ValueSet-${id}.json`;
  if (!/^[A-Za-z0-9\-.]+$/.test(id) || !existsSync(file)) return undefined;
  const vs = JSON.parse(readFileSync(file, 'utf8')) as {
    url?: string;
    expansion?: { contains?: Contains[]; total?: number };
  };
  if (vs.url !== url || !vs.expansion?.contains) return undefined;
  const codings = new Set<string>();
  const codes = new Set<string>();
  collect(vs.expansion.contains, codings, codes);
  return { codings, codes };
}

interface Contains {
  system?: string;
  code?: string;
  abstract?: boolean;
  contains?: Contains[];
}

function collect(contains: Contains[], codings: Set<string>, codes: Set<string>): void {
  for (const c of contains) {
    if (c.code && !c.abstract) {
      codings.add(`${c.system ?? ''}|${c.code}`);
      codes.add(c.code);
    }
    if (c.contains) collect(c.contains, codings, codes);
  }
}

/** Expands a compose of explicit concepts and whole (local) code systems; undefined for anything fancier. */
function expandCompose(vs: Record<string, unknown>): Expansion | undefined {
  const compose = vs['compose'] as
    | {
        include?: {
          system?: string;
          concept?: { code: string }[];
          filter?: unknown[];
          valueSet?: unknown[];
        }[];
      }
    | undefined;
  if (!compose?.include) return undefined;
  const codings = new Set<string>();
  const codes = new Set<string>();
  for (const inc of compose.include) {
    if (inc.filter || inc.valueSet || !inc.system) return undefined;
    if (inc.concept) {
      for (const c of inc.concept) {
        codings.add(`${inc.system}|${c.code}`);
        codes.add(c.code);
      }
      continue;
    }
    const cs = loadDefinitions().norwegianTerminology.find(
      (r) => r.resourceType === 'CodeSystem' && r.url === inc.system,
    ) as { concept?: { code: string }[] } | undefined;
    if (!cs?.concept) return undefined;
    for (const c of cs.concept) {
      codings.add(`${inc.system}|${c.code}`);
      codes.add(c.code);
    }
  }
  return { codings, codes };
}
