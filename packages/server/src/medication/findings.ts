import type { MedicationStatement } from '@medplum/fhirtypes';
import {
  checkMedicationList,
  medicationLineFromStatement,
  type MedicationFinding,
  type MedicationLine,
  type MedicationListCheckResult,
} from '@akson/clinical';
import type { MedicationKnowledge } from './medication-knowledge.ts';
import type { SafetyList } from './safety-list.ts';

/** Both languages of a text shown to clinicians (Norwegian first; English for logs and other readers). */
export interface Texts {
  readonly nb: string;
  readonly en: string;
}

/** A finding as the caller may see it. */
export interface PresentedFinding {
  /** clinical's finding id: stable for the same problem between the same lines (internal, may name hidden lines). */
  readonly id: string;
  /** What an acknowledgement names: the id with the line it is stored on written as `this`. */
  readonly key: string;
  readonly kind: MedicationFinding['kind'];
  readonly severity: MedicationFinding['severity'];
  readonly requiresAcknowledgement: boolean;
  /** Every line involved (internal: may include lines the caller cannot see). */
  readonly allLineIds: readonly string[];
  /** The lines involved that the caller may see. */
  readonly visibleLineIds: readonly string[];
  /** The line the key is relative to (the changed line), when there is one. */
  readonly relativeTo?: string;
  /** The finding involves a line or an allergy the caller may not see; its text says so without naming it. */
  readonly withheld: boolean;
  readonly text: Texts;
  /** FEST's texts, only when nothing withheld is involved. */
  readonly details?: Pick<
    MedicationFinding,
    'clinicalConsequence' | 'handling' | 'mechanism' | 'interactionId'
  >;
}

export interface CheckOutcome {
  readonly findings: readonly PresentedFinding[];
  /** Every line was assessed by the interaction catalogue ("not assessed" is never "no interaction"). */
  readonly interactionsComplete: boolean;
  readonly notAssessed: readonly Texts[];
  /** FEST/HentetDato of the catalogue, or its file name: kept with acknowledgements. */
  readonly catalogue: string;
}

const WITHHELD_MEDICINE: Texts = {
  nb: 'et legemiddel du ikke har tilgang til',
  en: 'a medicine you do not have access to',
};

/** The line id a proposed new line is checked under before it has one (keys say `this` for it anyway). */
export const PROPOSED_LINE_ID = 'proposed';

/**
 * Checks a proposed line (new or changed) against the patient's active list: findings that involve the line,
 * with acknowledgement keys relative to it (`lineId`: its id, or PROPOSED_LINE_ID for a new line without one).
 */
export function checkChange(
  statement: MedicationStatement,
  lineId: string,
  list: SafetyList,
  knowledge: MedicationKnowledge,
): CheckOutcome {
  const others = list.lines.filter((line) => line.lineId !== lineId);
  const change = { ...medicationLineFromStatement(statement), id: lineId };
  const result = checkMedicationList({
    activeLines: others.map((line) => ({ ...medicationLineFromStatement(line.statement), id: line.lineId })),
    change: { kind: others.length === list.lines.length ? 'add' : 'change', line: change },
    allergies: list.allergies.map((entry) => entry.allergy),
    catalogue: knowledge.catalogue,
    maxDoses: knowledge.maxDoses,
    ...(list.ageYears !== undefined ? { patient: { ageYears: list.ageYears } } : {}),
    scope: 'change',
  });
  const hidden = hiddenIds(list);
  return present(result, [change, ...others.map((line) => lineOf(line))], hidden, knowledge, lineId);
}

/** Reviews the whole active list (the list view, reconciliation): every finding between its lines. */
export function checkWholeList(list: SafetyList, knowledge: MedicationKnowledge): CheckOutcome {
  const lines = list.lines.map(lineOf);
  const result = checkMedicationList({
    activeLines: lines,
    allergies: list.allergies.map((entry) => entry.allergy),
    catalogue: knowledge.catalogue,
    maxDoses: knowledge.maxDoses,
    ...(list.ageYears !== undefined ? { patient: { ageYears: list.ageYears } } : {}),
    scope: 'all',
  });
  const hidden = hiddenIds(list);
  const outcome = present(result, lines, hidden, knowledge, undefined);
  // Findings only between things the caller cannot see are not theirs to be shown at all.
  return { ...outcome, findings: outcome.findings.filter((finding) => finding.visibleLineIds.length > 0) };
}

function lineOf(line: SafetyList['lines'][number]): MedicationLine {
  return { ...medicationLineFromStatement(line.statement), id: line.lineId };
}

