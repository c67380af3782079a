// The API's one error format, `{ error: { code, message, issues? } }`, and the Fastify error handler that produces it for every failure.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CarrierError } from '../carrier/errors.ts';
import { ConfigError } from '../carrier/config-error.ts';
import { ApiError, type ApiIssue } from '../runtime/api-error.ts';

export { ApiError, type ApiErrorBody, type ApiIssue } from '../runtime/api-error.ts';

/** 400 with one issue naming the field. */
export function badField(path: string, message: string): ApiError {
  return new ApiError(400, 'INVALID_INPUT', `${path}: ${message}`, [{ path, message }]);
}

/** 409 for a duplicate, naming the one that exists (`error.existingId`). */
export function duplicateOf(code: string, existingId: string, message: string, path: string): ApiError {
  const error = new ApiError(409, code, message, [{ path, message }]);
  error.existingId = existingId;
  return error;
}

/** 404 that says nothing about whether the thing exists for someone else. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `${what} not found`);
}

/** Zod issues as API issues, prefixed with where the input came from (body, query, params, headers). */
export function zodIssues(error: z.ZodError, prefix: string): ApiIssue[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message }));
}

/** Where Fastify says invalid input came from, as our issue paths name it. */
const VALIDATION_PARTS: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'body is empty but content-type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: 'body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'content-type is not supported; send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH', message: 'content-length does not match the body' },
};

/** Converts any thrown error to the API format. Unknown errors are 500 with a generic message (details go to the log only). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const prefix = VALIDATION_PARTS[fastifyError.validationContext ?? 'body'] ?? fastifyError.validationContext ?? 'body';
    const issues = error.validation.map((issue) => ({
      path: [prefix, ...issue.instancePath.split('/')].filter(Boolean).join('.'),
      message: issue.message ?? 'invalid',
    }));
    return new ApiError(400, 'INVALID_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  if (fastifyError.code && FASTIFY_CODES[fastifyError.code]) {
    const known = FASTIFY_CODES[fastifyError.code]!;
    return new ApiError(known.status, known.code, known.message, [{ path: 'body', message: known.message }]);
  }
  if (error instanceof ConfigError)
    return new ApiError(
      422,
      'INVALID_CONFIGURATION',
      error.message,
      error.issues.map((i) => ({ path: i.path, message: i.message })),
    );
  if (error instanceof CarrierError) {
    const status = error.retryable ? 503 : 502;
    return new ApiError(
      status,
      `CARRIER_${error.code}`,
      `${error.carrierId}: ${error.message}`,
      undefined,
      error.retryable ? { 'retry-after': '5' } : {},
    );
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError(fastifyError.statusCode, fastifyError.code ?? 'BAD_REQUEST', fastifyError.message);
  }
  return new ApiError(500, 'INTERNAL', 'internal error; see the server log');
}

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(apiError.statusCode).headers(apiError.headers).send(apiError.body());
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    void reply.code(404).send(new ApiError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).body());
  });
}
