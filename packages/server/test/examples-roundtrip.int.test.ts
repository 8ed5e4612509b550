/**
 * The FHIR R4 specification's own example resources, driven through the independent client library
 * fhir-kit-client: create each one (id and meta removed), point references between examples at the new ids
 * (update), read each back and compare with what was sent, then find each example by search parameters whose
 * values come from the example itself. Examples that the server refuses are listed, with reasons, in
 * examples-roundtrip.expected-failures.json: correct refusals are checked to stay refused; validator false
 * positives are expected failures until fixed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTyped, type SearchParamDef } from '@akson/fhir';
import { indexResource, paramStorage } from '@akson/store';
import { DEMO_INTEGRATION_CLIENT } from '../src/demo/demo-municipality.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { escapeSearchValue, type Bundle, type Resource } from './fhir-test-kit.ts';
import expectedFailures from './examples-roundtrip.expected-failures.json' with { type: 'json' };

const EXAMPLES_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
/** Conformance and terminology resources: definitions, not data. */
const SKIPPED_TYPES = new Set([
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'SearchParameter',
  'OperationDefinition',
  'CapabilityStatement',
  'ImplementationGuide',
  'ConceptMap',
  'NamingSystem',
  'CompartmentDefinition',
]);
/**
 * How many parameters are searched per example (chosen deterministically, parameter types not yet covered for the
 * resource type first). Every parameter with a value is searched: about 5,000 searches, ~15 s on PGlite.
 * Lower this to sample if the examples grow.
 */
const PARAMS_PER_EXAMPLE = Number.POSITIVE_INFINITY;
const CONCURRENCY = 4;

const refused = expectedFailures.refused as Record<string, { status: number; reason: string }>;
const validatorBugs = expectedFailures.validatorBugs as Record<string, string>;

interface Example {
  readonly file: string;
  readonly type: string;
  readonly originalId: string | undefined;
  /** As published, without id and meta. */
  readonly body: Record<string, unknown>;
}

function loadExamples(): Example[] {
  const out: Example[] = [];
  for (const file of readdirSync(EXAMPLES_DIR).sort()) {
    if (!/^[A-Z][A-Za-z]+-.+\.json$/.test(file)) continue;
    const json = JSON.parse(readFileSync(`${EXAMPLES_DIR}/${file}`, 'utf8')) as Record<string, unknown>;
    const type = json['resourceType'];
    if (typeof type !== 'string' || SKIPPED_TYPES.has(type)) continue;
    const { id, meta: _meta, ...body } = json;
    out.push({ file, type, originalId: typeof id === 'string' ? id : undefined, body: { ...body } });
  }
  return out;
}

/** Runs `fn` over `items` with bounded concurrency. */
async function pool<T, R>(
  items: readonly T[],
  n: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

/** The HTTP status of a fhir-kit-client error (it throws for every non-2xx answer). */
function statusOf(err: unknown): number | undefined {
  return (err as { response?: { status?: number } }).response?.status;
}
function bodyOf(err: unknown): string {
  return JSON.stringify((err as { response?: { data?: unknown } }).response?.data ?? String(err)).slice(
    0,
    500,
  );
}

/** Replaces `reference` values that name another example (Type/originalId) with the created resource. */
function rewriteReferences(node: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteReferences(n, ids));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'reference' && typeof value === 'string') {
      const m = /^([A-Za-z]+\/[^/]+)(\/_history\/.+)?$/.exec(value);
      const target = m ? ids.get(m[1] as string) : undefined;
      out[key] = target ? target + (m?.[2] ?? '') : value;
    } else {
      out[key] = rewriteReferences(value, ids);
    }
  }
  return out;
}

/** Where two JSON values first differ, for a readable failure. */
/**
 * The one normalisation the server makes: whitespace inside base64Binary (`data` of Attachment, Binary and
 * Signature) is removed, as R4 allows it in the text and it carries no data.
 */
function sameBase64(path: string, a: unknown, b: unknown): boolean {
  return (
    path.endsWith('.data') && typeof a === 'string' && typeof b === 'string' && a.replace(/\s+/g, '') === b
  );
}

function difference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b) || sameBase64(path, a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = difference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return `${path || '(root)'}: sent ${JSON.stringify(a)?.slice(0, 120)}, got ${JSON.stringify(b)?.slice(0, 120)}`;
}

const withoutIdMeta = (r: Record<string, unknown>) => {
  const { id: _id, meta: _meta, ...rest } = r;
  return rest;
};

/** One search to run: `param=value` must find the example (the query is narrowed with _id). */
interface Probe {
  readonly file: string;
  readonly type: string;
  readonly id: string;
  readonly code: string;
  readonly paramType: string;
  readonly name: string;
  readonly value: string;
}

