import type {
  Bundle,
  MedicationStatement,
  Parameters,
  ParametersParameter,
  Reference,
} from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { parameterGroups } from '../../../api/parameters.ts';
import { lineView } from '../../medication-list/medication-lines.ts';
import { findingsFromParameters, type Finding } from './medication-findings.ts';

export type EntryKind = 'new' | 'stopped' | 'dose-changed' | 'unchanged' | 'unclear' | 'not-in-source';
export type DecisionAction = 'accept' | 'reject' | 'unclear';

export const KIND_TEXT: Record<EntryKind, string> = {
  new: 'Nytt legemiddel',
  stopped: 'Seponert av sykehuset',
  'dose-changed': 'Endret dose',
  unchanged: 'Uendret',
  unclear: 'Uklart',
  'not-in-source': 'Ikke med på listen fra sykehuset',
};

/** One line of the difference between the incoming list and the current one (`Patient/{id}/$reconcile`). */
export interface ReconcileEntry {
  readonly id: string;
  readonly kind: EntryKind;
  /** What the decision names, so a decision is never applied to a line that changed after the preview. */
  readonly fingerprint: string;
  readonly reason: string | undefined;
  readonly medicine: string;
  readonly incomingDosageText: string | undefined;
  readonly currentDosageText: string | undefined;
  readonly findings: readonly Finding[];
}

export interface Decision {
  readonly action: DecisionAction;
  readonly reason: string;
}

/** Reads an incoming list (a FHIR Bundle of MedicationStatements, e.g. from a discharge summary) from text. */
export function parseIncomingList(text: string): Bundle {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(text) as Bundle;
  } catch {
    throw new Error('Filen er ikke gyldig JSON.');
  }
  if (bundle.resourceType !== 'Bundle') throw new Error('Filen er ikke en FHIR Bundle.');
  if (!(bundle.entry ?? []).some((e) => e.resource?.resourceType === 'MedicationStatement'))
    throw new Error('Bundlen inneholder ingen legemiddellinjer (MedicationStatement).');
  return bundle;
}

export async function previewReconciliation(
  client: FhirClient,
  patientId: string,
  source: Bundle,
): Promise<{ entries: ReconcileEntry[]; withheld: number }> {
  const answer = await client.operation<Parameters>(`Patient/${patientId}/$reconcile`, {
    method: 'POST',
    body: { resourceType: 'Parameters', parameter: [{ name: 'source', resource: source }] },
  });
  const groups = parameterGroups(answer, 'entry');
  // A current line the source leaves out comes as a bare reference: its name is read from the list itself,
  // never shown as a line id.
  const unnamed = groups
    .filter((e) => !e['incoming'] && !(e['current'] as Reference | undefined)?.display)
    .map((e) => (e['current'] as Reference | undefined)?.reference?.replace(/^MedicationStatement\//, ''))
    .filter((id): id is string => !!id);
  const current =
    unnamed.length > 0
      ? (
          await client.searchAll<MedicationStatement>('MedicationStatement', {
            _id: unnamed.join(','),
            _count: unnamed.length,
          })
        ).resources
      : [];
  const nameOf = new Map(current.map((s) => [`MedicationStatement/${s.id}`, lineView(s).name]));
  const entries = groups.map((e): ReconcileEntry => {
    const incoming = e['incoming'] as MedicationStatement | undefined;
    const ref = e['current'] as Reference | undefined;
    return {
      id: String(e['id'] ?? ''),
      kind: (e['kind'] ?? 'unclear') as EntryKind,
      fingerprint: String(e['fingerprint'] ?? ''),
      reason: e['reason'] as string | undefined,
      medicine:
        incoming?.medicationCodeableConcept?.text ??
        ref?.display ??
        (ref?.reference ? nameOf.get(ref.reference) : undefined) ??
        'Legemiddel på listen',
      incomingDosageText: e['incomingDosageText'] as string | undefined,
      currentDosageText: e['currentDosageText'] as string | undefined,
      findings: findingsFromParameters({ parameter: e['_parts'] as ParametersParameter[] }),
    };
  });
  const withheld = Number(answer.parameter?.find((p) => p.name === 'withheld')?.valueInteger ?? 0);
  return { entries, withheld };
}

/** Applies the decisions in one step (`$reconcile-apply`); the source is recorded with the result. */
export async function applyReconciliation(
  client: FhirClient,
  patientId: string,
  source: Bundle,
  entries: readonly ReconcileEntry[],
  decisions: Readonly<Record<string, Decision>>,
  acknowledgements: Readonly<Record<string, string>>,
): Promise<Parameters> {
  const parameter: ParametersParameter[] = [{ name: 'source', resource: source }];
  for (const entry of entries) {
    const decision = decisions[entry.id];
    if (!decision) continue;
    parameter.push({
      name: 'decision',
      part: [
        { name: 'entry', valueString: entry.id },
        { name: 'fingerprint', valueString: entry.fingerprint },
        { name: 'action', valueCode: decision.action },
        ...(decision.reason.trim() ? [{ name: 'reason', valueString: decision.reason.trim() }] : []),
      ],
    });
    if (decision.action !== 'accept') continue;
    for (const finding of entry.findings.filter((f) => f.requiresAcknowledgement))
      parameter.push({
        name: 'acknowledgement',
        part: [
          { name: 'entry', valueString: entry.id },
          { name: 'finding', valueString: finding.key },
          { name: 'reason', valueString: (acknowledgements[`${entry.id}|${finding.key}`] ?? '').trim() },
        ],
      });
  }
  return client.operation<Parameters>(`Patient/${patientId}/$reconcile-apply`, {
    method: 'POST',
    body: { resourceType: 'Parameters', parameter },
  });
}

/** Entries the clinician must decide on: everything that would change or questions the list. */
export function needsDecision(entry: ReconcileEntry): boolean {
  return entry.kind !== 'unchanged' && entry.kind !== 'not-in-source';
}
