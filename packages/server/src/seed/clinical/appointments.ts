import { serviceCoding } from '../../directory/service-types.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';

export interface AppointmentInput {
  readonly unit: SeedUnit;
  readonly practitioner: Ref;
  /** Local date-time. */
  readonly start: string;
  readonly minutes: number;
  readonly booked: string;
  readonly description: string;
  readonly status?: 'booked' | 'fulfilled' | 'cancelled' | 'noshow';
}

/** A booked appointment with the patient, the clinician's role and the unit (its HealthcareService). */
export function appointment(ctx: CitizenContext, input: AppointmentInput): FhirResource {
  return ctx.out.add(
    {
      resourceType: 'Appointment',
      status: input.status ?? 'booked',
      serviceType: [{ coding: serviceCoding(input.unit.service) }],
      description: input.description,
      start: input.start,
      end: ctx.clock.later(input.start, input.minutes),
      minutesDuration: input.minutes,
      created: input.booked,
      participant: [
        { actor: ctx.patient, required: 'required', status: 'accepted' },
        { actor: input.practitioner, required: 'required', status: 'accepted' },
        // Appointment.participant.actor takes the unit's service, not its Organization.
        { actor: ctx.setting.service(input.unit), required: 'information-only', status: 'accepted' },
      ],
    },
    input.booked,
  );
}
