import type { List, MedicationStatement, Provenance, Reference } from '@medplum/fhirtypes';
import {
  LIST_TYPE_SYSTEM,
  PROVENANCE_ACTIVITY_SYSTEM,
  RECONCILIATION_DECISION_URL,
  RECONCILIATION_SYSTEM,
} from '../medication-urls.ts';
import type { ReconcileEntry } from './reconcile-diff.ts';

/** What happened to one entry: accepted (with the line it wrote), rejected, unclear, unchanged or kept. */
export interface EntryResult {
  readonly entry: ReconcileEntry;
  readonly outcome: 'accepted' | 'rejected' | 'unclear' | 'unchanged' | 'kept';
  readonly reason?: string;
  readonly line?: { readonly id: string; readonly versionId: number };
}

const KIND_NB: Record<ReconcileEntry['kind'], string> = {
  new: 'Ny',
  stopped: 'Seponert',
  'dose-changed': 'Endret dose',
  unchanged: 'Uendret',
  unclear: 'Uklart',
  'not-in-source': 'Ikke nevnt i kilden',
};

/**
 * The reconciliation as a record (a `List`): every incoming line kept whole as a contained resource, and for
 * every entry its kind, the decision, the reason and the line it wrote. Nothing from the source is lost:
 * rejected and unclear lines stay visible here with their reason.
 */
export function reconciliationList(
  patientId: string,
  results: readonly EntryResult[],
  source: Reference | undefined,
  now: string,
): List {
  const contained = results
    .filter((result) => result.entry.incoming)
    .map((result) => containedLine(result.entry.id, result.entry.incoming as MedicationStatement));
  return {
    resourceType: 'List',
    status: 'current',
    mode: 'snapshot',
    title: 'Legemiddelsamstemming',
    code: {
      coding: [
        { system: LIST_TYPE_SYSTEM, code: 'medication-reconciliation', display: 'Legemiddelsamstemming' },
      ],
    },
    subject: { reference: `Patient/${patientId}` },
    date: now,
    ...(source?.reference ? { source: { reference: source.reference } } : {}),
    contained: contained as unknown as List['contained'],
    entry: results.map((result) => ({
      flag: {
        coding: [
          { system: RECONCILIATION_SYSTEM, code: result.entry.kind, display: KIND_NB[result.entry.kind] },
        ],
      },
      item: result.entry.incoming
        ? { reference: `#${result.entry.id}` }
        : { reference: `MedicationStatement/${result.entry.current?.resourceId ?? ''}` },
      extension: [
        {
          url: RECONCILIATION_DECISION_URL,
          extension: [
            { url: 'entry', valueString: result.entry.id },
            { url: 'decision', valueCode: result.outcome },
            ...(result.reason ? [{ url: 'reason', valueString: result.reason }] : []),
            ...(result.entry.reason ? [{ url: 'unclearBecause', valueString: result.entry.reason.nb }] : []),
            ...(result.line
              ? [{ url: 'line', valueReference: { reference: `MedicationStatement/${result.line.id}` } }]
              : result.entry.current
                ? [
                    {
                      url: 'line',
                      valueReference: { reference: `MedicationStatement/${result.entry.current.resourceId}` },
                    },
                  ]
                : []),
          ],
        },
      ],
    })),
  };
}

/** An incoming line as a contained resource: as it came, under a local id (contained resources have no version). */
function containedLine(id: string, statement: MedicationStatement): MedicationStatement {
  const { meta, id: _foreign, ...rest } = statement;
  const { versionId: _v, lastUpdated: _l, ...keptMeta } = meta ?? {};
  return { ...rest, id, ...(Object.keys(keptMeta).length ? { meta: keptMeta } : {}) };
}

/** Provenance of the applied reconciliation: what was written, by whom, from which source document. */
export function reconciliationProvenance(
  patientId: string,
  written: readonly { id: string; versionId: number }[],
  listId: string,
  agent: Reference,
  document: Reference,
  now: string,
): Provenance {
  return {
    resourceType: 'Provenance',
    target: [
      ...written.map((line) => ({ reference: `MedicationStatement/${line.id}/_history/${line.versionId}` })),
      { reference: `List/${listId}` },
      // The patient too: it puts the record in the patient's compartment, so it is read with the patient's access.
      { reference: `Patient/${patientId}` },
    ],
    recorded: now,
    activity: {
      coding: [
        {
          system: PROVENANCE_ACTIVITY_SYSTEM,
          code: 'medication-reconciliation',
          display: 'Legemiddelsamstemming',
        },
      ],
    },
    agent: [{ who: agent as NonNullable<Provenance['agent'][number]['who']> }],
    entity: [{ role: 'source', what: document }],
  };
}
