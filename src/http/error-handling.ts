import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { SegmentInsightsError, type ErrorCode } from '../core/errors.js';
import { MemberListTooLargeError } from '../service/segment-checks.js';

/** Status per error code of the product's error family. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  'invalid-input': 400,
  'invalid-rule': 422,
  'not-found': 404,
  conflict: 409,
  'bad-configuration': 500,
  'engine-failure': 500,
};

/** Codes the HTTP layer adds to the product's own, for failures that happen before a handler. */
export const HTTP_ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'cross-origin-request',
  'misdirected-request',
  'payload-too-large',
  'unsupported-media-type',
  'internal-error',
] as const;

/** Body limits, in bytes, and the route that takes the larger uploads. */
export interface BodyLimits {
  json: number;
  upload: number;
  uploadRoute: string;
}

const GENERIC_SERVER_ERROR = 'the server failed to handle the request. Try again; if it fails again, the server log has the details';

/** Sends the one error shape: `{"error": {"code", "message", "details"}}`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message, details } });
}

/**
 * Maps errors to HTTP responses: product errors by their code, schema validation to 400, bodies
 * over the limit to 413 with the way to send them, and anything else to a generic 500 whose
 * details stay in the log.
 */
export function registerErrorHandling(app: FastifyInstance, limits: BodyLimits): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof MemberListTooLargeError) return sendError(reply, 413, 'payload-too-large', error.message, error.details);
    if (error instanceof SegmentInsightsError) return sendProductError(error, request, reply);
    if (error.validation) return sendValidationError(error, request, reply);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendTooLarge(request, reply, limits);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const type = request.headers['content-type'] ?? '(none)';
      return sendError(reply, 415, 'unsupported-media-type', `content type "${type}" is not accepted here. See /api/docs for the route's body`);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, error.statusCode === 404 ? 'not-found' : 'invalid-input', readableFastifyMessage(error));
    }

    request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return sendError(reply, 500, 'internal-error', GENERIC_SERVER_ERROR);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}. The API is described at /api/docs`),
  );
}

function sendProductError(error: SegmentInsightsError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = STATUS_OF_CODE[error.code];
  if (status < 500) return sendError(reply, status, error.code, error.message, error.details);

  // Engine messages can quote profile values, so the log gets the code and the kind of error only.
  request.log.error({ errorCode: error.code, errorName: error.name, route: request.routeOptions.url }, 'request failed');
  return sendError(reply, status, error.code, GENERIC_SERVER_ERROR);
}

function sendValidationError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const context = error.validationContext ?? 'request';
  if (context === 'body' && request.body === undefined) {
    return sendError(reply, 400, 'invalid-input', 'request body is missing or empty. Send a JSON object; /api/docs shows its shape', {
      field: 'body',
    });
  }

  const problems = groupProblems(error.validation ?? []).map((group) => describeProblem(context, group, request));
  const first = problems[0] ?? { field: context, message: 'is invalid' };
  return sendError(reply, 400, 'invalid-input', `invalid ${first.field}: ${first.message}. See /api/docs for the expected shape`, {
    field: first.field,
    problems: problems.slice(0, 20),
  });
}

type SchemaProblem = { instancePath: string; keyword?: string; message?: string; params?: Record<string, unknown> };

/**
 * Groups the problems of one value together. A value that matches no branch of a union gets one
 * problem per branch plus an "anyOf" problem, which read better as one list of allowed values.
 */
function groupProblems(problems: readonly SchemaProblem[]): SchemaProblem[][] {
  const groups = new Map<string, SchemaProblem[]>();
  for (const problem of problems) {
    const group = groups.get(problem.instancePath) ?? [];
    group.push(problem);
    groups.set(problem.instancePath, group);
  }
  return [...groups.values()];
}

/**
 * Words the problems of one value. A property that the schema does not list shows up as "schema
 * is false" at its own path, which reads better as an unknown property of its parent. A value
 * outside a set of constants lists the allowed values and the value sent.
 */
function describeProblem(context: string, group: readonly SchemaProblem[], request: FastifyRequest): { field: string; message: string } {
  const problem = group[0] as SchemaProblem;
  const path = `${context}${problem.instancePath}`;
  if (problem.message === 'schema is false') {
    const property = path.slice(path.lastIndexOf('/') + 1);
    return { field: path.slice(0, path.lastIndexOf('/')), message: `unknown property "${property}"; remove it` };
  }

  const allowed = allowedValues(group);
  if (allowed.length > 0) {
    const sent = JSON.stringify(valueAt(requestPart(request, context), problem.instancePath)) ?? 'nothing';
    return { field: path, message: `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}, got ${sent}` };
  }

  const extra = problem.params?.additionalProperties ?? problem.params?.additionalProperty;
  const detail = extra === undefined ? '' : ` (${[extra].flat().map((name) => `"${String(name)}"`).join(', ')})`;
  return { field: path, message: `${problem.message ?? 'is invalid'}${detail}` };
}

/** Returns the values a union of constants or an enum allows; empty when the problems are of another kind. */
function allowedValues(group: readonly SchemaProblem[]): unknown[] {
  const constants = group.filter((problem) => problem.keyword === 'const' || problem.keyword === 'enum');
  if (constants.length === 0 || !group.every((problem) => ['const', 'enum', 'anyOf'].includes(problem.keyword ?? ''))) return [];
  return constants.flatMap((problem) => (problem.keyword === 'enum' ? (problem.params?.allowedValues as unknown[]) : [problem.params?.allowedValue]));
}

function requestPart(request: FastifyRequest, context: string): unknown {
  if (context === 'body') return request.body;
  if (context === 'querystring') return request.query;
  if (context === 'params') return request.params;
  return undefined;
}

/** Reads the value at a JSON pointer such as "/kind" or "/regions/0". */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function sendTooLarge(request: FastifyRequest, reply: FastifyReply, limits: BodyLimits): FastifyReply {
  const isUpload = request.routeOptions.url === limits.uploadRoute;
  const limit = isUpload ? limits.upload : limits.json;
  const route = isUpload ? `the file-upload route POST ${limits.uploadRoute}` : 'JSON requests';
  const guidance = isUpload
    ? 'Split the member list into several segments'
    : `Send a long member list as text, one key per line, to the file-upload route POST ${limits.uploadRoute}, whose limit is ${formatBytes(limits.upload)}`;
  return sendError(reply, 413, 'payload-too-large', `request body is larger than the limit of ${formatBytes(limit)} for ${route}. ${guidance}`, {
    limitBytes: limit,
    uploadRoute: limits.uploadRoute,
    uploadLimitBytes: limits.upload,
  });
}

function readableFastifyMessage(error: FastifyError): string {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return 'request body is not valid JSON. Check the quotes and commas, or the Content-Type header';
  }
  return `${error.message.replace(/\.$/, '')}. See /api/docs`;
}

export function formatBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
