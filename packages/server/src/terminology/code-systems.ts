import type { CodeIndex, CodeSystemManifestEntry } from '@akson/clinical';
import { createFileCodeRegistry } from '@akson/clinical/node';
import { fail } from '@akson/fhir';

/**
 * The code lists the server searches (packages/clinical/data/codes): one registry per process, each list loaded
 * and indexed the first time it is asked for (ICD-10 takes 0.1–0.2 s; ICPC-2 with its ICPC-2B synonyms less),
 * then searched in memory. No patient data is involved, so nothing here is audited or scoped.
 */
const registry = createFileCodeRegistry();

export interface CodeSystemRef {
  readonly entry: CodeSystemManifestEntry;
  /** Short name for URLs: "icpc-2", "icd-10", "atc", "volven-9602". */
  readonly short: string;
}

const shortName = (entry: CodeSystemManifestEntry): string => entry.name.toLowerCase().replace(/\s+/g, '-');

/**
 * A code system by short name ("icpc-2", "volven-9602"), by its FHIR system URI or an alias of it (the old
 * Volven OID of ICPC-2), or by the URI of its implicit value set ("<system>?fhir_vs"); 400 otherwise.
 */
export async function findCodeSystem(name: string): Promise<CodeSystemRef> {
  const systems = await registry.listCodeSystems();
  const wanted = name.trim().replace(/\?fhir_vs$/, '');
  const entry = systems.find(
    (s) => s.system === wanted || (s.aliases ?? []).includes(wanted) || shortName(s) === wanted.toLowerCase(),
  );
  if (!entry) {
    throw fail('AKS_ERR_CODE_SYSTEM_UNKNOWN', {
      system: name,
      known: `${systems.map(shortName).join(', ')} (or their system URIs)`,
    });
  }
  return { entry, short: shortName(entry) };
}

/** The loaded, searchable index of a code system. */
export async function codeIndexOf(ref: CodeSystemRef): Promise<CodeIndex> {
  return registry.loadCodeSystem(ref.entry.system);
}
