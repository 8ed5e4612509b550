import { describe, expect, it } from 'vitest';
import {
  CODE_MANIFEST_FORMAT,
  CODE_SYSTEM_FORMAT,
  CODE_TERMS_FORMAT,
  CodeDataFormatError,
} from './code-system-file.ts';
import {
  CodeDataUnavailableError,
  fetchCodeSystemSource,
  memoryCodeSystemSource,
} from './code-system-source.ts';
import type { CodeSystemSource } from './code-system-source.ts';
import { CodeSystemNotLoadedError, UnknownCodeSystemError, createCodeRegistry } from './code-registry.ts';

const SYSTEM = 'http://example.org/icpc';
const ALIAS = 'urn:oid:1.2.3';

const files = {
  'manifest.json': {
    format: CODE_MANIFEST_FORMAT,
    systems: [
      {
        system: SYSTEM,
        aliases: [ALIAS],
        name: 'X',
        title: 'X',
        file: 'x.json',
        termsFile: 'x-terms.json',
        count: 2,
        complete: true,
      },
      {
        system: 'http://example.org/broken',
        name: 'B',
        title: 'B',
        file: 'broken.json',
        count: 0,
        complete: false,
      },
    ],
  },
  'x.json': {
    format: CODE_SYSTEM_FORMAT,
    system: SYSTEM,
    name: 'X',
    title: 'X',
    complete: true,
    source: 'test',
    licence: 'test',
    concepts: [
      ['U71', 'Cystitt/urinveisinfeksjon IKA'],
      ['K86', 'Hypertensjon ukomplisert'],
    ],
  },
  'x-terms.json': {
    format: CODE_TERMS_FORMAT,
    system: SYSTEM,
    source: 'test',
    licence: 'test',
    terms: [['U71', 'Blærekatarr akutt']],
  },
  'broken.json': { format: 'something-else' },
};

/** Wraps a source and counts reads, to prove that loads are shared. */
function countingSource(inner: CodeSystemSource): CodeSystemSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readJson(fileName) {
      reads.push(fileName);
      return inner.readJson(fileName);
    },
  };
}

describe('createCodeRegistry', () => {
  it('loads a system once even when asked concurrently, then answers synchronously', async () => {
    const source = countingSource(memoryCodeSystemSource(files));
    const registry = createCodeRegistry(source);
    expect(registry.isLoaded(SYSTEM)).toBe(false);
    const [a, b] = await Promise.all([registry.loadCodeSystem(SYSTEM), registry.loadCodeSystem(SYSTEM)]);
    expect(a).toBe(b);
    expect(source.reads.filter((name) => name === 'x.json')).toHaveLength(1);
    expect(registry.isLoaded(SYSTEM)).toBe(true);
    expect(registry.lookupCode(SYSTEM, 'u71')).toBe('Cystitt/urinveisinfeksjon IKA');
    expect(registry.lookupCode(SYSTEM, 'Z99')).toBeUndefined();
    expect(registry.searchCodes(SYSTEM, 'blærekatarr')[0]?.code).toBe('U71');
  });

  it('resolves aliases to the canonical system', async () => {
    const registry = createCodeRegistry(memoryCodeSystemSource(files));
    const index = await registry.loadCodeSystem(ALIAS);
    expect(index.system).toBe(SYSTEM);
    expect(registry.lookupCode(ALIAS, 'K86')).toBe('Hypertensjon ukomplisert');
    expect(registry.lookupConcept(SYSTEM, 'K86')).toEqual({
      code: 'K86',
      display: 'Hypertensjon ukomplisert',
    });
  });

  it('can skip synonym files', async () => {
    const source = countingSource(memoryCodeSystemSource(files));
    const registry = createCodeRegistry(source);
    await registry.loadCodeSystem(SYSTEM, { terms: false });
    expect(source.reads).not.toContain('x-terms.json');
    expect(registry.searchCodes(SYSTEM, 'blærekatarr')).toEqual([]);
  });

  it('throws a clear error for lookups before loading', () => {
    const registry = createCodeRegistry(memoryCodeSystemSource(files));
    expect(() => registry.lookupCode(SYSTEM, 'U71')).toThrow(CodeSystemNotLoadedError);
    expect(() => registry.searchCodes(SYSTEM, 'urin')).toThrow(CodeSystemNotLoadedError);
  });

  it('rejects unknown systems and malformed files', async () => {
    const registry = createCodeRegistry(memoryCodeSystemSource(files));
    await expect(registry.loadCodeSystem('http://example.org/nope')).rejects.toThrow(UnknownCodeSystemError);
    await expect(registry.loadCodeSystem('http://example.org/broken')).rejects.toThrow(CodeDataFormatError);
  });

  it('retries after a failed load instead of caching the failure', async () => {
    let fail = true;
    const inner = memoryCodeSystemSource(files);
    const registry = createCodeRegistry({
      readJson(fileName) {
        if (fail && fileName === 'x.json') return Promise.reject(new CodeDataUnavailableError('offline'));
        return inner.readJson(fileName);
      },
    });
    await expect(registry.loadCodeSystem(SYSTEM)).rejects.toThrow('offline');
    fail = false;
    await expect(registry.loadCodeSystem(SYSTEM)).resolves.toMatchObject({ size: 2 });
  });
});

describe('fetchCodeSystemSource', () => {
  it('fetches files relative to the base URL and reports HTTP errors', async () => {
    const requested: string[] = [];
    const source = fetchCodeSystemSource('https://app.example/codes', async (url) => {
      requested.push(url);
      return url.endsWith('manifest.json')
        ? { ok: true, status: 200, json: async () => files['manifest.json'] }
        : { ok: false, status: 404, json: async () => ({}) };
    });
    await expect(source.readJson('manifest.json')).resolves.toEqual(files['manifest.json']);
    await expect(source.readJson('missing.json')).rejects.toThrow(/HTTP 404/);
    expect(requested).toEqual([
      'https://app.example/codes/manifest.json',
      'https://app.example/codes/missing.json',
    ]);
  });
});
