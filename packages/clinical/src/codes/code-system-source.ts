// Where code lists come from. The server reads them from disk (see ../node.ts), the web app fetches them from
// its own origin, tests hand them over in memory. Everything above this interface is the same in all three.

export interface CodeSystemSource {
  /** Reads and JSON-parses a data file by name, e.g. "icd-10.json". */
  readJson(fileName: string): Promise<unknown>;
}

/** Thrown when a data file cannot be read (missing file, HTTP error). */
export class CodeDataUnavailableError extends Error {
  override name = 'CodeDataUnavailableError';
}

type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/**
 * Browser source: fetches `${baseUrl}/${fileName}`. The web app serves packages/clinical/data/codes as static
 * files (or imports them with its bundler's URL import) and passes the base URL here.
 */
export function fetchCodeSystemSource(baseUrl: string, fetchFn?: FetchLike): CodeSystemSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch: FetchLike = fetchFn ?? ((url) => globalThis.fetch(url));
  return {
    async readJson(fileName) {
      const response = await doFetch(`${base}${fileName}`);
      if (!response.ok) {
        throw new CodeDataUnavailableError(`Kunne ikke hente kodeverk ${fileName} (HTTP ${response.status})`);
      }
      return response.json();
    },
  };
}

/** In-memory source for tests and for lists bundled directly into an app. */
export function memoryCodeSystemSource(files: Readonly<Record<string, unknown>>): CodeSystemSource {
  return {
    async readJson(fileName) {
      if (!Object.hasOwn(files, fileName)) throw new CodeDataUnavailableError(`Ukjent datafil: ${fileName}`);
      return files[fileName];
    },
  };
}
