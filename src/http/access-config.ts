import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

import { ConfigurationError } from '../core/errors.js';
import { normaliseAllowedHost } from './allowed-hosts.js';

export const ROLES = ['viewer', 'editor'] as const;
/** `viewer` reads; `editor` also creates, changes, refreshes and deletes. */
export type Role = (typeof ROLES)[number];

export interface AccessToken {
  token: string;
  role: Role;
}

/** The environment variable with tokens, written `TOKEN:role,TOKEN:role`. */
export const TOKENS_VARIABLE = 'SEGMENT_INSIGHTS_TOKENS';

/** Shortest token accepted: 16 characters are about 96 bits when drawn from base64. */
export const MIN_TOKEN_LENGTH = 16;

/** Server settings a config file may hold; command-line options win over them. */
export interface ServerConfigFile {
  host?: string;
  port?: number;
  tokens?: AccessToken[];
  /** Host names the server accepts besides its loopback names and listening address, such as a proxy's public name. */
  allowedHosts?: string[];
}

/** Reads tokens written `TOKEN:role,TOKEN:role`, as in the environment variable. */
export function parseTokenList(text: string, origin: string): AccessToken[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => {
      const colon = entry.lastIndexOf(':');
      if (colon <= 0) {
        throw new ConfigurationError(`entry ${index + 1} of ${origin} has no role. Write TOKEN:editor or TOKEN:viewer`);
      }
      return checkToken({ token: entry.slice(0, colon), role: entry.slice(colon + 1) as Role }, `entry ${index + 1} of ${origin}`);
    });
}

/** Reads a JSON config file: `{"host"?, "port"?, "tokens"?: [{"token", "role"}], "allowedHosts"?: [names]}`. */
export function readConfigFile(path: string): ServerConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw new ConfigurationError(`cannot read config file "${path}": ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`config file "${path}" must hold a JSON object such as {"tokens": [{"token": "...", "role": "editor"}]}`);
  }

  const config = parsed as Record<string, unknown>;
  const unknownKey = Object.keys(config).find((key) => !['host', 'port', 'tokens', 'allowedHosts'].includes(key));
  if (unknownKey !== undefined) {
    throw new ConfigurationError(`config file "${path}" has unknown key "${unknownKey}". Allowed keys: host, port, tokens, allowedHosts`);
  }
  if (config.host !== undefined && typeof config.host !== 'string') throw new ConfigurationError(`"host" in "${path}" must be text`);
  if (config.port !== undefined && !isPort(config.port)) throw new ConfigurationError(`"port" in "${path}" must be a whole number from 0 to 65535`);
  if (config.tokens !== undefined && !Array.isArray(config.tokens)) {
    throw new ConfigurationError(`"tokens" in "${path}" must be a list of {"token", "role"}`);
  }
  const allowedHosts = config.allowedHosts;
  if (allowedHosts !== undefined && (!Array.isArray(allowedHosts) || allowedHosts.some((entry) => typeof entry !== 'string'))) {
    throw new ConfigurationError(`"allowedHosts" in "${path}" must be a list of host names, such as ["insights.example.com"]`);
  }

  return {
    host: config.host as string | undefined,
    port: config.port as number | undefined,
    tokens: (config.tokens as unknown[] | undefined)?.map((entry, index) => checkToken(entry, `tokens[${index}] in "${path}"`)),
    allowedHosts: (allowedHosts as string[] | undefined)?.map((entry, index) => normaliseAllowedHost(entry, `allowedHosts[${index}] in "${path}"`)),
  };
}

function checkToken(entry: unknown, where: string): AccessToken {
  const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  if (typeof record.token !== 'string' || !(ROLES as readonly unknown[]).includes(record.role)) {
    throw new ConfigurationError(`${where} must have a text "token" and a "role" of ${ROLES.join(' or ')}`);
  }
  if (record.token.length < MIN_TOKEN_LENGTH || /[\s,]/.test(record.token)) {
    throw new ConfigurationError(
      `the token in ${where} is too weak or malformed: use at least ${MIN_TOKEN_LENGTH} characters without spaces or commas, ` +
        'for example from: openssl rand -hex 32',
    );
  }
  return { token: record.token, role: record.role as Role };
}

export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '::1' || bare.startsWith('::ffff:127.');
}

/**
 * Rejects listening beyond this machine without tokens: anyone who could reach the address
 * could then read and change the workspace.
 */
export function checkExposure(host: string, tokens: readonly AccessToken[]): void {
  if (isLoopbackHost(host) || tokens.length > 0) return;
  throw new ConfigurationError(
    `refusing to listen on ${host} without access tokens: anyone who can reach that address could read and change the workspace. ` +
      `Set ${TOKENS_VARIABLE}="TOKEN:editor" or give tokens in --config FILE, or listen on 127.0.0.1`,
  );
}
