import { readFileSync, rmSync, writeFileSync } from 'node:fs';

import { ConflictError, SegmentInsightsError } from '../core/errors.js';

/** Contents of the file a running server writes next to its workspace. */
export interface ServerMarker {
  pid: number;
  url: string;
  startedAt: string;
}

/** Returns the marker file of a workspace: `<workspace>.server.json`. */
export function serverMarkerPath(workspacePath: string): string {
  return `${workspacePath}.server.json`;
}

export function writeServerMarker(workspacePath: string, marker: ServerMarker): void {
  writeFileSync(serverMarkerPath(workspacePath), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Removes the marker, but only the one this process wrote. */
export function removeServerMarker(workspacePath: string, pid = process.pid): void {
  if (readServerMarker(workspacePath)?.pid === pid) rmSync(serverMarkerPath(workspacePath), { force: true });
}

/** Reads the marker of a server that is still running; a crashed server's marker is ignored. */
export function readServerMarker(workspacePath: string): ServerMarker | undefined {
  let marker: ServerMarker;
  try {
    marker = JSON.parse(readFileSync(serverMarkerPath(workspacePath), 'utf8')) as ServerMarker;
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(marker.pid) || typeof marker.url !== 'string' || !isRunning(marker.pid)) return undefined;
  return marker;
}

/**
 * Explains a lock on a workspace when a segment-insights server holds it, for the error a second
 * process gets on opening it. Returns undefined when no running server left a marker.
 */
export function describeWorkspaceHolder(workspacePath: string): string | undefined {
  const marker = readServerMarker(workspacePath);
  if (!marker) return undefined;
  return (
    `workspace "${workspacePath}" is held by the segment-insights server at ${marker.url} (process ${marker.pid}), ` +
    'and DuckDB allows one writer. Use that server\'s HTTP API, or stop it, then try again'
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Turns the lock error of opening a workspace that a running server holds into a conflict that
 * names the server. Any other error comes back unchanged.
 */
export function explainHeldWorkspace(workspacePath: string, error: unknown): unknown {
  const isLock = error instanceof SegmentInsightsError && error.code === 'conflict';
  const holder = isLock ? describeWorkspaceHolder(workspacePath) : undefined;
  return holder ? new ConflictError(holder, { workspace: workspacePath }) : error;
}
