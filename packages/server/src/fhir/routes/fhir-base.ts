import type { AksonConfig } from '../../config/schema.ts';

export function fhirBase(config: AksonConfig): string {
  return `${config.publicUrl}/fhir`;
}
