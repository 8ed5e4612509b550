import {
  existingIds,
  insertRelations,
  insertVersionsInBulk,
  prepareVersion,
  replaceBlocks,
  type NewRelation,
  type PreparedVersion,
  type Queryable,
} from '@akson/store';
import type { FastifyInstance } from 'fastify';
import { AccessServices } from '../../access/access-services.ts';
import { blocksFromConsent } from '../../access/derive-blocks.ts';
import { deriveRelations, RELATION_SOURCES } from '../../access/derive-relations.ts';
import { RequestAccess } from '../../access/request-access.ts';
import { practitionerOf, unitResolver } from '../../access/unit-of.ts';
import type { AuditInput } from '../../audit/audit-event.ts';
import type { CitizenRecord, SeededResource } from '../record-builder.ts';
import { RegisterIndex } from './register-index.ts';

/** How the seeder appears in the audit log and on what it writes (changed-by): a system, like an import. */
export const SEED_ACTOR_LABEL = 'Akson seed';

/** A batch made ready for the database: the stored versions and what they imply. */
export interface PreparedBatch {
  readonly versions: readonly PreparedVersion[];
  readonly relations: readonly NewRelation[];
  readonly records: readonly { readonly patientId: string; readonly refs: readonly string[] }[];
}

/** Audit entries name at most this many resources each; the rest are counted in the description. */
const AUDIT_ENTITIES = 20;

/**
 * Writes seeded resources the fast way with the rows the normal write path produces. Each version is prepared by
 * the store's `prepareVersion` (search values, patient compartment, JSON text) with the access labels of the
 * server's own tagger for a system writer (the producing unit taken from the resource); care relations come from
 * the same `deriveRelations` and blocks from the same `blocksFromConsent`; only the inserts are batched. Every
 * citizen's content is covered by an AuditEvent from the seeder, sealed into the audit chain in the same
 * transaction as the content.
 */
export class SeedWriter {
  readonly #app: FastifyInstance;
  readonly #access: RequestAccess;
  readonly register: RegisterIndex;

  constructor(app: FastifyInstance) {
    this.#app = app;
    const shared = app.akson.access;
    this.register = new RegisterIndex(shared.find);
    const services = new AccessServices({
      db: shared.db,
      config: shared.config,
      find: this.register.lookup,
      auditWriter: shared.auditWriter,
      resolver: shared.resolver,
    });
    this.#access = new RequestAccess(services, { kind: 'platform', label: SEED_ACTOR_LABEL });
  }

  /** The seeder as the medication list's changed-by names a system writer. */
  get writer(): { display: string } {
    return { display: SEED_ACTOR_LABEL };
  }

  /** Prepares versions and relations (no writes; lookups of units the seeder does not know go to the database). */
  async prepare(records: readonly CitizenRecord[]): Promise<PreparedBatch> {
    const db = this.#app.akson.access.db;
    const index = this.#app.akson.service.index;
    const unitOf = unitResolver(this.register.lookup, db);
    const versions: PreparedVersion[] = [];
    const relations: NewRelation[] = [];
    for (const record of records) {
      for (const item of record.resources) {
        const v = await this.#version(item, db, index);
        versions.push(v);
        if (RELATION_SOURCES.has(v.type)) {
          relations.push(...(await deriveRelations(v.resource, v.indexed.patientId, v.lastUpdated, unitOf)));
        }
      }
    }
    return {
      versions,
      relations,
      records: records.map((r) => ({
        patientId: r.patientId,
        refs: r.resources.map((i) => `${i.resource.resourceType}/${i.resource.id}`),
      })),
    };
  }

