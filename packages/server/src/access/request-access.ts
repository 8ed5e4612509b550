import {
  fail,
  mayHaveProtectedAddress,
  parseFhirJson,
  redactProtectedAddresses,
  stringifyFhirJson,
} from '@akson/fhir';
import {
  hasActiveRelation,
  insertRelations,
  relationsOf,
  replaceBlocks,
  replaceDerivedRelations,
  unwithheld,
  type AccessTagger,
  type PreparedVersion,
  type Queryable,
  type ReadScope,
  type ResourceRow,
} from '@akson/store';
import type { AuditInput } from '../audit/audit-event.ts';
import { buildAuditEvent } from '../audit/audit-event.ts';
import { citizenViewOfAuditEvent } from '../audit/citizen-view.ts';
import { clientRestrictions } from '../auth/client-restrictions.ts';
import type { AccessContext, AuditRecorder } from './access-context.ts';
import { accessTagsFor, type Producer } from './access-tags.ts';
import type { Actor } from './actor.ts';
import type { AccessServices } from './access-services.ts';
import { assertInteraction, type Interaction } from './decide.ts';
import { blocksFromConsent } from './derive-blocks.ts';
import { deriveRelations, RELATION_SOURCES } from './derive-relations.ts';
import { readScopeFor } from './read-scope-for.ts';
import { practitionerOf, PRODUCER_FIELDS, unitResolver } from './unit-of.ts';

/** The access decisions for one request's actor (see AccessContext). */
export class RequestAccess implements AccessContext {
  readonly actor: Actor;
  readonly scope: ReadScope;
  readonly unwithheldScope: ReadScope | undefined;
  readonly mayLookUpPatients: boolean;
  readonly audit: AuditRecorder;
  readonly #services: AccessServices;

  /**
   * `audit: false` exists for one caller only: the benchmark's "access control and audit off" baseline, which
   * buildApp wires up when asked programmatically (never from configuration).
   */
  constructor(services: AccessServices, actor: Actor, requestId?: string, options: { audit?: boolean } = {}) {
    this.#services = services;
    this.actor = actor;
    this.scope = readScopeFor(actor, services.config.access.relationGraceDays, {
      ...(actor.kind === 'system'
        ? { systemRestrictions: clientRestrictions(services.config, actor.principal.clientId) }
        : {}),
    });
    // Clinicians, and clients that honour restrictions, are told how much is withheld.
    this.unwithheldScope =
      (actor.kind === 'personnel' && actor.role === 'clinician') ||
      (actor.kind === 'system' && this.scope.kind === 'restricted')
        ? unwithheld(this.scope)
        : undefined;
    this.mayLookUpPatients = actor.kind === 'personnel' && actor.role === 'clinician';
    this.audit = options.audit === false ? SILENT_RECORDER : new Recorder(services, actor, requestId);
  }

  assertInteraction(interaction: Interaction, type: string): void {
    assertInteraction(this.actor, interaction, type);
  }

