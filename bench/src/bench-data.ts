import { syntheticNationalId } from '@akson/fhir';
import { platformService } from '@akson/server';
import type { FastifyInstance } from 'fastify';

export const BENCH_UNIT = 'hjemmesykepleien-nord';
export const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';

export interface BenchData {
  readonly patientIds: string[];
  readonly fnrs: string[];
  readonly observationIds: string[];
  readonly seconds: number;
  readonly resources: number;
}

/**
 * A synthetic dataset for the benchmark: `patients` citizens with synthetic national ids, each followed by the
 * benchmark user's home-care unit (an active episode of care) and with `observationsPerPatient` pulse readings
 * spread over the last year. Written through the platform's own service, in transactions of `batch`.
 */
export async function seedBenchData(
  app: FastifyInstance,
  patients: number,
  observationsPerPatient: number,
  onProgress?: (done: number) => void,
): Promise<BenchData> {
  const service = platformService(app, 'Akson benchmark');
  const started = performance.now();
  const patientIds: string[] = [];
  const fnrs: string[] = [];
  const observationIds: string[] = [];
  const batch = 50;
  for (let start = 0; start < patients; start += batch) {
    await service.transaction(async (tx) => {
      for (let i = start; i < Math.min(patients, start + batch); i++) {
        const year = 1930 + (i % 80);
        const birthDate = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
        const fnr = syntheticNationalId({
          birthDate,
          gender: i % 2 ? 'male' : 'female',
          sequence: Math.floor(i / 960),
        });
        const patient = await service.create(
          'Patient',
          {
            resourceType: 'Patient',
            identifier: [{ system: FNR, value: fnr }],
            name: [{ family: `Benk${i}`, given: ['Test'] }],
            gender: i % 2 ? 'male' : 'female',
            birthDate,
          },
          {},
          tx,
        );
        patientIds.push(patient.id);
        fnrs.push(fnr);
        await service.create(
          'EpisodeOfCare',
          {
            resourceType: 'EpisodeOfCare',
            status: 'active',
            patient: { reference: `Patient/${patient.id}` },
            managingOrganization: { reference: `Organization/${BENCH_UNIT}` },
            period: { start: '2024-01-01' },
          },
          {},
          tx,
        );
        for (let k = 0; k < observationsPerPatient; k++) {
          const when = new Date(
            Date.UTC(2025, 0, 1) + k * Math.floor((365 * 86_400_000) / observationsPerPatient),
          ).toISOString();
          const obs = await service.create(
            'Observation',
            observation(patient.id, when, 60 + ((i + k) % 40)),
            {},
            tx,
          );
          observationIds.push(obs.id);
        }
      }
    });
    onProgress?.(Math.min(patients, start + batch));
  }
  return {
    patientIds,
    fnrs,
    observationIds,
    seconds: (performance.now() - started) / 1000,
    resources: patients * (2 + observationsPerPatient),
  };
}

export function observation(patientId: string, effective: string, value: number): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}
