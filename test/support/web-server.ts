import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

import { build } from 'vite';

import type { Engine } from '../../src/engines/engine.js';
import type { AccessToken } from '../../src/http/access-config.js';
import { buildApp } from '../../src/http/app.js';
import type { ApiServices, TypedApp } from '../../src/http/typed-app.js';
import { importProfiles } from '../../src/profiles/profile-import.js';
import { InsightService } from '../../src/service/insight-service.js';
import { RegionService } from '../../src/service/region-service.js';
import { SegmentService } from '../../src/service/segment-service.js';
import { WorkspaceConnections } from '../../src/service/workspace-connections.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { REPO_ROOT } from './shared-paths.js';

/**
 * Holds insight runs before they start computing while closed, so a test can watch an insight
 * refreshing however fast the run would be, or makes them fail. Open by default.
 */
export class RunGate {
  private release: (() => void) | undefined;
  private closed: Promise<void> | undefined;
  /** The error that runs fail with, set by `fail`. */
  failure: Error | undefined;

  close(): void {
    this.closed ??= new Promise((resolve) => (this.release = resolve));
  }

  /** Makes every run that passes the gate fail with `error` when it queries, until the gate is opened. */
  fail(error: Error): void {
    this.failure = error;
  }

  open(): void {
    this.release?.();
    this.closed = undefined;
    this.release = undefined;
    this.failure = undefined;
  }

  wait(): Promise<void> {
    return this.closed ?? Promise.resolve();
  }
}

export interface WebTestServer {
  url: string;
  app: TypedApp;
  services: ApiServices;
  gate: RunGate;
  close(): Promise<void>;
}

/** Builds the web app with Vite into a temporary folder, so test files never share an output. */
export async function buildWebApp(): Promise<{ root: string; remove: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'si-web-build-'));
  await build({
    configFile: join(REPO_ROOT, 'web', 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: root, emptyOutDir: true, sourcemap: false },
  });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Imports a CSV text into a new workspace in `folder`, keyed by customer_id; returns its path. */
export async function workspaceFromCsv(folder: string, csv: string): Promise<string> {
  const csvPath = join(folder, 'profiles.csv');
  writeFileSync(csvPath, csv);
  const path = join(folder, 'workspace.duckdb');
  const workspace = await Workspace.open(path, { create: true });
  try {
    await importProfiles(workspace, { file: csvPath, key: 'customer_id' });
  } finally {
    await workspace.close();
  }
  return path;
}

/**
 * Starts the API and the built web app on a free loopback port, in this process, with the
 * services wired as the serve command wires them. Runs fork their connection through a gate.
 */
export async function startWebServer(workspacePath: string, webRoot: string, tokens: readonly AccessToken[] = []): Promise<WebTestServer> {
  const workspace = await Workspace.open(workspacePath);
  const connections = await WorkspaceConnections.open(workspace);
  const gate = new RunGate();
  const gated = gateForks(connections, gate);

  const { app, services } = await buildApp({
    tokens,
    logLevel: 'silent',
    webRoot,
    createServices: (logger) => {
      const insights = new InsightService(gated, { profileTable: 'profiles', logger });
      const segments = new SegmentService(connections, 'profiles', insights);
      return { insights, segments, regions: new RegionService(connections, segments) };
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });

  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const close = async () => {
    gate.open();
    await app.close();
    await services.insights.stop(5000);
    await connections.close();
    await workspace.close();
  };
  return { url, app, services, gate, close };
}

/**
 * Wraps the connections so that `fork`, which a run calls to compute, first waits at the gate,
 * and hands out an engine whose queries fail while the gate has a failure set.
 */
function gateForks(connections: WorkspaceConnections, gate: RunGate): WorkspaceConnections {
  return new Proxy(connections, {
    get(target, property) {
      if (property === 'fork') {
        return async () => {
          await gate.wait();
          const engine = await target.fork();
          return gate.failure ? failingEngine(engine, gate.failure) : engine;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps an engine so that its queries and statements reject with `failure`; closing it still works. */
function failingEngine(engine: Engine, failure: Error): Engine {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'query' || property === 'execute') return () => Promise.reject(failure);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Creates a temporary folder, removed by `remove`. */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `si-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
