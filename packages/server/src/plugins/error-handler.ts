import { AksonError, fail, httpStatusFor, type ErrorCategory, type ErrorCode } from '@akson/fhir';
import type { FastifyError, FastifyInstance } from 'fastify';
import { FHIR_JSON } from '../fhir/render/media-types.ts';
import { routeOf } from './log-serializers.ts';

/** Fastify's own errors that are the client's fault, by Fastify error code. */
const FASTIFY_CODES: Record<string, { category: ErrorCategory; code: Parameters<typeof fail>[0] }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { category: 'too-large', code: 'AKS_ERR_REQUEST_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { category: 'unsupported-media-type', code: 'AKS_ERR_REQUEST_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { category: 'invalid', code: 'AKS_ERR_REQUEST_HEADER' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { category: 'invalid', code: 'AKS_ERR_REQUEST_BODY_MISSING' },
  FST_ERR_CTP_INVALID_TYPE: { category: 'unsupported-media-type', code: 'AKS_ERR_REQUEST_MEDIA_TYPE' },
};

/**
 * Refusals by Node's HTTP parser whose status HTTP itself prescribes and the category table has no category for
 * (431, 408); every other code takes its category's status. docs/errors.md says the same.
 */
const PROTOCOL_STATUS: Partial<Record<ErrorCode, number>> = {
  AKS_ERR_REQUEST_HEADERS_TOO_LARGE: 431,
  AKS_ERR_REQUEST_TIMEOUT: 408,
};

/** The HTTP status of an error's answer. */
export function statusOf(error: AksonError): number {
  return PROTOCOL_STATUS[error.code as ErrorCode] ?? httpStatusFor(error.category);
}

/**
 * The one place errors become HTTP responses: an AksonError's category picks the status (outcomes/status.ts),
 * Fastify's client errors are mapped to their catalogue codes, and anything else is a logged 500 whose body
 * says nothing about the internals.
 */
export function registerErrorHandler(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError | AksonError, request, reply) => {
    let akson: AksonError;
    let logged = false;
    if (error instanceof AksonError) {
      akson = error;
    } else if ('code' in error && typeof error.code === 'string' && FASTIFY_CODES[error.code]) {
      const mapped = FASTIFY_CODES[error.code] as (typeof FASTIFY_CODES)[string];
      akson = fail(mapped.code, {
        limit: bodyLimit,
        type: request.headers['content-type'] ?? '(none)',
        header: 'Content-Length',
        detail: error.message,
      });
    } else if ((error as FastifyError).statusCode === 400 || (error as FastifyError).validation) {
      akson = fail('AKS_ERR_REQUEST_HEADER', { header: 'request', detail: error.message });
    } else {
      request.log.error({ err: error, route: routeOf(request) }, 'unhandled error');
      akson = fail('AKS_ERR_INTERNAL', { requestId: request.id });
      logged = true;
    }
    if (!logged && (akson.category === 'internal' || akson.category === 'busy')) {
      request.log.error(
        { err: akson.cause ?? akson, code: akson.code, route: routeOf(request) },
        akson.message,
      );
    }
    if (akson.category === 'unauthenticated') {
      const description = akson.message.replace(/["\\]/g, "'");
      const error = akson.code === 'AKS_ERR_AUTH_MISSING' ? 'invalid_request' : 'invalid_token';
      // Both schemes are offered: plain bearer tokens and DPoP-bound ones (HelseID issues the latter).
      void reply.header(
        'www-authenticate',
        `Bearer realm="akson", error="${error}", error_description="${description}", DPoP realm="akson", algs="ES256 RS256 PS256"`,
      );
    }
    void reply
      .status(statusOf(akson))
      .header('content-type', FHIR_JSON)
      .send(JSON.stringify(akson.toOperationOutcome()));
  });
  app.setNotFoundHandler((request, reply) => {
    const err = fail('AKS_ERR_ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] });
    void reply.status(404).header('content-type', FHIR_JSON).send(JSON.stringify(err.toOperationOutcome()));
  });
}
