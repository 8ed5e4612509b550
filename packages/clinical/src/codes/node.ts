// Node-only: read code lists and population data from packages/clinical/data/codes on disk.
// The browser-safe API in ./index.ts works against any CodeSystemSource; this file supplies the file-system one.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeDataUnavailableError, type CodeSystemSource } from './code-system-source.ts';
import { createCodeRegistry, type CodeRegistry } from './code-registry.ts';
import {
  loadCounties,
  loadMunicipalities,
  loadNameFrequencies,
  loadPostalCodes,
  loadPostalCodesByMunicipality,
  type County,
  type Municipality,
  type NameFrequencies,
  type PostalCode,
} from './population-data.ts';

/** Absolute path of the bundled data directory (packages/clinical/data/codes). */
export const CODE_DATA_DIR = fileURLToPath(new URL('../../data/codes/', import.meta.url));

/** Reads data files from a directory (default: the bundled data). */
export function fileCodeSystemSource(directory: string = CODE_DATA_DIR): CodeSystemSource {
  return {
    async readJson(fileName) {
      if (fileName.includes('/') || fileName.includes('\\') || fileName.startsWith('.')) {
        throw new CodeDataUnavailableError(`Invalid data file name: ${fileName}`);
      }
      let text: string;
      try {
        text = await readFile(join(directory, fileName), 'utf8');
      } catch (error) {
        throw new CodeDataUnavailableError(
          `Kunne ikke lese kodeverk ${fileName}: ${(error as Error).message}`,
        );
      }
      return JSON.parse(text) as unknown;
    },
  };
}

/** A code registry over the bundled data files. Create one per process and share it. */
export function createFileCodeRegistry(directory: string = CODE_DATA_DIR): CodeRegistry {
  return createCodeRegistry(fileCodeSystemSource(directory));
}

export function readMunicipalities(directory: string = CODE_DATA_DIR): Promise<Municipality[]> {
  return loadMunicipalities(fileCodeSystemSource(directory));
}

export function readCounties(directory: string = CODE_DATA_DIR): Promise<County[]> {
  return loadCounties(fileCodeSystemSource(directory));
}

export function readPostalCodes(directory: string = CODE_DATA_DIR): Promise<PostalCode[]> {
  return loadPostalCodes(fileCodeSystemSource(directory));
}

export function readPostalCodesByMunicipality(
  directory: string = CODE_DATA_DIR,
): Promise<Map<string, PostalCode[]>> {
  return loadPostalCodesByMunicipality(fileCodeSystemSource(directory));
}

export function readNameFrequencies(directory: string = CODE_DATA_DIR): Promise<NameFrequencies> {
  return loadNameFrequencies(fileCodeSystemSource(directory));
}
