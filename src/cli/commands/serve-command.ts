import type { Command } from 'commander';

import { ConfigurationError } from '../../core/errors.js';
import { parseTokenList, readConfigFile, TOKENS_VARIABLE, type AccessToken } from '../../http/access-config.js';
import { normaliseAllowedHost } from '../../http/allowed-hosts.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../http/server.js';
import { DEFAULT_RUN_CONCURRENCY } from '../../service/job-runner.js';
import { defaultEngineThreads } from '../../service/workspace-connections.js';
import { DEFAULT_PROFILE_TABLE, DEFAULT_WORKSPACE } from '../../workspace/workspace.js';
import type { CliIo } from '../cli-options.js';
import { parsePositiveInteger } from '../cli-options.js';

interface ServeOptions {
  workspace: string;
  table: string;
  host?: string;
  port?: string;
  config?: string;
  allowedHost: string[];
  concurrency: number;
  engineThreads?: number;
  logLevel: string;
}

export function registerServeCommand(program: Command, io: CliIo): void {
  const command = program
    .command('serve')
    .description('serve the HTTP API (OpenAPI UI at /api/docs) on a workspace until stopped with Ctrl-C')
    .option('--workspace <file>', 'workspace database file', DEFAULT_WORKSPACE)
    .option('--table <name>', 'profile table the insights analyse', DEFAULT_PROFILE_TABLE)
    .option('--host <address>', `address to listen on (default: ${DEFAULT_HOST}; any other needs tokens)`)
    .option('--port <n>', `port to listen on, 0 for any free one (default: ${DEFAULT_PORT})`)
    .option(
      '--config <file>',
      `JSON file with {"host"?, "port"?, "tokens"?: [{"token", "role"}], "allowedHosts"?: [names]}; tokens also come from ${TOKENS_VARIABLE}`,
    )
    .option(
      '--allowed-host <name>',
      'another host name to accept in the Host header, such as the public name a proxy forwards (repeatable); loopback names and --host are always accepted',
      (name: string, names: string[]) => [...names, normaliseAllowedHost(name, '--allowed-host')],
      [],
    )
    .option('--concurrency <n>', 'insight runs computed at the same time', parsePositiveInteger, DEFAULT_RUN_CONCURRENCY)
    .option('--engine-threads <n>', `DuckDB threads for analyses (default: ${defaultEngineThreads()}, one fewer than the cores)`, parsePositiveInteger)
    .option('--log-level <level>', 'log level of the JSON log lines on stdout: info, warn, error or silent', 'info');

  command.action(async (options: ServeOptions) => {
    const config = options.config ? readConfigFile(options.config) : {};
    const tokens: AccessToken[] = [...(config.tokens ?? []), ...parseTokenList(process.env[TOKENS_VARIABLE] ?? '', TOKENS_VARIABLE)];
    const server = await startServer({
      workspace: options.workspace,
      table: options.table,
      host: options.host ?? config.host,
      port: options.port === undefined ? config.port : parsePort(options.port),
      tokens,
      allowedHosts: [...(config.allowedHosts ?? []), ...options.allowedHost],
      concurrency: options.concurrency,
      engineThreads: options.engineThreads,
      logLevel: options.logLevel,
    });

    io.error(`segment-insights is serving ${options.workspace} at ${server.url} (API docs: ${server.url}/api/docs)\n`);
    await untilStopped();
    io.error('stopping: finishing runs in progress\n');
    await server.close();
  });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigurationError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
