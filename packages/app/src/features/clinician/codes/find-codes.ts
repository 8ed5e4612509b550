import type { Parameters, ValueSet } from '@medplum/fhirtypes';
import { ApiError } from '../../../api/api-error.ts';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { parameterGroups } from '../../../api/parameters.ts';

export interface CodeHit {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** The server has no code search: the form falls back to typing the code. */
export class CodeSearchUnavailable extends Error {}

/**
 * Code search by text (`CodeSystem/$find-codes?system=atc&text=...`, docs/record.md): the medicine and diagnosis
 * pickers. Reads a ValueSet expansion or Parameters with one `match` per hit.
 */
export async function findCodes(
  client: FhirClient,
  system: string,
  text: string,
  signal?: AbortSignal,
): Promise<CodeHit[]> {
  let body: ValueSet | Parameters;
  try {
    body = await client.operation<ValueSet | Parameters>('CodeSystem/$find-codes', {
      params: { system, text, count: 20 },
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'AKS_ERR_OPERATION_UNKNOWN' || err.status === 404))
      throw new CodeSearchUnavailable();
    throw err;
  }
  if (body.resourceType === 'ValueSet')
    return (body.expansion?.contains ?? []).map((c) => ({
      system: c.system ?? '',
      code: c.code ?? '',
      display: c.display ?? c.code ?? '',
    }));
  return parameterGroups(body, 'match').map((m) => {
    const coding = m['code'] as { system?: string; code?: string; display?: string } | string | undefined;
    return typeof coding === 'object'
      ? {
          system: coding.system ?? '',
          code: coding.code ?? '',
          display: coding.display ?? String(m['display'] ?? ''),
        }
      : {
          system: String(m['system'] ?? ''),
          code: String(coding ?? ''),
          display: String(m['display'] ?? ''),
        };
  });
}
