import { loadDefinitions } from '@akson/fhir';
import { relationHeldBy } from '../access/care-relations.ts';
import { and, col, or, raw, sql, type Sql } from '../sql/sql.ts';

/**
 * Which rows a reader may see, said declaratively. The access module (packages/server/src/access) builds the
 * scope for each request from its rules; this file is the only place that turns a scope into SQL, and every
 * query the store runs for a reader (search, includes, chains, _has, history, counts, conditional matches and
 * single reads) applies it to every table it touches. Nothing is filtered after the query, so paging and
 * counts never see rows the reader may not.
 */
export type ReadScope = AllScope | NoneScope | RestrictedScope;

export interface AllScope {
  readonly kind: 'all';
}
export interface NoneScope {
  readonly kind: 'none';
}

export interface RestrictedScope {
  readonly kind: 'restricted';
  /**
   * Patients reachable through care relations of the reader's unit, or of the reader personally while acting
   * for that unit (see access/care-relations.ts `relationHeldBy`).
   */
  readonly relations?: {
    readonly unitRef: string | undefined;
    readonly practitionerRef: string;
    readonly graceDays: number;
  };
  /** Patients the reader may see directly (a citizen and those they act for). */
  readonly patientIds?: readonly string[];
  /** Every patient (combined with requiredTags: the security officer's view of their municipality's audit log). */
  readonly anyPatient?: boolean;
  /** Rows must carry all of these tags. */
  readonly requiredTags?: readonly string[];
  /** Rows outside every patient compartment of these types are visible (organisations, staff, medicines...). */
  readonly referenceTypes: ReadonlySet<string>;
  /** A row carrying `hide` is visible only if it also carries one of `unless`. */
  readonly tagRules: readonly { readonly hide: string; readonly unless: readonly string[] }[];
  /** Whom patient blocks (sperring) are checked against; undefined when blocks do not apply (the citizen). */
  readonly blockActors?: {
    readonly practitionerRef: string;
    readonly unitRef: string | undefined;
    readonly service: string | undefined;
  };
  /** Rows any patient block covers are hidden, whoever it names (a system client, which acts for no one unit). */
  readonly blockedForAnyone?: boolean;
  /** Resource types with a different scope (AuditEvent for a security officer, say). */
  readonly perType?: Readonly<Record<string, ReadScope>>;
}

export const ALL: ReadScope = { kind: 'all' };
export const NONE: ReadScope = { kind: 'none' };

export function scopeFilter(scope: ReadScope, alias: string, type: string): Sql {
  switch (scope.kind) {
    case 'all':
      return raw('TRUE');
    case 'none':
      return raw('FALSE');
    case 'restricted': {
      const override = scope.perType?.[type];
      if (override) return scopeFilter(override, alias, type);
      const required = scope.requiredTags?.length
        ? [sql`${col(alias, 'access_tags')} @> ${[...scope.requiredTags]}::text[]`]
        : [];
      return and([
        reachable(scope, alias, type),
        ...required,
        ...tagRules(scope, alias),
        ...blocks(scope, alias, type),
      ]);
    }
  }
}

/** Same scope without tag rules and blocks: what the reader would see if nothing were withheld. */
export function unwithheld(scope: ReadScope): ReadScope {
  if (scope.kind !== 'restricted') return scope;
  const { blockActors: _b, tagRules: _t, blockedForAnyone: _a, ...rest } = scope;
  return { ...rest, tagRules: [] };
}

/**
 * The scope, also reaching the rows of `type` filed under `records` where it reaches `patientId` by name
 * (`patientIds`: a citizen and those they act for). For records merged into that patient (Patient/$merge): what
 * stays filed under the retired record (its audit log, which is never rewritten) is the same person's. Scopes
 * that reach patients otherwise (care relations, every patient) are returned unchanged, as are all other types.
 */
