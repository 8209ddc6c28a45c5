import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { AccessToken, Role } from './access-config.js';
import { sendError } from './error-handling.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** "read" routes are open to viewers; every other route needs an editor. */
    access?: 'read' | 'write';
    /** Routes that hold no workspace data (health, API docs) and need no token. */
    public?: boolean;
  }
}

/** Route prefix of the OpenAPI UI and document, which describe the API and hold no data. */
const DOCS_PREFIX = '/api/docs';

/**
 * Checks bearer tokens when any are configured: a request without a known token gets 401, and a
 * viewer's request to a write route gets 403. Tokens are compared as SHA-256 digests in constant
 * time, so response timing does not reveal how much of a token matched.
 */
export function registerAccessControl(app: FastifyInstance, tokens: readonly AccessToken[]): void {
  if (tokens.length === 0) return;
  const known = tokens.map((entry) => ({ digest: digest(entry.token), role: entry.role }));

  app.addHook('onRequest', async (request, reply) => {
    if (isPublic(request)) return;

    const role = roleOf(request, known);
    if (role === undefined) {
      void reply.header('www-authenticate', 'Bearer');
      return sendError(reply, 401, 'unauthorized', 'missing or unknown access token. Send the header "Authorization: Bearer TOKEN"');
    }
    if (role === 'viewer' && accessOf(request) === 'write') {
      return sendError(reply, 403, 'forbidden', 'this token has the viewer role, which can only read. Use an editor token to make changes');
    }
    return undefined;
  });
}

function isPublic(request: FastifyRequest): boolean {
  const route = request.routeOptions;
  return route.config?.public === true || (route.url ?? '').startsWith(DOCS_PREFIX);
}

function accessOf(request: FastifyRequest): 'read' | 'write' {
  const declared = request.routeOptions.config?.access;
  if (declared) return declared;
  return request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
}

function roleOf(request: FastifyRequest, known: readonly { digest: Buffer; role: Role }[]): Role | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;

  const presented = digest(match[1] as string);
  let role: Role | undefined;
  for (const entry of known) {
    if (timingSafeEqual(entry.digest, presented)) role = entry.role;
  }
  return role;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

