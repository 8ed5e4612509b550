import type { MedicationAdministration } from '@medplum/fhirtypes';
import { NOT_GIVEN_REASON_SYSTEM } from '../medication-urls.ts';

/** A due dose counts as due from its time until this much later; after that it is late. */
export const DUE_WINDOW_MINUTES = 60;
/** A dose not recorded this long after its time is missed (before that it is late: it can still be given). */
export const MISSED_AFTER_MINUTES = 180;

export type DoseStatus = 'planned' | 'due' | 'late' | 'missed' | 'given' | 'not-given' | 'refused';

export interface DoseState {
  readonly status: DoseStatus;
  /** Given, but more than DUE_WINDOW_MINUTES after the due time. */
  readonly givenLate?: boolean;
  readonly administration?: MedicationAdministration;
}

/**
 * The state of one due dose at instant `at`: what its administration record says (given, not given, refused),
 * or, without one, planned (not yet due), due, late or missed by the clock.
 */
export function doseState(due: number, record: MedicationAdministration | undefined, at: number): DoseState {
  if (record) {
    if (record.status === 'completed') {
      const given = Date.parse(record.effectiveDateTime ?? '');
      return {
        status: 'given',
        givenLate: given - due > DUE_WINDOW_MINUTES * 60_000,
        administration: record,
      };
    }
    const reason = record.statusReason
      ?.flatMap((r) => r.coding ?? [])
      .find((c) => c.system === NOT_GIVEN_REASON_SYSTEM);
    return { status: reason?.code === 'refused' ? 'refused' : 'not-given', administration: record };
  }
  const minutes = (at - due) / 60_000;
  if (minutes < 0) return { status: 'planned' };
  if (minutes < DUE_WINDOW_MINUTES) return { status: 'due' };
  if (minutes < MISSED_AFTER_MINUTES) return { status: 'late' };
  return { status: 'missed' };
}
