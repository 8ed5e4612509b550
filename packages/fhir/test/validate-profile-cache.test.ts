import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperationOutcomeError, validateResource as medplumValidate } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../src/definitions/load.ts';
import { withParsedProfile } from '../src/validation/validate-resource.ts';

/**
 * The profile check keeps each profile parsed (validate-resource.ts `withParsedProfile`) instead of letting the
 * library parse it on every call. This test holds that shortcut to the library's own result: every HL7 Norway
 * example, valid and broken in several ways, gives the same issues both ways.
 */

// HL7 Norway's examples (CC0), copied from the no-basis and no-domain vital-signs packages.
const EXAMPLES = fileURLToPath(new URL('./examples/', import.meta.url));
const folders = [join(EXAMPLES, 'no-basis'), join(EXAMPLES, 'no-domain-vitalsigns')];

function examples(): Resource[] {
  const out: Resource[] = [];
  for (const folder of folders) {
    const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
    for (const f of files) out.push(JSON.parse(readFileSync(join(folder, f), 'utf8')) as Resource);
  }
  return out;
}

/** Broken variants: a wrong type, an unknown element, a missing required element, a bad code. */
function variants(r: Resource): Resource[] {
  const base = r as unknown as Record<string, unknown>;
  return [
    r,
    { ...base, unknownElement: true } as unknown as Resource,
    { ...base, id: 42 } as unknown as Resource,
    { ...base, meta: { ...(base['meta'] as object), profile: 'not-an-array' } } as unknown as Resource,
    Object.fromEntries(
      Object.entries(base).filter(([k]) => k !== 'status' && k !== 'code'),
    ) as unknown as Resource,
  ];
}

function issuesOf(run: () => OperationOutcomeIssue[]): string[] {
  try {
    return run()
      .map((i) => `${i.severity}|${i.details?.text}|${i.expression?.join(',')}`)
      .sort();
  } catch (err) {
    if (err instanceof OperationOutcomeError)
      return (err.outcome.issue ?? [])
        .map((i) => `${i.severity}|${i.details?.text}|${i.expression?.join(',')}`)
        .sort();
    return [`thrown: ${(err as Error).message}`];
  }
}

describe('validation against a kept, parsed profile', () => {
  const { profiles } = loadDefinitions();
  const cases = examples().flatMap((example) => {
    const urls = example.meta?.profile ?? [];
    return urls
      .map((url) => profiles.get(url.split('|')[0] ?? url))
      .filter((p): p is StructureDefinition => p !== undefined && p.type === example.resourceType)
      .flatMap((profile) =>
        variants(example).map((v, i) => ({
          name: `${example.resourceType}/${example.id} #${i} ${profile.name}`,
          v,
          profile,
        })),
      );
  });

  it('covers the examples', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases)('$name gives the same issues as the library', ({ v, profile }) => {
    const own = issuesOf(() => withParsedProfile(v, profile, () => medplumValidate(v)) ?? []);
    const library = issuesOf(() => medplumValidate(v, { profile }));
    expect(own).toEqual(library);
  });
});
