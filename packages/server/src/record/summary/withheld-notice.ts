import type { BundleEntryText } from '../../fhir/render/bundle-text.ts';

/** How many resources are withheld from the reader (on a summary section, and on the notice below). */
export const WITHHELD_COUNT_URL = 'https://akson.no/fhir/StructureDefinition/withheld-count';

/** "3 oppføringer er holdt tilbake (...)": that something is withheld and why it can be, never what. */
export function withheldText(count: number): string {
  return `${count} ${count === 1 ? 'oppføring er' : 'oppføringer er'} holdt tilbake (sperret, skjermet eller privat for en annen tjeneste).`;
}

/** The OperationOutcome entry that ends a page when the caller's searches withheld something (the count also as data). */
export function withheldOutcomeEntry(count: number): BundleEntryText {
  return {
    resource: JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [
        {
          extension: [{ url: WITHHELD_COUNT_URL, valueUnsignedInt: count }],
          severity: 'warning',
          code: 'suppressed',
          details: { text: withheldText(count) },
        },
      ],
    }),
    search: { mode: 'outcome' },
  };
}