  async authorizeWrite(
    q: Queryable,
    existing: ResourceRow | undefined,
    next: PreparedVersion | undefined,
  ): Promise<void> {
    if (existing && existing.visible === false)
      throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: existing.type, id: existing.id });
    const actor = this.actor;
    const patients = new Set<string>(
      [existing?.patientId, next?.indexed.patientId].filter((p): p is string => !!p),
    );
    if (actor.kind === 'citizen') {
      const allowed = new Set([actor.patientId, ...actor.actsFor.map((a) => a.patientId)]);
      for (const p of patients)
        if (!allowed.has(p))
          throw fail('AKS_ERR_ACCESS_DENIED', {
            detail: 'Citizens can only manage blocks on their own record or that of someone they act for.',
          });
      if (patients.size === 0)
        throw fail('AKS_ERR_ACCESS_DENIED', { detail: 'A block must name the patient it protects.' });
      return;
    }
    if (actor.kind !== 'personnel') return;
    for (const patientId of patients) {
      // Registering a new patient is allowed: there can be no relation to someone not yet in the record.
      if (!existing && next?.type === 'Patient' && next.id === patientId) continue;
      const related = await hasActiveRelation(
        q,
        patientId,
        { unitRef: actor.unitRef, practitionerRef: actor.practitionerRef },
        this.#services.config.access.relationGraceDays,
      );
      if (!related) {
        const refusal = fail('AKS_ERR_ACCESS_NO_RELATION');
        this.audit.refused(refusal, {
          interaction: existing ? (next ? 'update' : 'delete') : 'create',
          outcome: '4',
          outcomeDescription: 'no care relation',
          patientId,
          entities: [`${(next ?? existing)?.type}/${(next ?? existing)?.id}`],
          flags: ['denied'],
        });
        throw refusal;
      }
    }
  }

  async tagger(q: Queryable, resource: Record<string, unknown>): Promise<AccessTagger> {
    const producer = await this.#producer(q, resource);
    const privateServices = this.#services.config.access.privateServices;
    return (r, _patientId, previous) => accessTagsFor(r, producer, privateServices, previous);
  }

  async #producer(q: Queryable, resource: Record<string, unknown>): Promise<Producer> {
    const actor = this.actor;
    if (actor.kind === 'personnel')
      return { unitRef: actor.unitRef, service: actor.service, orgnr: actor.municipalityOrgnr };
    // Systems (migration, integrations) write on behalf of the unit the resource names.
    const unitOf = unitResolver(this.#services.find, q);
    for (const field of PRODUCER_FIELDS) {
      const value = resource[field];
      const refs = (Array.isArray(value) ? value : [value]) as ({ reference?: string } | undefined)[];
      for (const r of refs) {
        const unitRef = r?.reference ? await unitOf(r.reference) : undefined;
        if (!unitRef) continue;
        const unit = await this.#services.units.describe(q, unitRef);
        return { unitRef, service: unit?.service, orgnr: unit?.orgnr };
      }
    }
    return { unitRef: undefined, service: undefined, orgnr: undefined };
  }

  async afterWrite(
    q: Queryable,
    written: {
      type: string;
      id: string;
      resource: Record<string, unknown> | undefined;
      patientId: string;
      lastUpdated: string;
      created: boolean;
    },
  ): Promise<void> {
    const ref = `${written.type}/${written.id}`;
    const find = this.#services.find;
    if (RELATION_SOURCES.has(written.type)) {
      const relations = written.resource
        ? await deriveRelations(
            written.resource,
            written.patientId,
            written.lastUpdated,
            unitResolver(find, q),
          )
        : [];
      await replaceDerivedRelations(q, ref, relations);
      this.#services.forgetBases();
    }
    if (written.type === 'Consent') {
      const blocks = written.resource
        ? await blocksFromConsent(written.resource, written.patientId, (r) => practitionerOf(find, q, r))
        : [];
      await replaceBlocks(q, ref, blocks);
    }
    // A unit that registers a new patient can see them for the grace period (they need to, to carry on).
    if (written.type === 'Patient' && written.created && this.actor.kind === 'personnel') {
      await insertRelations(q, [
        {
          patientId: written.id,
          unitRef: this.actor.unitRef,
          practitionerRef: undefined,
          kind: 'encounter',
          sourceRef: `registration:${ref}`,
          reason: 'Registrerte pasienten',
          startsAt: written.lastUpdated,
          endsAt: written.lastUpdated,
          createdBy: this.actor.practitionerRef,
        },
      ]);
    }
  }

  present(row: ResourceRow): ResourceRow {
    if (!row.content) return row;
    if (this.actor.kind === 'citizen' && row.type === 'AuditEvent') {
      return {
        ...row,
        content: JSON.stringify(citizenViewOfAuditEvent(JSON.parse(row.content) as Record<string, unknown>)),
      };
    }
    if (mayHaveProtectedAddress(row.content) && !this.#isOwnRecord(row.patientId || row.id)) {
      const redacted = redactProtectedAddresses(parseFhirJson(row.content));
      return { ...row, content: stringifyFhirJson(redacted) };
    }
    return row;
  }

  /** Protected addresses are shown to the citizen and those acting for them, and to no one else. */
  #isOwnRecord(patientId: string): boolean {
    const actor = this.actor;
    if (actor.kind !== 'citizen' || !patientId) return false;
    return actor.patientId === patientId || actor.actsFor.some((a) => a.patientId === patientId);
  }
}

const SILENT_RECORDER: AuditRecorder = {
  read: async () => undefined,
  write: async () => undefined,
  basis: async () => undefined,
  flags: async () => [],
  defer: () => undefined,
  refused: () => undefined,
  hasRecorded: () => false,
  flushDeferred: async () => undefined,
};

