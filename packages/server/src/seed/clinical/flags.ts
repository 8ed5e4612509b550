import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';

/**
 * Kjernejournal's kinds of critical information other than allergies (which are AllergyIntolerance with
 * criticality high): Akson's own code system, docs/record.md.
 */
export const CRITICAL_INFORMATION_SYSTEM = 'https://akson.no/fhir/CodeSystem/critical-information-type';

const KINDS = {
  'kritisk-tilstand': 'Kritisk tilstand',
  behandlingsbegrensning: 'Behandlingsbegrensning',
  implantat: 'Implantat',
  'pagaende-behandling': 'Pågående behandling',
} as const;

export interface FlagInput {
  readonly kind: keyof typeof KINDS;
  readonly text: string;
  readonly author: Ref;
  readonly start: string;
  readonly recorded: string;
  /** Extra coding of what is flagged (e.g. the NEWS2 SpO2 scale 2 marker). */
  readonly code?: { readonly system: string; readonly code: string; readonly display?: string };
}

export function flag(ctx: CitizenContext, input: FlagInput): FhirResource {
  return ctx.out.add(
    {
      resourceType: 'Flag',
      status: 'active',
      category: [
        { coding: [{ system: CRITICAL_INFORMATION_SYSTEM, code: input.kind, display: KINDS[input.kind] }] },
      ],
      code: { ...(input.code ? { coding: [input.code] } : {}), text: input.text },
      subject: ctx.patient,
      period: { start: input.start },
      author: input.author,
    },
    input.recorded,
  );
}
