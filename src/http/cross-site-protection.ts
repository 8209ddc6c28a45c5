import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { parseHostHeader, type HostAndPort } from './allowed-hosts.js';
import { sendError } from './error-handling.js';

/** Methods that change the workspace; a browser sends them cross-site only with an Origin header. */
const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface HostPolicy {
  /** Every host name the server accepts in a Host header, in lower case. */
  names: ReadonlySet<string>;
  /** Names configured for a proxy in front of the server; requests from pages served under them are accepted. */
  configured: ReadonlySet<string>;
}

/**
 * Protects a server without tokens from other sites that a user visits. Requests whose Host
 * header is not a name of this server get 421, because a DNS-rebinding page reaches the server
 * under the attacker's own name. Changes whose Origin header names another site get 403,
 * because browsers send cross-site form posts and text/plain fetches without asking first.
 * Clients that send no Origin header (scripts, curl) are not affected.
 */
export function registerCrossSiteProtection(app: FastifyInstance, policy: HostPolicy): void {
  app.addHook('onRequest', async (request, reply) => {
    const host = parseHostHeader(request.headers.host ?? '');
    if (host === undefined || !policy.names.has(host.name)) return rejectHost(request, reply);

    const origin = request.headers.origin;
    if (!STATE_CHANGING_METHODS.has(request.method) || origin === undefined) return undefined;
    if (isOwnOrigin(origin, host, policy.configured)) return undefined;
    return sendError(
      reply,
      403,
      'cross-origin-request',
      `request from origin "${origin}" rejected: this server accepts changes only from its own pages ` +
        `(origin "http://${request.headers.host ?? ''}") and from clients that send no Origin header`,
      { origin },
    );
  });
}

function rejectHost(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const host = request.headers.host ?? '';
  return sendError(
    reply,
    421,
    'misdirected-request',
    `host "${host}" is not a name of this server, so the request was rejected to protect against DNS rebinding. ` +
      'Open the server by its own address, such as http://127.0.0.1 with its port, or add the name to its allowed hosts',
    { host },
  );
}

/**
 * Tells whether an Origin header names the host the request was sent to (the scheme may differ
 * behind a proxy that ends TLS), or a configured name. "null" and malformed origins never match.
 */
function isOwnOrigin(origin: string, host: HostAndPort, configured: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;

  const name = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (configured.has(name)) return true;
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  return name === host.name && port === (host.port ?? defaultPort);
}