/** A search value for a token entry as the index stores it (c:code, s:system|code, n:code, S:system). */
function tokenValue(entries: readonly string[]): string | undefined {
  const pick = (tag: string) => entries.find((e) => e.startsWith(tag))?.slice(tag.length);
  const sc = pick('s:');
  if (sc !== undefined) {
    const bar = sc.indexOf('|');
    return `${escapeSearchValue(sc.slice(0, bar))}|${escapeSearchValue(sc.slice(bar + 1))}`;
  }
  const noSystem = pick('n:');
  if (noSystem !== undefined) return `|${escapeSearchValue(noSystem)}`;
  const code = pick('c:');
  if (code !== undefined) return escapeSearchValue(code);
  const system = pick('S:');
  return system !== undefined ? `${escapeSearchValue(system)}|` : undefined;
}

/** A reference search (name and value) for a stored reference entry, or undefined if it cannot be searched. */
function referenceProbe(
  def: SearchParamDef,
  entries: readonly string[],
): { name: string; value: string } | undefined {
  for (const entry of entries) {
    if (entry.startsWith('i:')) {
      const rest = entry.slice(2);
      const bar = rest.indexOf('|');
      return {
        name: `${def.code}:identifier`,
        value: `${escapeSearchValue(rest.slice(0, bar))}|${escapeSearchValue(rest.slice(bar + 1))}`,
      };
    }
    if (entry.startsWith('iv:')) continue;
    const local = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(entry);
    if (local) {
      // A reference to a type the parameter does not name cannot be searched (the server says 400).
      if (def.targets.length > 0 && !def.targets.includes(local[1] as string)) continue;
      return { name: def.code, value: entry };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(entry) && !entry.includes('|'))
      return { name: def.code, value: escapeSearchValue(entry) };
  }
  return undefined;
}

/** A date search with the value's own precision: eq for dates, ge/le for the ends of periods. */
function dateValues(def: SearchParamDef, resource: unknown): string[] {
  const out: string[] = [];
  for (const { type, value } of evaluateTyped(def.compiled, resource)) {
    if (typeof value === 'string') out.push(`eq${value}`);
    else if (type === 'Period') {
      const p = value as { start?: string; end?: string };
      if (p.start) out.push(`ge${p.start}`);
      else if (p.end) out.push(`le${p.end}`);
    } else if (type === 'Timing') {
      const timing = value as {
        event?: string[];
        repeat?: { boundsPeriod?: { start?: string; end?: string } };
      };
      if (timing.event?.[0]) out.push(`eq${timing.event[0]}`);
      else if (timing.repeat?.boundsPeriod?.start) out.push(`ge${timing.repeat.boundsPeriod.start}`);
    }
  }
  return out;
}

function quantityValue(q: { v: number; s?: string; c?: string; u?: string }): string {
  if (q.s && q.c) return `${q.v}|${escapeSearchValue(q.s)}|${escapeSearchValue(q.c)}`;
  const unit = q.c ?? q.u;
  return unit ? `${q.v}||${escapeSearchValue(unit)}` : String(q.v);
}

/** Every parameter of the example that has a value, with a search value derived from that value. */
function probesFor(
  example: Example,
  id: string,
  resource: Record<string, unknown>,
  base: string,
  timeZone: string,
): Probe[] {
  const indexed = indexResource(
    { ...resource, resourceType: example.type, id } as { resourceType: string; id: string },
    { baseUrl: base, timeZone },
  );
  const out: Probe[] = [];
  const add = (def: SearchParamDef, name: string, value: string | undefined) => {
    if (value !== undefined && value !== '')
      out.push({
        file: example.file,
        type: example.type,
        id,
        code: def.code,
        paramType: def.type,
        name,
        value,
      });
  };
  for (const storage of paramStorage(example.type)) {
    const def = storage.def;
    const column = indexed.columns.get(storage.column);
    if (column === null || column === undefined) continue;
    switch (def.type) {
      case 'token':
        add(def, def.code, tokenValue(column as string[]));
        break;
      case 'string': {
        const raw = (indexed.columns.get(storage.secondary as string) as string[] | null)?.find(
          (v) => v.trim() !== '',
        );
        // A prefix of the first value, cut on whole code points.
        if (raw) add(def, def.code, escapeSearchValue(Array.from(raw.trim()).slice(0, 8).join('')));
        break;
      }
      case 'reference': {
        const probe = referenceProbe(def, column as string[]);
        if (probe) add(def, probe.name, probe.value);
        break;
      }
      case 'uri':
        add(def, def.code, escapeSearchValue((column as string[])[0] as string));
        break;
      case 'date':
        add(def, def.code, dateValues(def, resource)[0]);
        break;
      case 'number':
        add(def, def.code, String((column as string[])[0]));
        break;
      case 'quantity':
        add(
          def,
          def.code,
          quantityValue((JSON.parse(column as string) as { v: number }[])[0] as { v: number }),
        );
        break;
      case 'composite': {
        const tuple = (JSON.parse(column as string) as unknown[][])[0] as unknown[];
        const parts = def.components.map((c, i) => {
          const values = tuple[i] as unknown[];
          switch (c.def.type) {
            case 'token':
              return tokenValue(values as string[]);
            case 'reference':
              return referenceProbe(c.def, values as string[])?.value;
            case 'string':
              return escapeSearchValue(String(values[0]));
            case 'number':
              return String(values[0]);
            case 'quantity':
              return quantityValue(values[0] as { v: number });
            case 'date':
              return `ge${(values[0] as [string, string])[0]}`;
            default:
              return escapeSearchValue(String(values[0]));
          }
        });
        if (parts.every((p) => p !== undefined))
          add(def, def.code, parts.map((p) => (p as string).replace(/\$/g, '\\$')).join('$'));
        break;
      }
    }
  }
  return out;
}