  /**
   * Writes a prepared batch in one transaction: resources with their history rows, relations, blocks and the
   * audit entries. Citizens whose first resource is already stored were written by an earlier, interrupted run
   * with the same seed, and are skipped. Returns the number of resources written.
   */
  async write(batch: PreparedBatch, description: string): Promise<number> {
    if (batch.versions.length === 0) return 0;
    const db = this.#app.akson.access.db;
    const written = await db.transaction(async (tx) => {
      const done = await this.#alreadyStored(tx, batch);
      const versions =
        done.size === 0
          ? batch.versions
          : batch.versions.filter((v) => !done.has(v.indexed.patientId || `${v.type}/${v.id}`));
      const relations =
        done.size === 0 ? batch.relations : batch.relations.filter((r) => !done.has(r.patientId));
      const records = batch.records.filter((r) => !done.has(r.patientId));
      await insertVersionsInBulk(tx, versions);
      for (let i = 0; i < relations.length; i += 1000)
        await insertRelations(tx, relations.slice(i, i + 1000));
      for (const v of versions) {
        if (v.type !== 'Consent') continue;
        const blocks = await blocksFromConsent(v.resource, v.indexed.patientId, (r) =>
          practitionerOf(this.register.lookup, tx, r),
        );
        await replaceBlocks(tx, `Consent/${v.id}`, blocks);
      }
      await this.#access.audit.write(
        tx,
        records.map((r) => auditOf(r, description)),
      );
      return versions.length;
    });
    this.#app.akson.access.forgetBases();
    return written;
  }

  /** Register resources (units, staff) and other non-patient resources, skipping ids already stored. */
  async writeResources(items: readonly SeededResource[], description: string): Promise<number> {
    if (items.length === 0) return 0;
    const db = this.#app.akson.access.db;
    const index = this.#app.akson.service.index;
    const versions: PreparedVersion[] = [];
    for (const item of items) versions.push(await this.#version(item, db, index));
    const written = await db.transaction(async (tx) => {
      const fresh: PreparedVersion[] = [];
      const byType = new Map<string, PreparedVersion[]>();
      for (const v of versions) byType.set(v.type, [...(byType.get(v.type) ?? []), v]);
      for (const [type, list] of byType) {
        const existing = await existingIds(
          tx,
          type,
          list.map((v) => v.id),
        );
        fresh.push(...list.filter((v) => !existing.has(v.id)));
      }
      await insertVersionsInBulk(tx, fresh);
      if (fresh.length > 0) {
        await this.#access.audit.write(tx, [
          {
            interaction: 'create',
            outcome: '0',
            entities: fresh.slice(0, AUDIT_ENTITIES).map((v) => `${v.type}/${v.id}`),
            outcomeDescription: `${description}: ${fresh.length} ressurser`,
            basis: { kind: 'system', description: SEED_ACTOR_LABEL },
          },
        ]);
      }
      return fresh.length;
    });
    return written;
  }

  async #version(
    item: SeededResource,
    q: Queryable,
    index: { baseUrl: string; timeZone: string },
  ): Promise<PreparedVersion> {
    const tagger = await this.#access.tagger(q, item.resource);
    return prepareVersion(item.resource, item.resource.id, 1, item.recorded, index, tagger);
  }

  /** Patients of the batch that an earlier run already wrote (a citizen is written whole or not at all). */
  async #alreadyStored(tx: Queryable, batch: PreparedBatch): Promise<Set<string>> {
    const firstOf = new Map<string, PreparedVersion>();
    for (const v of batch.versions) {
      const key = v.indexed.patientId;
      if (key && !firstOf.has(key)) firstOf.set(key, v);
    }
    const byType = new Map<string, string[]>();
    for (const v of firstOf.values()) byType.set(v.type, [...(byType.get(v.type) ?? []), v.id]);
    const done = new Set<string>();
    for (const [type, ids] of byType) {
      const existing = await existingIds(tx, type, ids);
      if (existing.size === 0) continue;
      for (const [patientId, v] of firstOf) if (v.type === type && existing.has(v.id)) done.add(patientId);
    }
    return done;
  }
}

function auditOf(
  record: { patientId: string; refs: readonly string[] },
  description: string,
): Omit<AuditInput, 'actor'> {
  return {
    interaction: 'create',
    outcome: '0',
    patientId: record.patientId,
    entities: record.refs.slice(0, AUDIT_ENTITIES),
    outcomeDescription: `${description}: ${record.refs.length} ressurser i journalen`,
    basis: { kind: 'system', description: SEED_ACTOR_LABEL },
  };
}
