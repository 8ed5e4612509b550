// The entry point for code lists: load a code system lazily (once), then look codes up and search them
// synchronously. The same registry runs in the server (files from disk) and the web app (files over HTTP);
// only the CodeSystemSource differs.

import { buildCodeIndex, type CodeConcept, type CodeIndex, type CodeSearchResult } from './code-index.ts';
import {
  parseCodeSystemFile,
  parseCodeSystemManifest,
  parseCodeTermsFile,
  type CodeSystemManifestEntry,
} from './code-system-file.ts';
import type { CodeSystemSource } from './code-system-source.ts';

export const CODE_MANIFEST_FILE = 'manifest.json';

export interface LoadCodeSystemOptions {
  /**
   * Also index synonyms (ICPC-2B terms for ICPC-2; ~0.8 MB uncompressed). Default true: "UVI" and
   * "blærekatarr" should find U71. Decided on first load of a system.
   */
  terms?: boolean;
}

export interface CodeRegistry {
  /** Code systems available from the source (from its manifest). */
  listCodeSystems(): Promise<CodeSystemManifestEntry[]>;
  /** Loads and indexes a code system; concurrent and repeated calls share one load. */
  loadCodeSystem(system: string, options?: LoadCodeSystemOptions): Promise<CodeIndex>;
  isLoaded(system: string): boolean;
  /** Norwegian display for a code, or undefined for an unknown code. Throws if the system is not loaded. */
  lookupCode(system: string, code: string): string | undefined;
  lookupConcept(system: string, code: string): CodeConcept | undefined;
  /** Ranked search. Throws if the system is not loaded. */
  searchCodes(system: string, text: string, limit?: number): CodeSearchResult[];
}

export class UnknownCodeSystemError extends Error {
  override name = 'UnknownCodeSystemError';
}

/** A programming error: the caller must await loadCodeSystem before synchronous lookups. */
export class CodeSystemNotLoadedError extends Error {
  override name = 'CodeSystemNotLoadedError';
}

export function createCodeRegistry(source: CodeSystemSource): CodeRegistry {
  let manifest: Promise<CodeSystemManifestEntry[]> | undefined;
  const canonicalByUri = new Map<string, string>();
  const loading = new Map<string, Promise<CodeIndex>>();
  const loaded = new Map<string, CodeIndex>();

  const listCodeSystems = (): Promise<CodeSystemManifestEntry[]> => {
    manifest ??= source
      .readJson(CODE_MANIFEST_FILE)
      .then((json) => parseCodeSystemManifest(json).systems)
      .then((systems) => {
        for (const entry of systems) {
          canonicalByUri.set(entry.system, entry.system);
          for (const alias of entry.aliases ?? []) canonicalByUri.set(alias, entry.system);
        }
        return systems;
      })
      .catch((error: unknown) => {
        manifest = undefined; // let a later call retry (e.g. after a network error)
        throw error;
      });
    return manifest;
  };

  const indexFor = (system: string): CodeIndex => {
    const index = loaded.get(canonicalByUri.get(system) ?? system);
    if (!index) {
      throw new CodeSystemNotLoadedError(`Code system ${system} is not loaded; await loadCodeSystem() first`);
    }
    return index;
  };

  const load = async (entry: CodeSystemManifestEntry, withTerms: boolean): Promise<CodeIndex> => {
    const file = parseCodeSystemFile(await source.readJson(entry.file), entry.file);
    const terms =
      withTerms && entry.termsFile
        ? parseCodeTermsFile(await source.readJson(entry.termsFile), entry.termsFile)
        : undefined;
    const index = buildCodeIndex(file, terms);
    loaded.set(entry.system, index);
    return index;
  };

  return {
    listCodeSystems,
    async loadCodeSystem(system, options = {}) {
      const systems = await listCodeSystems();
      const canonical = canonicalByUri.get(system);
      const entry = systems.find((candidate) => candidate.system === canonical);
      if (!entry) throw new UnknownCodeSystemError(`Ukjent kodeverk / unknown code system: ${system}`);
      let pending = loading.get(entry.system);
      if (!pending) {
        pending = load(entry, options.terms ?? true);
        loading.set(entry.system, pending);
        pending.catch(() => loading.delete(entry.system));
      }
      return pending;
    },
    isLoaded(system) {
      return loaded.has(canonicalByUri.get(system) ?? system);
    },
    lookupCode(system, code) {
      return indexFor(system).lookup(code)?.display;
    },
    lookupConcept(system, code) {
      return indexFor(system).lookup(code);
    },
    searchCodes(system, text, limit) {
      return indexFor(system).search(text, limit);
    },
  };
}
