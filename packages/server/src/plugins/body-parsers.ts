import { fail, parseFhirJson } from '@akson/fhir';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { exceedsJsonDepth } from './json-depth.ts';

/** Content types whose body is FHIR JSON. Real clients send plain application/json too. */
export const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json-patch+json'];

/**
 * Request bodies: JSON (FHIR JSON, plain JSON, JSON Patch) with a depth guard and FHIR errors, and form bodies
 * for POST _search and the token endpoint. Any other content type is refused with 415 by Fastify.
 */
export function registerBodyParsers(app: FastifyInstance, maxDepth: number): void {
  app.removeAllContentTypeParsers();
  const parseJson = (
    _req: FastifyRequest,
    body: string,
    done: (err: Error | null, value?: unknown) => void,
  ): void => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    if (exceedsJsonDepth(body, maxDepth)) {
      done(fail('AKS_ERR_REQUEST_TOO_DEEP', { max: maxDepth }));
      return;
    }
    try {
      done(null, parseFhirJson(body));
    } catch (err) {
      done(fail('AKS_ERR_REQUEST_INVALID_JSON', { detail: (err as Error).message }));
    }
  };
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body: string, done: (err: Error | null, value?: unknown) => void) => {
      done(null, [...new URLSearchParams(body)]);
    },
  );
}
