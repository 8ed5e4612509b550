/** A stored version of a resource, as the store returns it. `content` is the resource's JSON text. */
export interface ResourceRow {
  readonly type: string;
  readonly id: string;
  readonly versionId: number;
  readonly lastUpdated: string;
  readonly deleted: boolean;
  /** Patient compartment id ('' when none). */
  readonly patientId: string;
  /** Labels the access module attached when the version was written (categories, producing unit...). */
  readonly accessTags: readonly string[];
  /** JSON text of the resource; null for a deletion. */
  readonly content: string | null;
  /** Whether the reader's scope includes the row (set when the row was read with a scope). */
  readonly visible?: boolean;
}

/** Raw row shape as selected by ROW_COLUMNS. */
export interface DbRow {
  id: string;
  version_id: number;
  last_updated: string;
  deleted: boolean;
  patient_id: string;
  access_tags: string[] | null;
  content: string | null;
  visible?: boolean;
}

export function toResourceRow(type: string, row: DbRow): ResourceRow {
  return {
    ...(row.visible === undefined ? {} : { visible: row.visible }),
    type,
    id: row.id,
    versionId: Number(row.version_id),
    lastUpdated: normalizeTimestamp(row.last_updated),
    deleted: row.deleted,
    patientId: row.patient_id,
    accessTags: row.access_tags ?? [],
    content: row.content,
  };
}

/** PostgreSQL's "2024-01-02 03:04:05.678+00" as an ISO instant. */
export function normalizeTimestamp(value: string): string {
  const d = new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
