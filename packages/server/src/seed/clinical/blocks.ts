import { BLOCK_CATEGORY } from '../../access/derive-blocks.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';

/**
 * A block (sperring): the citizen has asked that a unit never sees their record. A Consent with category NORS and
 * a deny provision naming the unit, registered by the unit that took the request (docs/access.md).
 */
export function unitBlock(
  ctx: CitizenContext,
  input: { blocked: Ref; registeredBy: Ref; at: string; reason: string },
): FhirResource {
  return ctx.out.add(
    {
      resourceType: 'Consent',
      status: 'active',
      scope: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/consentscope',
            code: 'patient-privacy',
            display: 'Privacy Consent',
          },
        ],
      },
      category: [{ coding: [{ ...BLOCK_CATEGORY }], text: 'Sperring' }],
      patient: ctx.patient,
      dateTime: input.at,
      organization: [input.registeredBy],
      policyRule: { text: input.reason },
      provision: {
        type: 'deny',
        actor: [
          {
            role: {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                  code: 'IRCP',
                  display: 'information recipient',
                },
              ],
            },
            reference: input.blocked,
          },
        ],
      },
    },
    input.at,
  );
}
