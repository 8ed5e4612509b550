// What every Observation Akson builds needs besides the measured value: whose, when, by whom.

import type { Encounter, Identifier, Observation, Patient, Reference } from '@medplum/fhirtypes';

export interface ObservationContext {
  /** The patient, e.g. { reference: 'Patient/123' }. */
  subject: Reference<Patient>;
  /** When the measurement was taken (ISO 8601 with offset), not when it was typed in. */
  effectiveDateTime: string;
  /** Practitioner/PractitionerRole and, optionally, the Organization. */
  performer?: Observation['performer'];
  encounter?: Reference<Encounter>;
  /** Resource id, when the caller assigns ids (e.g. within a transaction bundle). */
  id?: string;
  identifier?: Identifier[];
  /** Defaults to "final". */
  status?: 'final' | 'preliminary' | 'amended' | 'corrected';
}

export type { BilingualText } from '../text/bilingual-text.ts';

export function baseObservationFields(context: ObservationContext): {
  id?: string;
  identifier?: Identifier[];
  status: 'final' | 'preliminary' | 'amended' | 'corrected';
  subject: Reference<Patient>;
  encounter?: Reference<Encounter>;
  effectiveDateTime: string;
  performer?: Observation['performer'];
} {
  return {
    ...(context.id ? { id: context.id } : {}),
    ...(context.identifier ? { identifier: context.identifier } : {}),
    status: context.status ?? 'final',
    subject: context.subject,
    ...(context.encounter ? { encounter: context.encounter } : {}),
    effectiveDateTime: context.effectiveDateTime,
    ...(context.performer && context.performer.length > 0 ? { performer: context.performer } : {}),
  };
}