function hiddenIds(list: SafetyList): Set<string> {
  return new Set([
    ...list.lines.filter((line) => !line.visible).map((line) => line.lineId),
    ...list.allergies.filter((entry) => !entry.visible).map((entry) => `allergy:${entry.allergy.id ?? ''}`),
  ]);
}

function present(
  result: MedicationListCheckResult,
  lines: readonly MedicationLine[],
  hidden: ReadonlySet<string>,
  knowledge: MedicationKnowledge,
  relativeTo: string | undefined,
): CheckOutcome {
  const names = new Map(lines.map((line) => [line.id, line.name]));
  const findings = result.findings.map((finding): PresentedFinding => {
    const visibleLineIds = finding.lineIds.filter((id) => !hidden.has(id));
    const withheld =
      visibleLineIds.length < finding.lineIds.length ||
      (finding.allergyId !== undefined && hidden.has(`allergy:${finding.allergyId}`));
    const base = {
      id: finding.id,
      key: relativeTo ? findingKey(finding.id, relativeTo) : finding.id,
      kind: finding.kind,
      severity: finding.severity,
      requiresAcknowledgement: finding.requiresAcknowledgement,
      allLineIds: finding.lineIds,
      visibleLineIds,
      ...(relativeTo !== undefined ? { relativeTo } : {}),
      withheld,
    };
    if (withheld) {
      return {
        ...base,
        text: withheldText(
          finding,
          visibleLineIds.map((id) => names.get(id) ?? id),
        ),
      };
    }
    const details = {
      ...(finding.clinicalConsequence !== undefined
        ? { clinicalConsequence: finding.clinicalConsequence }
        : {}),
      ...(finding.handling !== undefined ? { handling: finding.handling } : {}),
      ...(finding.mechanism !== undefined ? { mechanism: finding.mechanism } : {}),
      ...(finding.interactionId !== undefined ? { interactionId: finding.interactionId } : {}),
    };
    return { ...base, text: finding.text, ...(Object.keys(details).length ? { details } : {}) };
  });
  return {
    findings,
    interactionsComplete: result.interactions.complete,
    notAssessed: result.notAssessed
      .filter((entry) => entry.lineIds.some((id) => !hidden.has(id)))
      .map((entry) => entry.reason),
    catalogue: knowledge.catalogue.retrievedAt ?? knowledge.source,
  };
}

/**
 * The text of a finding that involves a line or allergy the caller may not see: what kind of problem, with
 * which of the caller's medicines, never what the other medicine or allergy is (FEST's consequence text would
 * tell the class of the hidden medicine, so it is left out too).
 */
function withheldText(finding: MedicationFinding, visibleNames: readonly string[]): Texts {
  const mine = visibleNames.join(' og ') || 'legemidlet';
  const mineEn = visibleNames.join(' and ') || 'the medicine';
  const other = WITHHELD_MEDICINE;
  switch (finding.kind) {
    case 'interaction':
      return {
        nb: `Interaksjon (${severityNb(finding.severity)}) mellom ${mine} og ${other.nb}. Kontakt den som har ansvaret for pasientens legemidler.`,
        en: `Interaction (${finding.severity}) between ${mineEn} and ${other.en}. Contact whoever is responsible for the patient's medicines.`,
      };
    case 'duplicate':
      return {
        nb: `Mulig dobbeltbehandling: ${mine} og ${other.nb}.`,
        en: `Possible duplicate treatment: ${mineEn} and ${other.en}.`,
      };
    case 'max-dose':
      return {
        nb: `Samlet dose av ${mine} sammen med ${other.nb} overstiger maksimal dose.`,
        en: `The total dose of ${mineEn} together with ${other.en} exceeds the maximum dose.`,
      };
    case 'allergy':
      return {
        nb: `${mine} kan utløse en registrert allergi du ikke har tilgang til.`,
        en: `${mineEn} may trigger a recorded allergy you do not have access to.`,
      };
  }
}

function severityNb(severity: MedicationFinding['severity']): string {
  return severity === 'high' ? 'alvorlig' : severity === 'moderate' ? 'moderat' : 'lav';
}

/**
 * The key of a finding relative to one of its lines: clinical's id with that line written as `this`. A new line
 * gets its id only when it is stored, so the key its acknowledgement names cannot contain that id; the other
 * lines stay named, so the same interaction with another line is another key.
 */
export function findingKey(findingId: string, lineId: string): string {
  const at = findingId.lastIndexOf(':');
  if (at < 0) return findingId;
  const ids = findingId
    .slice(at + 1)
    .split('+')
    .map((id) => (id === lineId ? 'this' : id))
    .sort();
  return `${findingId.slice(0, at)}:${ids.join('+')}`;
}
