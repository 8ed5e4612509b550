import type { CodeableConcept, MedicationStatement } from '@medplum/fhirtypes';
import { isLineId, PLL_STOP_REASON_SYSTEM } from '@akson/clinical';
import { MEDICATION_LINE_SYSTEM } from '../medication-urls.ts';
import { incomingLineIdOf, type ReconcileEntry } from './reconcile-diff.ts';

/** What accepting an entry writes: a new line, or a new version of a current line. */
export interface ProposedChange {
  readonly statement: MedicationStatement;
  /** The line's id: the current line's, the incoming line's own, or the one derived for a new line. */
  readonly lineId: string;
  readonly current?: { readonly resourceId: string; readonly versionId: number };
}

const ATC_SYSTEMS = new Set(['http://www.whocc.no/atc', 'urn:oid:2.16.578.1.12.4.1.1.7180']);
const FEST_SYSTEM = 'http://ehelse.no/fhir/CodeSystem/FEST';
const REASON_SYSTEMS = new Set([
  'urn:oid:2.16.578.1.12.4.1.1.7170',
  'http://hl7.org/fhir/sid/icpc-2',
  'urn:oid:2.16.578.1.12.4.1.1.7110',
]);

/**
 * The change accepting an entry makes, or undefined for entries that change nothing. A new line takes from the
 * incoming line what a list line holds (medicine, dosage, start date, reason, its PLL id) and nothing the
 * source system made up for itself; the incoming line is kept whole in the reconciliation record.
 */
export function proposedChange(
  entry: ReconcileEntry,
  patientId: string,
  reason: string | undefined,
  now: string,
  newLineId: string,
): ProposedChange | undefined {
  const incoming = entry.incoming;
  const current = entry.current;
  switch (entry.kind) {
    case 'new': {
      if (!incoming) return undefined;
      const own = incomingLineIdOf(incoming);
      // A new line is written with its id, so the findings the preview keys under it are the apply's.
      const lineId = own && isLineId(own) ? own : newLineId;
      const start = incoming.effectivePeriod?.start?.slice(0, 10);
      const reasonCode = reasonFrom(incoming.reasonCode?.[0]);
      const statement: MedicationStatement = {
        resourceType: 'MedicationStatement',
        identifier: [{ system: MEDICATION_LINE_SYSTEM, value: lineId }],
        status: incoming.status === 'on-hold' ? 'on-hold' : 'active',
        ...(incoming.status === 'on-hold' && incoming.statusReason
          ? { statusReason: incoming.statusReason }
          : {}),
        medicationCodeableConcept: medicineFrom(incoming.medicationCodeableConcept),
        subject: { reference: `Patient/${patientId}` },
        ...(start ? { effectivePeriod: { start } } : {}),
        ...(incoming.dateAsserted ? { dateAsserted: incoming.dateAsserted } : {}),
        ...(reasonCode ? { reasonCode: [reasonCode] } : {}),
        dosage: (incoming.dosage ?? []).map(({ text: _text, ...dosage }) => dosage),
      };
      return { statement, lineId };
    }
    case 'dose-changed':
      if (!incoming || !current) return undefined;
      return {
        statement: {
          ...current.statement,
          dosage: (incoming.dosage ?? []).map(({ text: _text, ...dosage }) => dosage),
        },
        lineId: current.lineId,
        current,
      };
    case 'stopped':
    case 'not-in-source': {
      if (!current) return undefined;
      const status = incoming?.status === 'completed' ? 'completed' : 'stopped';
      const text = reason ?? incoming?.statusReason?.[0]?.text ?? 'Seponert i kilden';
      const statusReason: CodeableConcept[] =
        status === 'completed'
          ? [
              {
                coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'A', display: 'Avsluttet behandling' }],
                text,
              },
            ]
          : [{ text }];
      const { statusReason: _old, ...rest } = current.statement;
      return {
        statement: {
          ...rest,
          status,
          statusReason,
          effectivePeriod: {
            ...current.statement.effectivePeriod,
            end: incoming?.effectivePeriod?.end ?? now,
          },
        },
        lineId: current.lineId,
        current,
      };
    }
    default:
      return undefined;
  }
}

/** ATC and FEST codings and the name; other codings belong to the source system and stay in the record. */
function medicineFrom(concept: CodeableConcept | undefined): CodeableConcept {
  const coding = (concept?.coding ?? [])
    .filter((c) => (c.system && ATC_SYSTEMS.has(c.system)) || c.system === FEST_SYSTEM)
    .map((c) =>
      c.system === FEST_SYSTEM
        ? { system: FEST_SYSTEM, ...(c.code ? { code: c.code } : {}) }
        : { ...c, system: 'http://www.whocc.no/atc' },
    );
  const text = concept?.text ?? concept?.coding?.find((c) => c.display)?.display;
  return { ...(coding.length ? { coding } : {}), ...(text ? { text } : {}) };
}

function reasonFrom(reason: CodeableConcept | undefined): CodeableConcept | undefined {
  if (!reason) return undefined;
  const coding = (reason.coding ?? []).filter((c) => c.system && REASON_SYSTEMS.has(c.system)).slice(0, 1);
  if (coding.length === 0 && !reason.text) return undefined;
  return { ...(coding.length ? { coding } : {}), ...(reason.text ? { text: reason.text } : {}) };
}
