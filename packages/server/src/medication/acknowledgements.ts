import type { Coding, Extension, MedicationStatement, Reference } from '@medplum/fhirtypes';
import { dosageEquals } from '@akson/clinical';
import { fail } from '@akson/fhir';
import type { PresentedFinding } from './findings.ts';
import { ACKNOWLEDGEMENT_URL } from './medication-urls.ts';

/** Shortest reason accepted for acknowledging a serious finding. */
export const MIN_ACKNOWLEDGEMENT_REASON = 5;

/** One acknowledged finding, as stored in extension check-acknowledgement on the line version that made it. */
export interface Acknowledgement {
  /** The finding's key (relative to the line it is stored on). */
  readonly finding: string;
  readonly reason: string;
  /** Set by the server: the finding's text when it was acknowledged, who, when, and which catalogue. */
  readonly text?: string;
  readonly by?: Reference;
  readonly at?: string;
  readonly catalogue?: string;
}

/** The acknowledgements a resource carries; malformed ones are refused (400), never ignored. */
export function readAcknowledgements(statement: { extension?: readonly Extension[] }): Acknowledgement[] {
  return (statement.extension ?? [])
    .filter((extension) => extension.url === ACKNOWLEDGEMENT_URL)
    .map((extension) => {
      const part = (name: string) => extension.extension?.find((entry) => entry.url === name);
      const finding = part('finding')?.valueString?.trim();
      const reason = part('reason')?.valueString?.trim();
      if (!finding || !reason || reason.length < MIN_ACKNOWLEDGEMENT_REASON) {
        throw fail(
          'AKS_ERR_MEDICATION_ACK_INVALID',
          { min: MIN_ACKNOWLEDGEMENT_REASON },
          { expression: ['MedicationStatement.extension'] },
        );
      }
      const text = part('text')?.valueString;
      const by = part('by')?.valueReference;
      const at = part('at')?.valueDateTime;
      const catalogue = part('catalogue')?.valueString;
      return {
        finding,
        reason,
        ...(text !== undefined ? { text } : {}),
        ...(by !== undefined ? { by } : {}),
        ...(at !== undefined ? { at } : {}),
        ...(catalogue !== undefined ? { catalogue } : {}),
      };
    });
}

export function acknowledgementExtension(ack: Acknowledgement): Extension {
  return {
    url: ACKNOWLEDGEMENT_URL,
    extension: [
      { url: 'finding', valueString: ack.finding },
      { url: 'reason', valueString: ack.reason },
      ...(ack.text !== undefined ? [{ url: 'text', valueString: ack.text }] : []),
      ...(ack.by !== undefined ? [{ url: 'by', valueReference: ack.by }] : []),
      ...(ack.at !== undefined ? [{ url: 'at', valueDateTime: ack.at }] : []),
      ...(ack.catalogue !== undefined ? [{ url: 'catalogue', valueString: ack.catalogue }] : []),
    ],
  };
}

export interface SettledAcknowledgements {
  /** What the new version stores. */
  readonly stored: readonly Acknowledgement[];
  /** The finding keys they acknowledge for this change. */
  readonly covered: ReadonlySet<string>;
}

/**
 * Decides which acknowledgements a new version of a line keeps and what they cover.
 *
 * - One the client sends unchanged from the previous version (same finding, reason, who and when) is carried
 *   over as it was; it still covers its finding only while the medicine and dosage are unchanged. After a
 *   change of either it acknowledged something else, so it is dropped (the earlier version keeps it).
 * - Any other is new: the server writes who and when (never trusted from the client), and the finding's text
 *   and the catalogue version, so the acknowledgement says what was acknowledged.
 */
export function settleAcknowledgements(
  incoming: readonly Acknowledgement[],
  previous: readonly Acknowledgement[],
  clinicallyUnchanged: boolean,
  findings: readonly PresentedFinding[],
  stamp: { by: Reference; at: string; catalogue: string },
): SettledAcknowledgements {
  const stored: Acknowledgement[] = [];
  const covered = new Set<string>();
  for (const ack of incoming) {
    const carried = previous.some((earlier) => sameAcknowledgement(earlier, ack));
    if (carried) {
      if (!clinicallyUnchanged) continue;
      stored.push(ack);
      covered.add(ack.finding);
      continue;
    }
    const finding = findings.find((candidate) => candidate.key === ack.finding);
    stored.push({
      finding: ack.finding,
      reason: ack.reason,
      ...(finding ? { text: finding.text.nb } : {}),
      by: stamp.by,
      at: stamp.at,
      catalogue: stamp.catalogue,
    });
    covered.add(ack.finding);
  }
  return { stored, covered };
}

function sameAcknowledgement(a: Acknowledgement, b: Acknowledgement): boolean {
  return (
    a.finding === b.finding &&
    a.reason === b.reason &&
    a.at === b.at &&
    a.by?.reference === b.by?.reference &&
    a.by?.display === b.by?.display &&
    a.at !== undefined
  );
}

/** Replaces a line's acknowledgements (the rest of its extensions stay as they are). */
export function withAcknowledgements(
  statement: MedicationStatement,
  acks: readonly Acknowledgement[],
): MedicationStatement {
  const others = (statement.extension ?? []).filter((extension) => extension.url !== ACKNOWLEDGEMENT_URL);
  const extension = [...others, ...acks.map(acknowledgementExtension)];
  const { extension: _old, ...rest } = statement;
  return extension.length > 0 ? { ...rest, extension } : rest;
}

/** Same medicine and same dosage: an edit that does not change what the patient takes. */
export function clinicallySame(a: MedicationStatement, b: MedicationStatement): boolean {
  const codes = (statement: MedicationStatement) =>
    (statement.medicationCodeableConcept?.coding ?? [])
      .map((coding: Coding) => `${coding.system ?? ''}|${coding.code ?? ''}`)
      .sort()
      .join(',');
  return codes(a) === codes(b) && dosageEquals(a.dosage ?? [], b.dosage ?? []);
}
