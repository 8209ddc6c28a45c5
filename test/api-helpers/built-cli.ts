import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import ts from 'typescript';

import { REPO_ROOT } from '../support/shared-paths.js';

/**
 * Transpiles the sources to JavaScript in a temporary folder (no type check, about a second),
 * so a test can run the CLI as a separate process that it can kill. The folder links the
 * repository's node_modules so packages resolve as they do for a build. `remove` deletes the
 * folder (the link, not the packages).
 */
export function buildCli(): { main: string; remove: () => void } {
  const out = mkdtempSync(join(tmpdir(), 'si-cli-build-'));
  const source = join(REPO_ROOT, 'src');
  for (const file of sourceFiles(source)) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(out, relative(source, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(out, 'package.json'), '{"type": "module"}\n');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(out, 'node_modules'));
  return { main: join(out, 'cli', 'main.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A `segment-insights serve` process and the address it printed. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
}

/** Starts `serve` in a child process and waits for the line with its address. */
export function startServeProcess(main: string, args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [main, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
      const url = /is serving .* at (http:\/\/[^\s]+) /.exec(stderr)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
    child.on('close', (code) => reject(new Error(`serve exited with status ${code}: ${stderr}`)));
  });
}

/** Runs the CLI to the end and returns its exit status and stderr. */
export function runCli(main: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}
