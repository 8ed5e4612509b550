// The canonical structural check for a dosage: errors for anything ambiguous or not understood, warnings for
// what a clinician should look at. Used on the write path (refuse errors) and in the web app (show both).

import type { Dosage } from '@medplum/fhirtypes';
import { dosageWarning, hasErrors, type DosageIssue } from './dosage-issues.ts';
import { readRegimen } from './dosage-regimen.ts';
import { renderDosage } from './dosage-render.ts';

export interface DosageValidation {
  /** True when there are no errors (warnings allowed). */
  readonly valid: boolean;
  readonly issues: readonly DosageIssue[];
}

/** Validates one line's regimen (or a single Dosage element). */
export function validateDosage(dosage: Dosage | readonly Dosage[]): DosageValidation {
  const dosages: readonly Dosage[] = Array.isArray(dosage) ? dosage : [dosage as Dosage];
  const { regimen, issues } = readRegimen(dosages);
  const all = [...issues];
  const structured = regimen.steps.some((step) =>
    step.elements.some((element) => element.dose !== undefined),
  );
  if (!hasErrors(all) && structured && regimen.text !== undefined) {
    // Free text that says something else than the structure is how "seponert" and "2 mg hver morgen" ended up
    // on the same line. The structure is what Akson checks and renders; the text should agree with it.
    const rendered = renderDosage(dosages);
    if (normaliseSpace(regimen.text) !== normaliseSpace(rendered)) {
      all.push(
        dosageWarning(
          'text-differs',
          'dosage[0].text',
          `Doseringsteksten «${regimen.text}» avviker fra den strukturerte doseringen «${rendered}».`,
          `The dosage text "${regimen.text}" differs from the structured dosage "${rendered}".`,
        ),
      );
    }
  }
  return { valid: !hasErrors(all), issues: all };
}

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
