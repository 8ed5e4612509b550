import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import { fail, type AksonError } from '@akson/fhir';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_JSON } from '../fhir/render/media-types.ts';
import { NO_STORE } from './cache-policy.ts';
import { statusOf } from './error-handler.ts';

/** Longest path segment the router takes (a FHIR id is at most 64 characters; operation names are short). */
export const MAX_PATH_SEGMENT = 200;

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over `maxHeaderSize`, a header Node
 * cannot parse, a request that never finished arriving): answered on the raw socket, as Fastify's default
 * does, but with an OperationOutcome. Bound to the Fastify instance (`clientErrorHandler`).
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A connection the client already dropped has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const akson =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? fail('AKS_ERR_REQUEST_HEADERS_TOO_LARGE', { limit: maxHeaderSize })
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? fail('AKS_ERR_REQUEST_TIMEOUT')
        : fail('AKS_ERR_REQUEST_MALFORMED', { detail: parserReason(error) });
  this.log.debug({ code: error.code }, 'client error');
  const status = statusOf(akson);
  const body = JSON.stringify(akson.toOperationOutcome());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: ${FHIR_JSON}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\ncache-control: ${NO_STORE}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * What the router refuses before any route runs (`frameworkErrors`): a path that is not valid percent-encoding.
 * (A path segment over MAX_PATH_SEGMENT characters would be another, but the web app's catch-all route takes
 * such paths first and they end as the usual 404.) These replies skip the application's hooks, so the headers
 * every answer carries are set here.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  let akson: AksonError;
  if (error.code === 'FST_ERR_BAD_URL') {
    akson = fail('AKS_ERR_REQUEST_MALFORMED', { detail: 'the URL path is not valid percent-encoding' });
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    akson = fail('AKS_ERR_ROUTE_NOT_FOUND', { method: request.method, url: '(a path too long to name)' });
  } else {
    request.log.error({ err: error }, 'router error');
    akson = fail('AKS_ERR_INTERNAL', { requestId: request.id });
  }
  void reply
    .status(statusOf(akson))
    .header('content-type', FHIR_JSON)
    .header('cache-control', NO_STORE)
    .header('x-request-id', request.id)
    .send(JSON.stringify(akson.toOperationOutcome()));
}

/** Node's parser errors name the rule that was broken ("Invalid header value char"), never the bytes. */
function parserReason(error: NodeJS.ErrnoException): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason ? reason : (error.code ?? 'unreadable request');
}
