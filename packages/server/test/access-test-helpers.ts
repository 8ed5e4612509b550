import { randomUUID } from 'node:crypto';
import { IDENTIFIER_SYSTEMS } from '@akson/fhir';
import { sql } from '../../store/src/sql/sql.ts';
import { personnelClaims, citizenClaims } from '../src/auth/dev-issuer/demo-users.ts';
import { DEMO_CITIZENS, DEMO_STAFF, type DemoRole } from '../src/demo/demo-municipality.ts';
import { citizenPid, staffPid } from '../src/demo/directory-resources.ts';
import { expectStatus, type TestServer } from './test-server.ts';

/**
 * Test-only helpers for the access and audit tests: tokens with chosen claims, the audit log as stored, and
 * small FHIR fixtures. Everything talks to the server over HTTP except the audit reads, which look at the
 * database directly (to see exactly what was written, and when).
 */

export { sql };

export interface AuditEventJson {
  resourceType: 'AuditEvent';
  id: string;
  contained?: {
    resourceType: string;
    id: string;
    identifier?: { system?: string; value?: string }[];
    name?: unknown;
    partOf?: { identifier?: { system?: string; value?: string }; display?: string };
  }[];
  extension?: {
    url: string;
    valueReference?: { reference?: string };
    extension?: { url: string; valueString?: string; valueBoolean?: boolean }[];
  }[];
  type: { system?: string; code?: string };
  subtype?: { system?: string; code?: string }[];
  action?: string;
  recorded: string;
  outcome: string;
  outcomeDesc?: string;
  source?: { site?: string; observer?: { display?: string } };
  purposeOfEvent?: { coding?: { system?: string; code?: string }[] }[];
  agent: {
    name?: string;
    who?: { reference?: string; display?: string; identifier?: { system?: string; value?: string } };
    role?: { coding?: { system?: string; code?: string }[] }[];
    type?: { coding?: { system?: string; code?: string }[] };
    location?: { display?: string };
  }[];
  entity?: {
    what?: { reference?: string };
    type?: { code?: string };
    role?: { code?: string };
    query?: string;
  }[];
}

export interface StoredAudit {
  readonly id: string;
  readonly patientId: string;
  readonly accessTags: string[];
  readonly lane: number;
  readonly seq: number;
  readonly event: AuditEventJson;
}

/** Every AuditEvent row in the database, in the order they were recorded. */
export async function storedAudit(t: TestServer): Promise<StoredAudit[]> {
  const rows = await t.database.db.query<{
    id: string;
    patient_id: string;
    access_tags: string[];
    lane: number;
    seq: string | number;
    content: string;
  }>(
    sql`SELECT id, patient_id, access_tags, lane, seq, content FROM "AuditEvent" ORDER BY last_updated, lane, seq`,
  );
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    accessTags: r.access_tags,
    lane: Number(r.lane),
    seq: Number(r.seq),
    event: JSON.parse(r.content) as AuditEventJson,
  }));
}

/**
 * The AuditEvents written while `fn` ran (the responses it awaited are complete, and reads are durable before
 * the response, so nothing arrives late). Login events (first use of a token) are left out unless asked for.
 */
export async function auditDuring(
  t: TestServer,
  fn: () => Promise<unknown>,
  options: { logins?: boolean } = {},
): Promise<StoredAudit[]> {
  const before = new Set((await storedAudit(t)).map((e) => e.id));
  await fn();
  return (await storedAudit(t)).filter(
    (e) => !before.has(e.id) && (options.logins === true || e.event.subtype?.[0]?.code !== 'login'),
  );
}

export const subtypeOf = (e: StoredAudit | AuditEventJson): string | undefined =>
  ('event' in e ? e.event : e).subtype?.[0]?.code;

export function careRelationMeta(
  e: AuditEventJson,
): Record<string, string | boolean | undefined> | undefined {
  const ext = e.extension?.find(
    (x) => x.url === 'http://hl7.no/fhir/StructureDefinition/auditevent-carerelation-metadata-extension',
  );
  if (!ext) return undefined;
  return Object.fromEntries((ext.extension ?? []).map((x) => [x.url, x.valueString ?? x.valueBoolean]));
}

export function patientExtension(e: AuditEventJson): string | undefined {
  return e.extension?.find(
    (x) => x.url === 'http://hl7.no/fhir/StructureDefinition/auditevent-patient-extension',
  )?.valueReference?.reference;
}

