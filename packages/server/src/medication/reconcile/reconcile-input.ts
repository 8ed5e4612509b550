import type { Bundle, Composition, MedicationStatement, Reference } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { MIN_ACKNOWLEDGEMENT_REASON } from '../acknowledgements.ts';

/** What a reconciliation starts from: the incoming list and the document it came with. */
export interface ReconcileSource {
  readonly bundle: Bundle;
  readonly incoming: readonly MedicationStatement[];
  /** What Provenance points at as the source: the `document` parameter, else the Bundle's document. */
  readonly document: Reference;
}

export type DecisionAction = 'accept' | 'reject' | 'unclear';

export interface Decision {
  readonly entry: string;
  readonly fingerprint: string;
  readonly action: DecisionAction;
  readonly reason?: string;
}

export interface EntryAcknowledgement {
  readonly entry: string;
  readonly finding: string;
  readonly reason: string;
}

interface ParametersBody {
  resourceType?: string;
  parameter?: ParameterPart[];
}
interface ParameterPart {
  name: string;
  resource?: unknown;
  valueReference?: Reference;
  valueString?: string;
  valueCode?: string;
  part?: ParameterPart[];
}

/** The `source` Bundle (every MedicationStatement in it is an incoming line) and the optional `document`. */
export function readSource(body: unknown): ReconcileSource {
  const parameters = parametersOf(body);
  const bundle = parameters.find((p) => p.name === 'source')?.resource as Bundle | undefined;
  if (!bundle || bundle.resourceType !== 'Bundle') {
    throw invalid(
      'send the incoming list as the Parameters part "source" (a Bundle of MedicationStatements)',
    );
  }
  const resources = (bundle.entry ?? []).map((entry) => entry.resource).filter((r) => r !== undefined);
  const incoming = resources.filter(
    (r): r is MedicationStatement => r.resourceType === 'MedicationStatement',
  );
  if (incoming.length === 0) throw invalid('the source Bundle has no MedicationStatement');
  const given = parameters.find((p) => p.name === 'document')?.valueReference;
  const composition = resources.find((r): r is Composition => r.resourceType === 'Composition');
  const document: Reference = given ?? {
    ...(bundle.identifier ? { identifier: bundle.identifier } : {}),
    display: composition?.title ?? 'Innkommende legemiddelliste',
  };
  return { bundle, incoming, document };
}

/** The clinician's decisions and acknowledgements (apply). */
export function readDecisions(body: unknown): {
  decisions: Decision[];
  acknowledgements: EntryAcknowledgement[];
} {
  const parameters = parametersOf(body);
  const decisions = parameters
    .filter((p) => p.name === 'decision')
    .map((p) => {
      const value = partsOf(p);
      const action = value['action'];
      if (
        !value['entry'] ||
        !value['fingerprint'] ||
        !['accept', 'reject', 'unclear'].includes(action ?? '')
      ) {
        throw invalid(
          'each decision has entry, fingerprint (from the preview) and action accept | reject | unclear',
        );
      }
      const reason = value['reason']?.trim();
      if (action !== 'accept' && (reason?.length ?? 0) < MIN_ACKNOWLEDGEMENT_REASON) {
        throw invalid(
          `entry ${value['entry']}: a line that is ${action === 'reject' ? 'rejected' : 'unclear'} needs a reason (at least ${MIN_ACKNOWLEDGEMENT_REASON} characters)`,
        );
      }
      return {
        entry: value['entry'],
        fingerprint: value['fingerprint'],
        action: action as DecisionAction,
        ...(reason ? { reason } : {}),
      };
    });
  const seen = new Set<string>();
  for (const decision of decisions) {
    if (seen.has(decision.entry)) throw invalid(`entry ${decision.entry} has more than one decision`);
    seen.add(decision.entry);
  }
  const acknowledgements = parameters
    .filter((p) => p.name === 'acknowledgement')
    .map((p) => {
      const value = partsOf(p);
      if (
        !value['entry'] ||
        !value['finding'] ||
        (value['reason']?.trim().length ?? 0) < MIN_ACKNOWLEDGEMENT_REASON
      ) {
        throw fail('AKS_ERR_MEDICATION_ACK_INVALID', { min: MIN_ACKNOWLEDGEMENT_REASON });
      }
      return { entry: value['entry'], finding: value['finding'], reason: (value['reason'] as string).trim() };
    });
  return { decisions, acknowledgements };
}

function parametersOf(body: unknown): ParameterPart[] {
  const parameters = body as ParametersBody | undefined;
  if (parameters?.resourceType !== 'Parameters') throw invalid('the body is a Parameters resource');
  return parameters.parameter ?? [];
}

function partsOf(part: ParameterPart): Record<string, string | undefined> {
  return Object.fromEntries((part.part ?? []).map((p) => [p.name, p.valueString ?? p.valueCode]));
}

function invalid(detail: string) {
  return fail('AKS_ERR_MEDICATION_RECONCILE_INVALID', { detail });
}
