import type { Writable } from 'node:stream';

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';

import type { AccessToken } from './access-config.js';
import { registerAccessControl } from './access-control.js';
import { allowedHostNames } from './allowed-hosts.js';
import { registerCrossSiteProtection } from './cross-site-protection.js';
import { registerErrorHandling } from './error-handling.js';
import { registerBodyParsing } from './request-bodies.js';
import { RequestLogController } from './request-logging.js';
import { registerFieldRoutes } from './routes/field-routes.js';
import { registerInsightRoutes } from './routes/insight-routes.js';
import { registerRegionRoutes } from './routes/region-routes.js';
import { registerSegmentRoutes, SEGMENT_UPLOAD_ROUTE } from './routes/segment-routes.js';
import { MAX_MEMBER_ENTRIES } from '../service/segment-checks.js';
import type { ServiceLogger } from '../service/service-logger.js';
import type { ApiServices, TypedApp } from './typed-app.js';
import { registerWebAssets } from '../web-assets/serve-web-assets.js';

/** Largest JSON body: room for a member list of about 200,000 short keys (about 2 MB). */
export const JSON_BODY_LIMIT = 4 * 1024 * 1024;
/** Largest text upload of a member list, one key per line. */
export const UPLOAD_BODY_LIMIT = 32 * 1024 * 1024;

export interface AppOptions {
  /** Builds the services with the app's logger, so their log lines join the request lines. */
  createServices: (logger: ServiceLogger) => ApiServices;
  tokens: readonly AccessToken[];
  /** Address the server listens on, which is one of the host names it accepts; 127.0.0.1 when not given. */
  listenHost?: string;
  /** More host names the server accepts, such as the public name a proxy forwards; checked and in lower case. */
  allowedHosts?: readonly string[];
  /** pino level: "info" logs one line per request and every run state change. */
  logLevel?: string;
  /** Destination of the log lines; standard output when not given. */
  logStream?: Writable;
  /** Folder of the built web app (dist/web by default); false serves the API alone. */
  webRoot?: string | false;
}

/**
 * Builds the HTTP API: the routes with their schemas, which validate requests and generate the
 * OpenAPI document served at /api/docs, access control, and one error shape for every failure.
 */
export async function buildApp(options: AppOptions): Promise<{ app: TypedApp; services: ApiServices }> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', ...(options.logStream ? { stream: options.logStream } : {}) },
    logController: new RequestLogController(),
    bodyLimit: JSON_BODY_LIMIT,
  })
    .withTypeProvider<TypeBoxTypeProvider>()
    .setValidatorCompiler(TypeBoxValidatorCompiler);

  registerErrorHandling(app, { json: JSON_BODY_LIMIT, upload: UPLOAD_BODY_LIMIT, uploadRoute: SEGMENT_UPLOAD_ROUTE });
  registerBodyParsing(app);
  const configuredHosts = options.allowedHosts ?? [];
  registerCrossSiteProtection(app, {
    names: allowedHostNames(options.listenHost ?? '127.0.0.1', configuredHosts),
    configured: new Set(configuredHosts),
  });
  registerAccessControl(app, options.tokens);
  await registerDocs(app, options.tokens.length > 0);

  const services = options.createServices(app.log.child({ component: 'service' }));
  registerFieldRoutes(app, services);
  registerSegmentRoutes(app, services, UPLOAD_BODY_LIMIT);
  registerInsightRoutes(app, services);
  registerRegionRoutes(app, services);
  if (options.webRoot !== false) await registerWebAssets(app, { root: options.webRoot });
  return { app, services };
}

async function registerDocs(app: TypedApp, withTokens: boolean): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'segment-insights API',
        version: '0.1.0',
        description:
          'Saved segments and insights (overlap, differentiators) of one workspace. Errors have the shape ' +
          '{"error": {"code", "message", "details"}}. ' +
          `JSON bodies may be up to ${JSON_BODY_LIMIT} bytes; member lists sent as text to ${SEGMENT_UPLOAD_ROUTE} up to ` +
          `${UPLOAD_BODY_LIMIT} bytes and ${MAX_MEMBER_ENTRIES} entries. Larger bodies get 413. ` +
          'Other routes take JSON only (Content-Type: application/json), or no body. A Host header that does not name ' +
          'this server gets 421, and a change whose Origin header names another site gets 403. ' +
          (withTokens ? 'Every route but /api/health and /api/docs needs "Authorization: Bearer TOKEN".' : 'This server has no tokens.'),
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'profiles', description: 'the profile table' },
        { name: 'segments', description: 'saved segments' },
        { name: 'insights', description: 'saved insights and their runs' },
        { name: 'regions', description: 'acting on the regions of an overlap' },
        { name: 'server', description: 'the server itself' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