class Recorder implements AuditRecorder {
  readonly #services: AccessServices;
  readonly #actor: Actor;
  readonly #requestId: string | undefined;

  constructor(services: AccessServices, actor: Actor, requestId: string | undefined) {
    this.#services = services;
    this.#actor = actor;
    this.#requestId = requestId;
  }

  #build(events: readonly Omit<AuditInput, 'actor'>[]) {
    return events.map((e) =>
      buildAuditEvent({
        ...e,
        actor: this.#actor,
        ...(this.#requestId ? { requestId: this.#requestId } : {}),
      }),
    );
  }

  readonly #deferred: Omit<AuditInput, 'actor'>[] = [];

  read(events: readonly Omit<AuditInput, 'actor'>[]): Promise<void> {
    return this.#services.auditWriter.record(this.#build(events));
  }

  defer(event: Omit<AuditInput, 'actor'>): void {
    this.#deferred.push(event);
  }

  readonly #recorded = new WeakSet<object>();

  refused(err: unknown, event: Omit<AuditInput, 'actor'>): void {
    if (this.hasRecorded(err)) return;
    if (typeof err === 'object' && err !== null) this.#recorded.add(err);
    this.defer({ ...event, outcome: event.outcome === '0' ? '4' : event.outcome });
  }

  /** Also when the error wraps a recorded one (a bundle names the entry that failed around the original). */
  hasRecorded(err: unknown): boolean {
    for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth++) {
      if (this.#recorded.has(e)) return true;
      e = (e as { cause?: unknown }).cause;
    }
    return false;
  }

  async flushDeferred(): Promise<void> {
    if (this.#deferred.length === 0) return;
    const events = this.#deferred.splice(0);
    await this.read(events);
  }

  write(tx: Queryable, events: readonly Omit<AuditInput, 'actor'>[]): Promise<void> {
    return this.#services.auditWriter.appendInTransaction(tx, this.#build(events));
  }

  async basis(patientId: string, q: Queryable = this.#services.db): Promise<AuditInput['basis']> {
    const actor = this.#actor;
    switch (actor.kind) {
      case 'platform':
        return { kind: 'system', description: actor.label };
      case 'system':
        return { kind: 'system', description: `Systemtilgang (${actor.principal.clientId})` };
      case 'citizen':
        return patientId === actor.patientId
          ? { kind: 'own-record', description: 'Egen journal' }
          : { kind: 'representative', description: 'Representerer pasienten' };
      case 'personnel': {
        if (!patientId) return { kind: 'derived', description: 'Referansedata' };
        return this.#services.bases.get(actor, patientId, async () => {
          const relations = await relationsOf(
            q,
            patientId,
            { unitRef: actor.unitRef, practitionerRef: actor.practitionerRef },
            this.#services.config.access.relationGraceDays,
          );
          const active = relations.filter((r) => r.active);
          const best = active.find((r) => r.kind !== 'emergency' && r.kind !== 'self-declared') ?? active[0];
          if (!best) return { kind: 'none', description: 'Ingen tjenstlig behov registrert' };
          const kind =
            best.kind === 'emergency'
              ? 'emergency'
              : best.kind === 'self-declared'
                ? 'self-declared'
                : 'derived';
          return {
            kind,
            relationId: best.id,
            description: `${best.kind}${best.sourceRef ? ` (${best.sourceRef})` : ''}${best.reason ? `: ${best.reason}` : ''}`,
          };
        });
      }
    }
  }

  async flags(
    patientId: string,
    q: Queryable = this.#services.db,
  ): Promise<NonNullable<AuditInput['flags']>> {
    const actor = this.#actor;
    const flags: NonNullable<AuditInput['flags']>[number][] = [];
    if (actor.kind !== 'personnel' || !patientId) return flags;
    const basis = await this.basis(patientId, q);
    if (basis?.kind === 'emergency') flags.push('emergency');
    if (basis?.kind === 'self-declared') flags.push('self-declared');
    if (actor.familyName && actor.homeAddress) {
      const patient = await this.#services.patients.demographics(patientId, q);
      if (
        patient &&
        patient.familyName?.toLowerCase() === actor.familyName.toLowerCase() &&
        patient.address?.toLowerCase() === actor.homeAddress.toLowerCase()
      ) {
        flags.push('same-surname-address');
      }
    }
    return flags;
  }
}