/** A stable order that does not depend on how the file list happens to be sorted. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

let t: TestServer;
let client: Client;
const examples = loadExamples();
/** Created examples: file -> server id and the body last sent. */
const created = new Map<string, { id: string; sent: Record<string, unknown> }>();
const searched: Probe[] = [];
/** Resource types with at least one example that has a value for one of its search parameters. */
const typesWithValues = new Set<string>();

beforeAll(async () => {
  t = await startTestServer();
  client = new Client({ baseUrl: t.base, bearerToken: await t.tokenFor(DEMO_INTEGRATION_CLIENT.clientId) });
});
afterAll(async () => {
  await t?.close();
});

describe('FHIR R4 examples round trip (fhir-kit-client)', () => {
  const expectedToBeStored = examples.filter((e) => !(e.file in refused) && !(e.file in validatorBugs));

  it('has the examples and a skip list that names real files', () => {
    expect(examples.length).toBeGreaterThan(700);
    const files = new Set(examples.map((e) => e.file));
    for (const file of [...Object.keys(refused), ...Object.keys(validatorBugs)])
      expect(files.has(file), file).toBe(true);
  });

  it('creates every example, then points references between examples at the new ids', async () => {
    const failures: string[] = [];
    await pool(expectedToBeStored, CONCURRENCY, async (example) => {
      try {
        const res = (await client.create({
          resourceType: example.type,
          body: { resourceType: example.type, ...example.body },
        })) as Resource;
        expect(res.resourceType).toBe(example.type);
        created.set(example.file, { id: res.id, sent: { resourceType: example.type, ...example.body } });
      } catch (err) {
        failures.push(`${example.file}: HTTP ${statusOf(err)} ${bodyOf(err)}`);
      }
    });
    expect(failures, failures.join('\n')).toEqual([]);

    const ids = new Map<string, string>();
    for (const example of expectedToBeStored) {
      const c = created.get(example.file);
      if (c && example.originalId)
        ids.set(`${example.type}/${example.originalId}`, `${example.type}/${c.id}`);
    }
    const updates: string[] = [];
    await pool(expectedToBeStored, CONCURRENCY, async (example) => {
      const c = created.get(example.file);
      if (!c) return;
      let rewritten = rewriteReferences(c.sent, ids) as Record<string, unknown>;
      if (isDeepStrictEqual(rewritten, c.sent)) return;
      // A signed note is never changed in place, not even by an import: re-pointing its references is a
      // correction with a reason (docs/record.md).
      if (
        example.type === 'Composition' &&
        (rewritten['status'] === 'final' || rewritten['status'] === 'amended')
      ) {
        rewritten = {
          ...rewritten,
          status: 'amended',
          extension: [
            ...((rewritten['extension'] as unknown[] | undefined) ?? []),
            {
              url: 'https://akson.no/fhir/StructureDefinition/correction-reason',
              valueString: 'Referanser oppdatert etter import',
            },
          ],
        };
      }
      try {
        await client.update({
          resourceType: example.type,
          id: c.id,
          body: { ...rewritten, id: c.id } as Resource,
        });
        c.sent = rewritten;
      } catch (err) {
        updates.push(`${example.file}: HTTP ${statusOf(err)} ${bodyOf(err)}`);
      }
    });
    expect(updates, updates.join('\n')).toEqual([]);
  });

  it('reads every example back exactly as it was sent (apart from id and meta)', async () => {
    expect(created.size).toBe(expectedToBeStored.length);
    const differences: string[] = [];
    await pool([...created.entries()], CONCURRENCY, async ([file, { id, sent }]) => {
      const type = sent['resourceType'] as string;
      const read = (await client.read({ resourceType: type, id })) as Resource;
      expect(read.id).toBe(id);
      const d = difference(withoutIdMeta(sent), withoutIdMeta(read));
      if (d) differences.push(`${file}: ${d}`);
    });
    expect(differences, differences.join('\n')).toEqual([]);
  });

  it('finds every example by search parameters with values taken from the example', async () => {
    // Choose the parameters: per example, parameter types not yet covered for its resource type come first,
    // then a stable pseudo-random order; at most PARAMS_PER_EXAMPLE each.
    const covered = new Set<string>();
    const chosen: Probe[] = [];
    typesWithValues.clear();
    for (const example of expectedToBeStored) {
      const c = created.get(example.file);
      if (!c) continue;
      const probes = probesFor(example, c.id, c.sent, t.base, t.config.timeZone).sort(
        (a, b) => hash(`${a.file}#${a.code}`) - hash(`${b.file}#${b.code}`),
      );
      if (probes.length > 0) typesWithValues.add(example.type);
      const fresh = probes.filter((p) => !covered.has(`${p.type}:${p.paramType}`));
      const picked: Probe[] = [];
      for (const p of fresh) {
        if (picked.length >= PARAMS_PER_EXAMPLE) break;
        if (covered.has(`${p.type}:${p.paramType}`)) continue;
        covered.add(`${p.type}:${p.paramType}`);
        picked.push(p);
      }
      for (const p of probes) {
        if (picked.length >= PARAMS_PER_EXAMPLE) break;
        if (!picked.includes(p)) picked.push(p);
      }
      chosen.push(...picked);
    }
    const failures: string[] = [];
    await pool(chosen, CONCURRENCY, async (probe) => {
      const query = `${probe.type}?${new URLSearchParams([
        [probe.name, probe.value],
        ['_id', probe.id],
      ]).toString()}`;
      try {
        const bundle = (await client.search({
          resourceType: probe.type,
          searchParams: { [probe.name]: probe.value, _id: probe.id },
        })) as unknown as Bundle;
        const ids = (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource?.id);
        if (!ids.includes(probe.id))
          failures.push(`${probe.file}: ${query} (${probe.paramType}) did not find it`);
        searched.push(probe);
      } catch (err) {
        failures.push(`${probe.file}: ${query} (${probe.paramType}) -> HTTP ${statusOf(err)} ${bodyOf(err)}`);
      }
    });
    expect(failures, failures.join('\n')).toEqual([]);
    expect(searched.length).toBeGreaterThan(4000);
  });

  it('searched every resource type whose examples have parameter values, and every parameter type', () => {
    const types = new Set(searched.map((p) => p.type));
    expect([...typesWithValues].filter((type) => !types.has(type))).toEqual([]);
    expect(typesWithValues.size).toBeGreaterThan(100);
    // Types with no search parameters of their own (Binary, OperationOutcome...) or whose examples leave them all
    // empty (VerificationResult, MedicinalProductIndication...): nothing to search by. There are few of them.
    const storedTypes = new Set(expectedToBeStored.filter((e) => created.has(e.file)).map((e) => e.type));
    const without = [...storedTypes].filter((type) => !typesWithValues.has(type));
    expect(without.length, `no values to search by: ${without.join(', ')}`).toBeLessThanOrEqual(15);
    expect(
      without.filter((type) => ['Patient', 'Observation', 'Encounter', 'Condition'].includes(type)),
    ).toEqual([]);
    expect([...new Set(searched.map((p) => p.paramType))].sort()).toEqual([
      'composite',
      'date',
      'number',
      'quantity',
      'reference',
      'string',
      'token',
      'uri',
    ]);
  });

  describe('examples the server is right to refuse', () => {
    it.each(Object.entries(refused))('%s', async (file, { status }) => {
      const example = examples.find((e) => e.file === file) as Example;
      const err = await client
        .create({ resourceType: example.type, body: { resourceType: example.type, ...example.body } })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err, `${file} was stored`).toBeDefined();
      expect(statusOf(err)).toBe(status);
    });
  });

  // Examples the validator wrongly refuses are listed in validatorBugs (none at the moment).
  describe.skipIf(Object.keys(validatorBugs).length === 0)(
    'valid examples the validator refuses (bugs)',
    () => {
      it.fails.each(Object.entries(validatorBugs))('%s: %s', async (file) => {
        const example = examples.find((e) => e.file === file) as Example;
        const res = (await client.create({
          resourceType: example.type,
          body: { resourceType: example.type, ...example.body },
        })) as Resource;
        expect(res.resourceType).toBe(example.type);
      });
    },
  );

  it('keeps the written precision of decimals', async () => {
    const text =
      '{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50}}';
    const res = await t.fhir('Observation', {
      method: 'POST',
      body: text,
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('"value":1.50');
  });
});
