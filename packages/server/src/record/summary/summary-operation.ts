import type { FastifyRequest } from 'fastify';
import { fhirBase } from '../../fhir/routes/fhir-base.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { operationInput, operationQuery, withServerTiming } from '../../fhir/operations/operation-input.ts';
import { recordSearch } from './record-search.ts';
import { summaryDocument } from './summary-document.ts';
import { readSummary } from './summary-reads.ts';
import { summarySections } from './summary-sections.ts';

/**
 * GET|POST Patient/{id}/$summary: an International-Patient-Summary-shaped document of what the caller may see
 * (docs/record.md, "Reading the record"). One access in the audit log, however many searches it takes.
 */
export const summaryOperation: OperationDefinitionEntry = {
  name: 'summary',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET', 'POST'],
  definition: 'http://hl7.org/fhir/uv/ips/OperationDefinition/summary',
  handler: async (request, reply, config, target) => {
    const started = performance.now();
    operationInput(request, []);
    const text = await patientSummary(request, target.id as string, fhirBase(config), {
      timeZone: config.timeZone,
      maxCount: config.search.maxCount,
    });
    return sendJson(withServerTiming(reply, 'summary', started), request, 200, text);
  },
};

async function patientSummary(
  request: FastifyRequest,
  patientId: string,
  base: string,
  { timeZone, maxCount }: { timeZone: string; maxCount: number },
): Promise<string> {
  const fhir = request.fhir;
  return fhir.readPatientRecord(patientId, operationQuery(request), async (patient) => {
    const now = new Date();
    const reads = await readSummary(fhir, recordSearch(fhir, patientId), patient, now, maxCount);
    return summaryDocument(base, patient, summarySections(reads, { now, timeZone }), reads.referenced, now);
  });
}
