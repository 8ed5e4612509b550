/**
 * Versioned, hand-written migrations. They run in order, each in its own transaction, under an advisory lock
 * so that several server processes starting at once apply each migration exactly once. Resource tables are not
 * here: they are generated from the FHIR definitions and kept in step by migrate.ts; migrations marked
 * 'after-tables' run once those exist (they may refer to them).
 *
 * Never edit a migration that has shipped; add a new one.
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly phase: 'before-tables' | 'after-tables';
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'extensions',
    phase: 'before-tables',
    up: `CREATE EXTENSION IF NOT EXISTS pg_trgm;`,
  },
  {
    id: 2,
    name: 'care relations, patient blocks and the sealed audit log',
    phase: 'after-tables',
    up: `
      -- Care relations (tjenstlig behov): derived from the record in the same transaction as the resource that
      -- implies them, or granted by self-declaration and emergency access. Distributed with the patient's data.
      CREATE TABLE care_relation (
        id text PRIMARY KEY,
        patient_id text NOT NULL,
        unit_ref text,
        practitioner_ref text,
        kind text NOT NULL,
        source_ref text,
        reason text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text
      );
      CREATE INDEX care_relation_unit ON care_relation (unit_ref, patient_id);
      CREATE INDEX care_relation_practitioner ON care_relation (practitioner_ref, patient_id);
      CREATE INDEX care_relation_source ON care_relation (source_ref);
      CREATE INDEX care_relation_patient ON care_relation (patient_id);

      -- Patient blocks (sperring), derived from the patient's Consent resources.
      CREATE TABLE patient_block (
        consent_ref text NOT NULL,
        patient_id text NOT NULL,
        actor_kind text NOT NULL,
        actor_value text NOT NULL,
        scope_kind text NOT NULL,
        scope_value text NOT NULL DEFAULT '',
        PRIMARY KEY (consent_ref, actor_kind, actor_value, scope_kind, scope_value)
      );
      CREATE INDEX patient_block_patient ON patient_block (patient_id);

      -- The audit log is hash-chained in lanes (one chain per lane, so writers on different connections do not
      -- wait for each other). Each row's chain_hash seals its content and the previous row of its lane.
      CREATE TABLE audit_chain (lane integer PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL);
      ALTER TABLE "AuditEvent" ADD COLUMN lane integer, ADD COLUMN seq bigint, ADD COLUMN chain_hash text;
      CREATE UNIQUE INDEX audit_event_lane_seq ON "AuditEvent" (lane, seq);

      -- Review marks by the security officer; the events themselves never change.
      CREATE TABLE audit_review (
        audit_id text PRIMARY KEY,
        reviewed_by text NOT NULL,
        reviewed_at timestamptz NOT NULL,
        comment text NOT NULL
      );

      -- Append-only: no role may change or remove audit entries through SQL, superusers included (they would have
      -- to drop the triggers, which \`akson audit verify\` then exposes through the broken chain).
      CREATE FUNCTION akson_forbid_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'The audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
        FOR EACH ROW EXECUTE FUNCTION akson_forbid_audit_change();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
        FOR EACH STATEMENT EXECUTE FUNCTION akson_forbid_audit_change();
      CREATE TRIGGER audit_chain_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain
        FOR EACH STATEMENT EXECUTE FUNCTION akson_forbid_audit_change();
      REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM PUBLIC;
    `,
  },
  {
    id: 3,
    name: 'every audit row has a place in a sealed chain',
    phase: 'after-tables',
    up: `
      ALTER TABLE "AuditEvent" ADD CONSTRAINT audit_event_sealed
        CHECK (lane IS NOT NULL AND seq IS NOT NULL AND chain_hash IS NOT NULL);
    `,
  },
  {
    id: 4,
    name: 'emergency and self-declared access hold for the unit they were taken for',
    phase: 'after-tables',
    up: `
      -- Personal grants now carry the unit the practitioner acted for (care-relations.ts relationHeldBy); earlier
      -- ones get it from the PractitionerRole that took them (created_by). A grant whose role is gone keeps no
      -- unit and so gives no access: it was time-limited anyway.
      UPDATE care_relation r SET unit_ref = pr.content::jsonb -> 'organization' ->> 'reference'
      FROM "PractitionerRole" pr
      WHERE r.kind IN ('emergency', 'self-declared') AND r.unit_ref IS NULL AND r.practitioner_ref IS NOT NULL
        AND r.created_by = 'PractitionerRole/' || pr.id
        AND pr.content::jsonb -> 'organization' ->> 'reference' LIKE 'Organization/%';
    `,
  },
  {
    id: 5,
    name: 'log review marks for entries that are no single event',
    phase: 'after-tables',
    up: `
      -- A review mark is keyed by the AuditEvent id, or by the key of a flagged entry that is no one event
      -- (unusual volume: the user and the period), so every kind of flagged entry can be marked reviewed.
      ALTER TABLE audit_review RENAME COLUMN audit_id TO entry_key;
    `,
  },
  {
    id: 6,
    name: 'GIN indexes keep a short pending list',
    phase: 'after-tables',
    up: `
      -- Every search scans a GIN index's pending list; the embedded database never vacuums it away (see
      -- tables.ts GIN_WITH). Indexes made before get the 64 kB limit, and their pending entries are merged now.
      DO $$
      DECLARE ix regclass;
      BEGIN
        FOR ix IN
          SELECT c.oid::regclass FROM pg_class c JOIN pg_am am ON am.oid = c.relam
          WHERE c.relkind = 'i' AND am.amname = 'gin' AND c.relnamespace = 'public'::regnamespace
            AND NOT coalesce(c.reloptions, '{}') @> ARRAY['gin_pending_list_limit=64']
        LOOP
          EXECUTE format('ALTER INDEX %s SET (gin_pending_list_limit = 64)', ix);
          PERFORM gin_clean_pending_list(ix);
        END LOOP;
      END $$;
    `,
  },
];
