import { FNR, observation } from './bench-data.ts';
import type { LoadRequest } from './load-generator.ts';

export interface ServerInfo {
  readonly port: number;
  readonly tokens: { nurse?: string; system?: string };
  readonly data: { patientIds: string[]; fnrs: string[] };
}

export interface Workload {
  readonly name: string;
  readonly label: string;
  readonly concurrency: number;
  readonly expectStatus: number;
  readonly next: (server: ServerInfo, i: number) => LoadRequest;
}

const json = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' };
const auth = (s: ServerInfo): Record<string, string> =>
  s.tokens.nurse ? { authorization: `Bearer ${s.tokens.nurse}` } : {};
const pick = <T>(list: readonly T[], i: number): T => list[(i * 7919) % list.length] as T;

/** The workloads of DESIGN.md §6, as a home-care nurse with a care relation to every benchmark patient. */
export const WORKLOADS: readonly Workload[] = [
  {
    name: 'read',
    label: 'read Patient by id',
    concurrency: 16,
    expectStatus: 200,
    next: (s, i) => ({
      method: 'GET',
      path: `/fhir/Patient/${pick(s.data.patientIds, i)}`,
      headers: { ...json, ...auth(s) },
    }),
  },
  {
    name: 'search-identifier',
    label: 'search Patient by identifier',
    concurrency: 16,
    expectStatus: 200,
    next: (s, i) => ({
      method: 'GET',
      path: `/fhir/Patient?identifier=${encodeURIComponent(`${FNR}|${pick(s.data.fnrs, i)}`)}`,
      headers: { ...json, ...auth(s) },
    }),
  },
  {
    name: 'search-date-patient',
    label: 'search Observation by patient and date range',
    concurrency: 16,
    expectStatus: 200,
    next: (s, i) => ({
      method: 'GET',
      path: `/fhir/Observation?patient=Patient/${pick(s.data.patientIds, i)}&date=ge2025-03-01&date=lt2025-09-01`,
      headers: { ...json, ...auth(s) },
    }),
  },
  {
    name: 'create',
    label: 'create Observation (validated, indexed, audited)',
    concurrency: 16,
    expectStatus: 201,
    next: (s, i) => ({
      method: 'POST',
      path: '/fhir/Observation',
      headers: { ...json, ...auth(s), prefer: 'return=minimal' },
      body: JSON.stringify(observation(pick(s.data.patientIds, i), new Date().toISOString(), 70)),
    }),
  },
  {
    name: 'transaction-100',
    label: 'transaction Bundle of 100 Observations',
    concurrency: 1,
    expectStatus: 200,
    next: (s, i) => ({
      method: 'POST',
      path: '/fhir',
      headers: { ...json, ...auth(s), prefer: 'return=minimal' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: Array.from({ length: 100 }, (_, k) => ({
          fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i * 100 + k).padStart(12, '0')}`,
          request: { method: 'POST', url: 'Observation' },
          resource: observation(pick(s.data.patientIds, i + k), new Date().toISOString(), 60 + (k % 30)),
        })),
      }),
    }),
  },
];