export function decodedQuery(e: AuditEventJson): string | undefined {
  const q = e.entity?.find((x) => x.query !== undefined)?.query;
  return q === undefined ? undefined : Buffer.from(q, 'base64').toString('utf8');
}

export const staff = (username: string) => {
  const s = DEMO_STAFF.find((x) => x.username === username);
  if (!s) throw new Error(`no demo staff ${username}`);
  return s;
};
export const citizen = (username: string) => {
  const c = DEMO_CITIZENS.find((x) => x.username === username);
  if (!c) throw new Error(`no demo citizen ${username}`);
  return c;
};
export const pidOfStaff = (username: string): string => staffPid(staff(username));
export const pidOfCitizen = (username: string): string => citizenPid(citizen(username));
export const ALL_STAFF_PIDS: readonly string[] = DEMO_STAFF.map((s) => staffPid(s));

/** HelseID-shaped claims for a demo staff member, with a role that may be altered (unit, category...). */
export function staffClaims(
  username: string,
  role: Partial<DemoRole> = {},
  options: { purpose?: string; userSelected?: boolean } = {},
): Record<string, unknown> {
  const s = staff(username);
  const base = s.roles[0] as DemoRole;
  return { client_id: 'akson-web', ...personnelClaims(s, { ...base, ...role }, options) };
}

export function citizenTokenClaims(username: string): Record<string, unknown> {
  return { client_id: 'akson-web', ...citizenClaims(username) };
}

/** Signs claims with the server's own development issuer (a valid token: only the claims decide). */
export async function signed(
  t: TestServer,
  claims: Record<string, unknown>,
  lifetimeSeconds?: number,
): Promise<string> {
  const issuer = t.server.app.akson.devIssuer;
  if (!issuer) throw new Error('the development issuer is off');
  return issuer.sign(claims, lifetimeSeconds);
}

export const FNR = IDENTIFIER_SYSTEMS.fnr;

/**
 * Works around a PGlite hang (reported): a clinician's write computes the audit basis with a query outside the
 * write's transaction (access/request-access.ts, Recorder.basis -> relationsOf(services.db)), which on PGlite's
 * single connection waits for the transaction forever. A read first caches the basis for 30 s.
 */
export async function warmBasis(t: TestServer, as: string, patientId: string): Promise<void> {
  await t.fhir(`Patient/${patientId}`, { as });
}

/** Creates a resource as the integration client (system/*.cruds) and returns it. */
export async function createAsSystem<T extends Record<string, unknown>>(
  t: TestServer,
  resource: T,
  as?: string,
): Promise<T & { id: string }> {
  const type = resource['resourceType'] as string;
  const patient = (resource['subject'] ?? resource['patient']) as { reference?: string } | undefined;
  if (as && patient?.reference?.startsWith('Patient/'))
    await warmBasis(t, as, patient.reference.slice('Patient/'.length));
  return expectStatus<T & { id: string }>(
    await t.fhir(type, { method: 'POST', json: resource, ...(as ? { as } : {}) }),
    201,
  );
}

/** An Encounter of `patientId` at `unitId`: gives the unit a care relation (in progress, so it lasts). */
export function encounterAt(patientId: string, unitId: string): Record<string, unknown> {
  return {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH', display: 'home health' },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { reference: `Organization/${unitId}` },
    period: { start: new Date(Date.now() - 3_600_000).toISOString() },
  };
}

export function observationFor(
  patientId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8310-5', display: 'Body temperature' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: new Date().toISOString(),
    valueQuantity: { value: 37.2, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' },
    ...extra,
  };
}

export function operationParameters(values: Record<string, string>): Record<string, unknown> {
  return {
    resourceType: 'Parameters',
    parameter: Object.entries(values).map(([name, valueString]) => ({ name, valueString })),
  };
}

export interface OperationOutcomeJson {
  resourceType: 'OperationOutcome';
  issue: { severity: string; code: string; details?: { text?: string; coding?: { code?: string }[] } }[];
}

export function errorCodeOf(oo: OperationOutcomeJson): string | undefined {
  return oo.issue?.[0]?.details?.coding?.[0]?.code;
}

export const uniqueSuffix = (): string => randomUUID().slice(0, 8);
