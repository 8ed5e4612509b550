import type { InteractionCatalogue, MaxDoseTable } from '@akson/clinical';
import {
  loadFestInteractionCatalogue,
  readMaxDoseTable,
  AKSON_INTERACTIONS_PATH,
} from '@akson/clinical/node';

/** What the checks know about medicines: FEST interactions and the maximum-dose table. */
export interface MedicationKnowledge {
  readonly catalogue: InteractionCatalogue;
  readonly maxDoses: MaxDoseTable;
  /** Which file the catalogue came from, for the check results (traceability of acknowledgements). */
  readonly source: string;
}

let loading: Promise<MedicationKnowledge> | undefined;

/**
 * The process's medication knowledge, loaded once on first use: Akson's own FEST-format interaction file unless
 * another FEST file was loaded with `useFestFile` (an installation's official FEST, or a test's generated one).
 * It lives beside the rules, which are process-wide too; checks never run without a catalogue.
 */
export function medicationKnowledge(): Promise<MedicationKnowledge> {
  // A failed load is not kept: the next check tries again rather than failing for the life of the process.
  loading ??= loadKnowledge(AKSON_INTERACTIONS_PATH).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Loads a FEST M30 file (`.xml` or `.xml.gz`) and uses it for every later check. */
export async function useFestFile(path: string): Promise<MedicationKnowledge> {
  const next = loadKnowledge(path);
  await next;
  loading = next;
  return next;
}

async function loadKnowledge(path: string): Promise<MedicationKnowledge> {
  const [catalogue, maxDoses] = await Promise.all([loadFestInteractionCatalogue(path), readMaxDoseTable()]);
  return { catalogue, maxDoses, source: path.split('/').pop() ?? path };
}
