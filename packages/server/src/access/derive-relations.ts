import type { NewRelation } from '@akson/store';

interface Ref {
  reference?: string;
}
interface Period {
  start?: string;
  end?: string;
}

/** Finds the unit (Organization/x) behind a reference to a unit, a role, or a service. */
export type UnitOf = (reference: string) => Promise<string | undefined>;

/**
 * Care relations a resource implies (tjenstlig behov, access issue §5): the patient is on a GP's list, has an
 * active episode of care or decision (vedtak) at a unit, an encounter or appointment there, or a referral or
 * task addressed to it. The relation ends when the source says it ends (period end, finished status), or when
 * the source no longer implies it (store/access/care-relations.ts replaceDerivedRelations ends it then); read
 * access then lasts the configured grace period (store/search/read-scope.ts).
 */
export async function deriveRelations(
  resource: Record<string, unknown>,
  patientId: string,
  lastUpdated: string,
  unitOf: UnitOf,
): Promise<NewRelation[]> {
  if (!patientId) return [];
  const type = String(resource['resourceType']);
  const sourceRef = `${type}/${String(resource['id'])}`;
  const status = resource['status'] as string | undefined;
  const make = async (
    refs: (Ref | undefined)[],
    kind: NewRelation['kind'],
    startsAt: string | undefined,
    endsAt: string | undefined,
  ): Promise<NewRelation[]> => {
    const units = new Set<string>();
    for (const r of refs) {
      const unit = r?.reference ? await unitOf(r.reference) : undefined;
      if (unit) units.add(unit);
    }
    return [...units].map((unitRef) => ({
      patientId,
      unitRef,
      practitionerRef: undefined,
      kind,
      sourceRef,
      reason: undefined,
      startsAt: startsAt ?? lastUpdated,
      endsAt,
      createdBy: undefined,
    }));
  };

  switch (type) {
    case 'Patient': {
      // No longer on the list: inactive, or deceased (either form); the relation then ends (grace applies).
      if (
        resource['active'] === false ||
        resource['deceasedBoolean'] === true ||
        typeof resource['deceasedDateTime'] === 'string'
      )
        return [];
      return make(
        (resource['generalPractitioner'] as Ref[] | undefined) ?? [],
        'gp-list',
        '1900-01-01T00:00:00Z',
        undefined,
      );
    }
    case 'EpisodeOfCare': {
      if (status === 'cancelled' || status === 'entered-in-error' || status === 'planned') return [];
      const period = resource['period'] as Period | undefined;
      const ended = status === 'finished' ? (period?.end ?? lastUpdated) : period?.end;
      return make(
        [resource['managingOrganization'] as Ref, ...careTeamUnits(resource)],
        'episode',
        period?.start,
        ended,
      );
    }
    case 'Encounter': {
      if (status === 'cancelled' || status === 'entered-in-error') return [];
      const period = resource['period'] as Period | undefined;
      const participants = ((resource['participant'] as { individual?: Ref }[] | undefined) ?? []).map(
        (p) => p.individual,
      );
      const ended = status === 'finished' ? (period?.end ?? lastUpdated) : undefined;
      return make([resource['serviceProvider'] as Ref, ...participants], 'encounter', period?.start, ended);
    }
    case 'Appointment': {
      if (status === 'cancelled' || status === 'noshow' || status === 'entered-in-error') return [];
      const actors = ((resource['participant'] as { actor?: Ref }[] | undefined) ?? []).map((p) => p.actor);
      // Access from booking until the appointment's end; fulfilled appointments end when they ended.
      return make(
        actors,
        'appointment',
        (resource['created'] as string | undefined) ?? lastUpdated,
        resource['end'] as string | undefined,
      );
    }
    case 'ServiceRequest': {
      if (status !== 'active' && status !== 'on-hold' && status !== 'draft' && status !== 'completed')
        return [];
      const ended = status === 'completed' ? lastUpdated : undefined;
      return make(
        (resource['performer'] as Ref[] | undefined) ?? [],
        'referral',
        (resource['authoredOn'] as string | undefined) ?? lastUpdated,
        ended,
      );
    }
    case 'Task': {
      if (
        status === 'cancelled' ||
        status === 'rejected' ||
        status === 'entered-in-error' ||
        status === 'failed'
      )
        return [];
      const ended = status === 'completed' ? lastUpdated : undefined;
      return make(
        [resource['owner'] as Ref],
        'task',
        (resource['authoredOn'] as string | undefined) ?? lastUpdated,
        ended,
      );
    }
    default:
      return [];
  }
}

function careTeamUnits(resource: Record<string, unknown>): Ref[] {
  return ((resource['team'] as Ref[] | undefined) ?? []).filter((r) =>
    r.reference?.startsWith('Organization/'),
  );
}

/** Types whose writes can change care relations. */
export const RELATION_SOURCES = new Set([
  'Patient',
  'EpisodeOfCare',
  'Encounter',
  'Appointment',
  'ServiceRequest',
  'Task',
]);
