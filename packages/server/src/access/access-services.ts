import { IDENTIFIER_SYSTEMS } from '@akson/fhir';
import type { Db, Queryable } from '@akson/store';
import type { AuditWriter } from '../audit/audit-writer.ts';
import type { AuditInput } from '../audit/audit-event.ts';
import type { AksonConfig } from '../config/schema.ts';
import { SERVICE_SYSTEM } from '../directory/service-types.ts';
import type { Actor } from './actor.ts';
import type { ActorResolver } from './resolve-actor.ts';
import type { RegisterLookup } from './register-lookup.ts';

/** Small time-limited cache. */
class TtlCache<V> {
  readonly #ttl: number;
  readonly #max: number;
  readonly #map = new Map<string, { value: V; expires: number }>();
  constructor(ttlMs: number, max = 50_000) {
    this.#ttl = ttlMs;
    this.#max = max;
  }
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#map.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = await load();
    if (this.#map.size >= this.#max) this.#map.clear();
    this.#map.set(key, { value, expires: Date.now() + this.#ttl });
    return value;
  }
  clear(): void {
    this.#map.clear();
  }
}

/** Process-wide parts of the access module, shared by every request's RequestAccess. */
export class AccessServices {
  readonly db: Db;
  readonly config: AksonConfig;
  readonly find: RegisterLookup;
  readonly auditWriter: AuditWriter;
  readonly resolver: ActorResolver;
  readonly units: {
    describe(
      q: Queryable,
      unitRef: string,
    ): Promise<{ service: string | undefined; orgnr: string | undefined } | undefined>;
  };
  readonly patients: {
    demographics(
      patientId: string,
      q?: Queryable,
    ): Promise<{ familyName: string | undefined; address: string | undefined } | undefined>;
  };
  /** The basis of an actor's access to a patient changes rarely; cache it briefly (it is only for the audit record). */
  readonly bases: {
    get(
      actor: Actor,
      patientId: string,
      load: () => Promise<AuditInput['basis']>,
    ): Promise<AuditInput['basis']>;
  };
  readonly #basisCache = new TtlCache<AuditInput['basis']>(30_000);

  constructor(deps: {
    db: Db;
    config: AksonConfig;
    find: RegisterLookup;
    auditWriter: AuditWriter;
    resolver: ActorResolver;
  }) {
    this.db = deps.db;
    this.config = deps.config;
    this.find = deps.find;
    this.auditWriter = deps.auditWriter;
    this.resolver = deps.resolver;
    const unitCache = new TtlCache<{ service: string | undefined; orgnr: string | undefined } | undefined>(
      60_000,
    );
    this.units = {
      describe: (q, unitRef) =>
        unitCache.get(unitRef, async () => {
          const unit = (
            await this.find('Organization', [['_id', unitRef.replace('Organization/', '')]], q)
          )[0] as
            | {
                type?: { coding?: { system?: string; code?: string }[] }[];
                partOf?: { reference?: string };
                identifier?: { system?: string; value?: string }[];
              }
            | undefined;
          if (!unit) return undefined;
          const parentId = unit.partOf?.reference?.replace('Organization/', '');
          const parent = parentId
            ? ((await this.find('Organization', [['_id', parentId]], q))[0] as typeof unit)
            : undefined;
          return {
            service: unit.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === SERVICE_SYSTEM)?.code,
            orgnr: (parent ?? unit).identifier?.find((i) => i.system === IDENTIFIER_SYSTEMS.orgnr)?.value,
          };
        }),
    };
    const patientCache = new TtlCache<
      { familyName: string | undefined; address: string | undefined } | undefined
    >(300_000);
    this.patients = {
      demographics: (patientId, q) =>
        patientCache.get(patientId, async () => {
          const p = (await this.find('Patient', [['_id', patientId]], q))[0] as
            { name?: { family?: string }[]; address?: { use?: string; line?: string[] }[] } | undefined;
          if (!p) return undefined;
          const home = p.address?.find((a) => a.use === 'home') ?? p.address?.[0];
          return { familyName: p.name?.[0]?.family, address: home?.line?.join(' ') };
        }),
    };
    this.bases = {
      get: (actor, patientId, load) => {
        const who = actor.kind === 'personnel' ? `${actor.practitionerRef}|${actor.unitRef}` : actor.kind;
        return this.#basisCache.get(`${who}|${patientId}`, load);
      },
    };
  }

  /** Relations changed (emergency access, a new episode): forget cached bases so the audit record is right. */
  forgetBases(): void {
    this.#basisCache.clear();
  }
}
