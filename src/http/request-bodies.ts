import type { FastifyInstance } from 'fastify';

import { sendError } from './error-handling.js';

/**
 * Sets how request bodies are read. JSON is the only type accepted by default: text bodies are
 * read only where a route adds a parser (the member-list upload), so a cross-site form posting
 * text/plain gets 415. An empty JSON body counts as no body. A route without a body schema takes
 * no body or `{}`, and anything else gets the same 400 as an unknown property elsewhere.
 */
export function registerBodyParsing(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });

  app.addHook('preValidation', async (request, reply) => {
    const body: unknown = request.body;
    if (body === undefined || request.routeOptions.schema?.body !== undefined) return undefined;
    if (isEmptyObject(body)) return undefined;

    const route = `${request.method} ${(request.routeOptions.url ?? request.url).replace(/:(\w+)/g, "{$1}")}`;
    const property = isPlainObject(body) ? Object.keys(body)[0] : undefined;
    const problem = property === undefined ? 'must be empty' : `unknown property "${property}"; remove it`;
    return sendError(reply, 400, 'invalid-input', `invalid body: ${problem}. ${route} takes no body: send none, or {}`, {
      field: property === undefined ? 'body' : `body/${property}`,
    });
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyObject(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 0;
}
