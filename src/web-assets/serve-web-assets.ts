import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface WebAssetsOptions {
  /** Folder of the built web app; `defaultWebRoot()` when not given. */
  root?: string;
}

/** Path prefix of the HTTP API; paths under it never get the web app. */
const API_PREFIX = '/api';
/** Vite writes content-hashed file names under this folder, so they never change. */
const HASHED_FOLDER = 'assets';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Returns the built web app's folder: dist/web, beside the compiled server's dist/web-assets. */
export function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');
}

/**
 * Serves the built web app: its files as they are, and index.html for every other GET path
 * outside /api, so each screen's address loads the app (single-page fallback). A path with a
 * file extension that names no file gets a 404, never index.html in place of a script.
 *
 * The files hold no workspace data, so they need no access token; the app sends the token with
 * its API requests. When the app is not built, the route responds with 503 and how to build it.
 */
export async function registerWebAssets(app: FastifyInstance, options: WebAssetsOptions = {}): Promise<void> {
  const root = resolve(options.root ?? defaultWebRoot());
  const built = existsSync(join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const path = decodedPath(request);
    if (path === undefined || path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return reply.callNotFound();
    if (!built) return sendNotBuilt(reply, root);

    const file = fileWithin(root, path);
    if (file) {
      const immutable = file.startsWith(`${HASHED_FOLDER}/`);
      return reply.sendFile(file, immutable ? { maxAge: ONE_YEAR_MS, immutable: true } : { cacheControl: true, maxAge: 0 });
    }
    if (extname(path) !== '') return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}

function decodedPath(request: FastifyRequest): string | undefined {
  const raw = request.url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Returns the path of an existing file under root, relative to it, or undefined for anything else. */
function fileWithin(root: string, path: string): string | undefined {
  const absolute = resolve(root, `.${path}`);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith('..') || inside.includes(`..${sep}`)) return undefined;

  try {
    return statSync(absolute).isFile() ? inside.split(sep).join('/') : undefined;
  } catch {
    return undefined;
  }
}

function sendNotBuilt(reply: FastifyReply, root: string): FastifyReply {
  return reply
    .code(503)
    .type('text/plain; charset=utf-8')
    .send(`The web app is not built: ${root} has no index.html. Run "npm run build", then reload this page. The API is at /api/docs.`);
}
