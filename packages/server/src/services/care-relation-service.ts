import { fail } from '@akson/fhir';
import { insertRelations, readCurrent, relationsOf, type RelationWithStatus } from '@akson/store';
import type { FastifyInstance } from 'fastify';
import type { AccessContext } from '../access/access-context.ts';
import type { PersonnelActor } from '../access/actor.ts';

const MIN_REASON = 10;

export interface GrantedAccess {
  readonly relationId: string;
  readonly kind: 'emergency' | 'self-declared';
  readonly startsAt: string;
  readonly endsAt: string;
}

/**
 * Access a clinician grants themselves (access issue §5): emergency access (akuttilgang) with a mandatory
 * reason, time-limited, flagged for follow-up and shown to the patient; and a self-declared care relation with a
 * reason, recorded as user-selected and flagged for review. Both are personal (they do not extend to the unit's
 * other staff) and bound to the unit the practitioner acted for when taking them (they do not follow the
 * practitioner to another of their units); both are audited in the same transaction as the grant.
 */
export class CareRelationService {
  readonly #app: FastifyInstance;
  readonly #access: AccessContext;

  constructor(app: FastifyInstance, access: AccessContext) {
    this.#app = app;
    this.#access = access;
  }

  async grant(
    patientId: string,
    kind: 'emergency' | 'self-declared',
    reason: unknown,
  ): Promise<GrantedAccess> {
    const actor = this.#clinician();
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (text.length < MIN_REASON) {
      throw fail('AKS_ERR_ACCESS_REASON_REQUIRED', {
        what: kind === 'emergency' ? 'Emergency access' : 'A self-declared care relation',
        min: MIN_REASON,
      });
    }
    const { db, config } = this.#app.akson.service;
    const hours = kind === 'emergency' ? config.access.emergencyHours : config.access.selfDeclaredHours;
    const startsAt = new Date().toISOString();
    const endsAt = new Date(Date.now() + hours * 3_600_000).toISOString();
    const granted = await db.transaction(async (tx) => {
      const patient = await readCurrent(tx, 'Patient', patientId);
      if (!patient || patient.deleted)
        throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: 'Patient', id: patientId });
      const [relationId] = await insertRelations(tx, [
        {
          patientId,
          // Personal, but only while acting for this unit: the grant's reason is about the work done here.
          unitRef: actor.unitRef,
          practitionerRef: actor.practitionerRef,
          kind,
          sourceRef: undefined,
          reason: text,
          startsAt,
          endsAt,
          createdBy: `${actor.practitionerRoleRef}`,
        },
      ]);
      await this.#access.audit.write(tx, [
        {
          interaction: kind === 'emergency' ? 'emergency-access' : 'self-declared-relation',
          outcome: '0',
          patientId,
          entities: [`Patient/${patientId}`],
          basis: { kind, relationId: relationId as string, description: text },
          flags: [kind],
        },
      ]);
      return { relationId: relationId as string, kind, startsAt, endsAt };
    });
    this.#app.akson.access.forgetBases();
    return granted;
  }

  /** "Why may I see this patient?": the caller's relations to the patient, active and recently ended. */
  async basis(patientId: string): Promise<RelationWithStatus[]> {
    const actor = this.#clinician();
    const { db, config } = this.#app.akson.service;
    const relations = await relationsOf(
      db,
      patientId,
      { unitRef: actor.unitRef, practitionerRef: actor.practitionerRef },
      config.access.relationGraceDays,
    );
    await this.#access.audit.read([
      {
        interaction: 'operation',
        outcome: '0',
        patientId,
        entities: [`Patient/${patientId}`],
        outcomeDescription: 'access basis asked',
      },
    ]);
    return relations;
  }

  #clinician(): PersonnelActor {
    const actor = this.#access.actor;
    if (actor.kind !== 'personnel' || actor.role !== 'clinician') {
      throw fail('AKS_ERR_ACCESS_DENIED', {
        detail: 'Only health personnel acting in a clinical role have care relations.',
      });
    }
    return actor;
  }
}
