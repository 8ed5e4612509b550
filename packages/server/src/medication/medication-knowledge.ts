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

/** Where load statistics go: the server's logger (pino), or any object with the same two methods. */
export interface FestLoadLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Loads a FEST M30 file (`.xml` or `.xml.gz`) and uses it for every later check. A file that yields no
 * interaction at all is refused (the catalogue in use stays): it is not a FEST file, or not the whole one, and
 * checking against it would call every combination safe. With `log`, the load statistics are logged once:
 * interactions loaded, substances matched by FEST id, and what was skipped and why.
 */
export async function useFestFile(path: string, log?: FestLoadLog): Promise<MedicationKnowledge> {
  const next = loadKnowledge(path);
  const knowledge = await next;
  const stats = knowledge.catalogue.stats;
  if (stats.interactions === 0) {
    throw new Error(
      `The FEST file ${path} (AKSON_FEST_FILE) has no usable interaction (${stats.entries} OppfInteraksjon entries, ${stats.skippedInactive + stats.skippedInvalid} skipped${skippedText(stats.skippedBecause)}). Check that it is a whole FEST M30 file with KatInteraksjon; the server does not start without interaction checks.`,
    );
  }
  loading = next;
  if (log) logFestLoad(log, knowledge);
  return knowledge;
}

/** The catalogue's load statistics as one log line, and a warning when entries were skipped. */
export function logFestLoad(log: FestLoadLog, knowledge: MedicationKnowledge): void {
  const stats = knowledge.catalogue.stats;
  const details = {
    fest: {
      source: knowledge.source,
      retrievedAt: knowledge.catalogue.retrievedAt,
      entries: stats.entries,
      interactions: stats.interactions,
      notAssessed: stats.notAssessed,
      substancesById: stats.substancesById,
      duplicates: stats.duplicates,
      skipped: stats.skippedInactive + stats.skippedInvalid,
      skippedBecause: stats.skippedBecause,
    },
  };
  log.info(details, `FEST interaction catalogue loaded: ${stats.interactions} interactions`);
  if (stats.skippedInvalid > 0) {
    log.warn(
      details,
      `FEST interaction catalogue: ${stats.skippedInvalid} entries skipped as unusable${skippedText(stats.skippedBecause)}`,
    );
  }
}

function skippedText(because: Readonly<Record<string, number>>): string {
  const parts = Object.entries(because).map(([why, count]) => `${count} × ${why}`);
  return parts.length ? `: ${parts.join(', ')}` : '';
}

async function loadKnowledge(path: string): Promise<MedicationKnowledge> {
  const [catalogue, maxDoses] = await Promise.all([loadFestInteractionCatalogue(path), readMaxDoseTable()]);
  return { catalogue, maxDoses, source: path.split('/').pop() ?? path };
}
