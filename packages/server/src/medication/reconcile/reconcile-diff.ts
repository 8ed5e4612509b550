import { createHash } from 'node:crypto';
import type { MedicationStatement } from '@medplum/fhirtypes';
import { dosageEquals, medicationLineFromStatement, validateDosage } from '@akson/clinical';
import { blockingDosageIssues } from '../line-dosage.ts';
import { lineIdOf } from '../line-identity.ts';

/** How an entry of the incoming list relates to the current list (legemiddelsamstemming). */
export type ReconcileKind = 'new' | 'stopped' | 'dose-changed' | 'unchanged' | 'unclear' | 'not-in-source';

/** A line of the current list as the reconciling clinician sees it. */
export interface CurrentLine {
  readonly resourceId: string;
  readonly versionId: number;
  readonly lineId: string;
  readonly statement: MedicationStatement;
}

export interface ReconcileEntry {
  /** `in-<n>` for the n-th incoming line, `list-<line id>` for a current line the source does not mention. */
  readonly id: string;
  readonly kind: ReconcileKind;
  readonly incoming?: MedicationStatement;
  readonly current?: CurrentLine;
  /** Why an entry is unclear, in Norwegian (and English). */
  readonly reason?: { readonly nb: string; readonly en: string };
  /**
   * Identifies exactly what the clinician decided on: the entry, its kind, the incoming line and the version of
   * the current line. Apply recomputes the entries and refuses decisions whose fingerprint is gone.
   */
  readonly fingerprint: string;
}

const LIST_STATUSES = new Set(['active', 'on-hold']);
const ENDED_STATUSES = new Set(['stopped', 'completed']);

/**
 * The difference between an incoming list (a discharge summary's medications, say) and the current list. Lines
 * are matched by line id (Akson's, or a PLL id in no-basis' PLL-id slice), else by ATC substance among the
 * current active and paused lines; anything that cannot be matched or read without guessing is `unclear`, with
 * the reason. Current lines the source does not mention are listed too (`not-in-source`).
 */
export function diffLists(
  incoming: readonly MedicationStatement[],
  current: readonly CurrentLine[],
): ReconcileEntry[] {
  const onList = current.filter((line) => LIST_STATUSES.has(line.statement.status));
  const matched = new Set<string>();
  const entries = incoming.map((statement, index) => {
    const entry = classify(`in-${index}`, statement, current, onList);
    if (entry.current) matched.add(entry.current.resourceId);
    return entry;
  });
  for (const line of onList) {
    if (matched.has(line.resourceId)) continue;
    entries.push(entry(`list-${line.lineId}`, 'not-in-source', undefined, line));
  }
  return entries;
}

function classify(
  id: string,
  statement: MedicationStatement,
  current: readonly CurrentLine[],
  onList: readonly CurrentLine[],
): ReconcileEntry {
  const status = statement.status;
  if (!LIST_STATUSES.has(status) && !ENDED_STATUSES.has(status)) {
    return unclear(id, statement, undefined, {
      nb: `Status «${String(status)}» kan ikke samstemmes.`,
      en: `Status "${String(status)}" cannot be reconciled.`,
    });
  }
  const incomingLineId = incomingLineIdOf(statement);
  const atc = medicationLineFromStatement(statement).atc;
  const byLineId = incomingLineId ? current.find((line) => line.lineId === incomingLineId) : undefined;
  let match = byLineId;
  if (!match) {
    if (!atc) {
      return unclear(id, statement, undefined, {
        nb: 'Legemidlet er ikke kodet med ATC og kan ikke sammenlignes med listen.',
        en: 'The medicine has no ATC code and cannot be compared with the list.',
      });
    }
    const candidates = onList.filter((line) => medicationLineFromStatement(line.statement).atc === atc);
    if (candidates.length > 1) {
      return unclear(id, statement, undefined, {
        nb: 'Flere linjer på listen har samme virkestoff; velg selv hvilken kilden mener.',
        en: 'Several lines on the list have the same substance; decide which one the source means.',
      });
    }
    match = candidates[0];
  }
  if (ENDED_STATUSES.has(status)) {
    const active = match && LIST_STATUSES.has(match.statement.status);
    return entry(id, active ? 'stopped' : 'unchanged', statement, match);
  }
  const blocking = blockingDosageIssues(validateDosage(statement.dosage ?? []).issues);
  if (blocking.length > 0) {
    return unclear(id, statement, match, {
      nb: `Uklar dosering: ${blocking.map((issue) => issue.message.nb).join(' ')}`,
      en: `Unclear dosage: ${blocking.map((issue) => issue.message.en).join(' ')}`,
    });
  }
  if (!match) return entry(id, 'new', statement, undefined);
  if (!LIST_STATUSES.has(match.statement.status)) {
    return unclear(id, statement, match, {
      nb: 'Kilden har legemidlet i bruk, men linjen er avsluttet her; legg det inn som ny linje om det er riktig.',
      en: 'The source has the medicine in use, but the line has ended here; add it as a new line if that is right.',
    });
  }
  if (match.statement.status !== status) {
    return unclear(id, statement, match, {
      nb: `Kilden sier «${status}», listen sier «${match.statement.status}».`,
      en: `The source says "${status}", the list says "${match.statement.status}".`,
    });
  }
  const same = dosageEquals(statement.dosage ?? [], match.statement.dosage ?? []);
  return entry(id, same ? 'unchanged' : 'dose-changed', statement, match);
}

/** A line id the incoming line carries: Akson's identifier, or a PLL id (no-basis PLL-id slice, urn:uuid). */
export function incomingLineIdOf(statement: MedicationStatement): string | undefined {
  const own = lineIdOf(statement);
  if (own) return own.toLowerCase();
  const pll = statement.identifier?.find((identifier) => identifier.type?.text === 'PLL')?.value;
  return pll?.replace(/^urn:uuid:/, '').toLowerCase();
}

function unclear(
  id: string,
  statement: MedicationStatement,
  current: CurrentLine | undefined,
  reason: { nb: string; en: string },
): ReconcileEntry {
  return { ...entry(id, 'unclear', statement, current), reason };
}

function entry(
  id: string,
  kind: ReconcileKind,
  incoming: MedicationStatement | undefined,
  current: CurrentLine | undefined,
): ReconcileEntry {
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([id, kind, incoming ?? null, current?.resourceId ?? null, current?.versionId ?? null]),
    )
    .digest('hex')
    .slice(0, 24);
  return {
    id,
    kind,
    ...(incoming ? { incoming } : {}),
    ...(current ? { current } : {}),
    fingerprint,
  };
}