export function reachingMergedRecords(
  scope: ReadScope,
  type: string,
  patientId: string,
  records: readonly string[],
): ReadScope {
  if (scope.kind !== 'restricted' || records.length === 0) return scope;
  const override = scope.perType?.[type];
  if (override) {
    const widened = reachingMergedRecords(override, type, patientId, records);
    return widened === override ? scope : { ...scope, perType: { ...scope.perType, [type]: widened } };
  }
  if (!scope.patientIds?.includes(patientId)) return scope;
  const { perType: _perType, ...own } = scope;
  return {
    ...scope,
    perType: { ...scope.perType, [type]: { ...own, patientIds: [...scope.patientIds, ...records] } },
  };
}

function reachable(scope: RestrictedScope, alias: string, type: string): Sql {
  const patient = col(alias, 'patient_id');
  const options: Sql[] = [];
  // Rows outside every patient compartment: reference data is visible, anything else (a Binary without a
  // security context, say) is not.
  if (scope.anyPatient) options.push(raw('TRUE'));
  if (scope.referenceTypes.has(type)) options.push(sql`${patient} = ''`);
  if (scope.patientIds && scope.patientIds.length > 0)
    options.push(sql`${patient} = ANY(${[...scope.patientIds]}::text[])`);
  if (scope.relations) {
    const r = scope.relations;
    const holders = relationHeldBy('r', r);
    // Correlated on the row's patient: an index lookup for one row, a semi-join for a search. (The IN form
    // would collect every patient of the unit to test each row.)
    options.push(sql`EXISTS (
      SELECT 1 FROM care_relation r
      WHERE r.patient_id = ${patient} AND ${holders} AND r.starts_at <= now()
        AND (r.ends_at IS NULL OR r.ends_at + CASE WHEN r.kind IN ('emergency', 'self-declared') THEN interval '0' ELSE make_interval(days => ${r.graceDays}::integer) END > now()))`);
  }
  return or(options);
}

function tagRules(scope: RestrictedScope, alias: string): Sql[] {
  const tags = col(alias, 'access_tags');
  return scope.tagRules.map(
    (rule) =>
      sql`(${tags} IS NULL OR NOT (${tags} @> ${[rule.hide]}::text[]) OR ${tags} && ${[...rule.unless]}::text[])`,
  );
}

function blocks(scope: RestrictedScope, alias: string, type: string): Sql[] {
  const actors = scope.blockActors;
  if (!actors && !scope.blockedForAnyone) return [];
  const who: Sql[] = [];
  if (scope.blockedForAnyone) who.push(raw('TRUE'));
  if (actors) {
    who.push(sql`(b.actor_kind = 'practitioner' AND b.actor_value = ${actors.practitionerRef})`);
    if (actors.unitRef) who.push(sql`(b.actor_kind = 'unit' AND b.actor_value = ${actors.unitRef})`);
    if (actors.service) who.push(sql`(b.actor_kind = 'service' AND b.actor_value = ${actors.service})`);
  }
  // A block of "everything" leaves the Patient resource itself visible: the clinician can identify the
  // patient and is told something is withheld, never what.
  const all = type === 'Patient' ? raw('FALSE') : sql`b.scope_kind = 'all'`;
  return [
    sql`NOT EXISTS (SELECT 1 FROM patient_block b
      WHERE b.patient_id = ${col(alias, 'patient_id')} AND ${or(who)}
        AND (${all}
          OR (b.scope_kind = 'category' AND ${col(alias, 'access_tags')} @> ARRAY['cat:' || b.scope_value])
          OR (b.scope_kind = 'resource' AND b.scope_value = ${type + '/'} || ${col(alias, 'id')})))`,
  ];
}

/** Types whose rows outside patient compartments are reference data (for RestrictedScope.referenceTypes). */
export function referenceDataTypes(): Set<string> {
  const compartment = loadDefinitions().patientCompartment;
  const notReference = new Set([
    'Binary',
    'Bundle',
    'AuditEvent',
    'Provenance',
    'Consent',
    'DocumentManifest',
    'Basic',
    'Parameters',
  ]);
  return new Set(
    loadDefinitions().resourceTypes.filter(
      (t) => !compartment.has(t) && t !== 'Patient' && !notReference.has(t),
    ),
  );
}
