import {
  fail,
  getSearchParam,
  isValidId,
  loadDefinitions,
  type Filter,
  type SearchParamDef,
} from '@akson/fhir';

/** Patient/{id}/{type}: the filter matching resources of `type` in that patient's compartment. */
export function compartmentFilterFor(type: string, patientId: string): Filter {
  if (!isValidId(patientId)) throw fail('AKS_ERR_RESOURCE_ID_INVALID', { id: patientId });
  const codes = type === 'Patient' ? [] : loadDefinitions().patientCompartment.get(type);
  if (!codes)
    throw fail('AKS_ERR_RESOURCE_TYPE_UNKNOWN', { type: `${type} (not in the Patient compartment)` });
  const params = codes
    .map((c) => getSearchParam(type, c))
    .filter((p): p is SearchParamDef => p !== undefined);
  return { kind: 'compartment', patientId, params };
}
