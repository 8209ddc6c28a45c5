import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';

import { InsightService } from '../service/insight-service.js';
import { RegionService } from '../service/region-service.js';
import { SegmentService } from '../service/segment-service.js';
import { explainHeldWorkspace, removeServerMarker, writeServerMarker } from '../workspace/server-marker.js';
import { WorkspaceConnections } from '../service/workspace-connections.js';
import { DEFAULT_PROFILE_TABLE, Workspace } from '../workspace/workspace.js';
import { checkExposure, type AccessToken } from './access-config.js';
import { buildApp } from './app.js';
import type { ApiServices, TypedApp } from './typed-app.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** How long a stopping server waits for runs in progress before marking them interrupted. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface ServerOptions {
  workspace: string;
  table?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  tokens?: readonly AccessToken[];
  /**
   * Host names the server accepts besides the loopback names and `host`, such as the public
   * name a proxy forwards; checked with normaliseAllowedHost.
   */
  allowedHosts?: readonly string[];
  /** Runs computed at the same time. */
  concurrency?: number;
  /** Threads the engine uses for analyses; one fewer than the machine's cores by default. */
  engineThreads?: number;
  logLevel?: string;
  logStream?: Writable;
  /** Folder of the built web app (dist/web by default); false serves the API alone. */
  webRoot?: string | false;
}

export interface RunningServer {
  url: string;
  app: TypedApp;
  services: ApiServices;
  /** Stops accepting requests, lets runs in progress finish or marks them interrupted, and closes the workspace. */
  close(): Promise<void>;
}

/**
 * Opens the workspace, marks runs a crashed server left refreshing as failed, and serves the
 * HTTP API. Listening beyond loopback without tokens is rejected before anything is opened.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const tokens = options.tokens ?? [];
  checkExposure(host, tokens);

  const workspace = await openWorkspace(options.workspace);
  const connections = await WorkspaceConnections.open(workspace, { engineThreads: options.engineThreads });
  const table = options.table ?? DEFAULT_PROFILE_TABLE;

  const { app, services } = await buildApp({
    tokens,
    listenHost: host,
    allowedHosts: options.allowedHosts,
    logLevel: options.logLevel,
    logStream: options.logStream,
    webRoot: options.webRoot,
    createServices: (logger) => {
      const insights = new InsightService(connections, { profileTable: table, concurrency: options.concurrency, logger });
      const segments = new SegmentService(connections, table, insights);
      return { insights, segments, regions: new RegionService(connections, segments) };
    },
  });

  try {
    const interrupted = await services.insights.start();
    if (interrupted > 0) app.log.warn({ runs: interrupted }, 'marked runs interrupted by the previous server as failed');
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  } catch (error) {
    await app.close();
    await connections.close();
    await workspace.close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  writeServerMarker(options.workspace, { pid: process.pid, url, startedAt: new Date().toISOString() });
  app.log.info({ url, table }, 'server started');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await app.close();
      const finished = await services.insights.stop(SHUTDOWN_GRACE_MS);
      await connections.close();
      // Closing the database would wait for a connection still computing a run. Those runs are
      // already marked interrupted, and DuckDB's write-ahead log keeps what was committed.
      if (finished) await workspace.close();
      removeServerMarker(options.workspace);
      app.log.info({ url }, 'server stopped');
    })();
    return closing;
  };
  return { url, app, services, close };
}

async function openWorkspace(path: string): Promise<Workspace> {
  try {
    return await Workspace.open(path);
  } catch (error) {
    throw explainHeldWorkspace(path, error);
  }
}
