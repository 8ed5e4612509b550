import type { MedicationStatement } from '@medplum/fhirtypes';
import { parseFhirJson } from '@akson/fhir';
import type { Queryable, ResourceRow } from '@akson/store';
import type { ResourceService } from '../services/resource-service.ts';
import { lineIdOf } from './line-identity.ts';
import { searchAll } from './search-all.ts';
import type { CurrentLine } from './reconcile/reconcile-diff.ts';

/** How long a stopped or completed line stays on the list (as in PLL). */
export const STOPPED_VISIBLE_DAYS = 90;

export interface VisibleList {
  readonly lines: readonly CurrentLine[];
  /** Lines of the patient the caller may not see: a count, never which. */
  readonly withheld: number;
}

/**
 * The patient's lines as the caller may see them, through the caller's ResourceService (scoped and audited):
 * what the list view, the export and reconciliation show and act on.
 */
export async function readVisibleList(
  fhir: ResourceService,
  patientId: string,
  q?: Queryable,
): Promise<VisibleList> {
  const { rows, withheld } = await searchAll(
    fhir,
    'MedicationStatement',
    [],
    { lenient: false, compartmentPatient: patientId },
    q,
  );
  return { lines: rows.map(currentLine), withheld };
}

export function currentLine(row: ResourceRow): CurrentLine {
  const statement = parseFhirJson(row.content ?? '{}') as MedicationStatement;
  return { resourceId: row.id, versionId: row.versionId, lineId: lineIdOf(statement) ?? row.id, statement };
}

/**
 * Whether a line belongs on the list now: active and paused lines always, stopped and completed lines for
 * STOPPED_VISIBLE_DAYS after they ended, lines entered in error never.
 */
export function isOnList(statement: MedicationStatement, now: Date): boolean {
  if (statement.status === 'active' || statement.status === 'on-hold') return true;
  if (statement.status !== 'stopped' && statement.status !== 'completed') return false;
  const end = Date.parse(statement.effectivePeriod?.end ?? '');
  return Number.isNaN(end) || now.getTime() - end <= STOPPED_VISIBLE_DAYS * 86_400_000;
}

/** The last day a stopped line is shown (YYYY-MM-DD, UTC), or undefined for lines that are not stopped. */
export function visibleUntil(statement: MedicationStatement): string | undefined {
  if (statement.status !== 'stopped' && statement.status !== 'completed') return undefined;
  const end = Date.parse(statement.effectivePeriod?.end ?? '');
  return Number.isNaN(end)
    ? undefined
    : new Date(end + STOPPED_VISIBLE_DAYS * 86_400_000).toISOString().slice(0, 10);
}
