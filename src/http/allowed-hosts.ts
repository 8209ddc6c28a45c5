import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

import { ConfigurationError } from '../core/errors.js';

/** Names that reach this machine only; a DNS-rebinding page cannot make a browser send them. */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'] as const;

/** Listening addresses that mean "every interface" and are no name a client would use. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

const HOST_NAME = /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** A host as a Host header or an origin names it: the lower-case name (IPv6 without brackets) and the port, if given. */
export interface HostAndPort {
  name: string;
  port: number | null;
}

/** Reads a Host header such as `localhost:8080` or `[::1]:8080`; undefined when it is malformed. */
export function parseHostHeader(value: string): HostAndPort | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return undefined;

  const name = (match[1] ?? match[2] ?? '').toLowerCase();
  const port = match[3] === undefined ? null : Number(match[3]);
  if (port !== null && port > 65535) return undefined;
  return { name, port };
}

/**
 * Checks a host name or IP address given as an allowed host and returns it in lower case, with
 * the brackets of an IPv6 address removed. `where` names the setting in the message.
 */
export function normaliseAllowedHost(text: string, where: string): string {
  const name = text.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (isIP(name) !== 0 || HOST_NAME.test(name)) return name;
  throw new ConfigurationError(
    `${where} "${text}" is not a host name or IP address. Give the name alone, without scheme, port or path, e.g. insights.example.com`,
  );
}

/**
 * Lists the host names the server accepts: the loopback names, the address it listens on, and
 * the configured names. A server listening on every interface also accepts this machine's host
 * name and interface addresses.
 */
export function allowedHostNames(listenHost: string, configured: readonly string[]): Set<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  const listening = listenHost.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (WILDCARD_ADDRESSES.has(listening)) {
    for (const name of machineNames()) names.add(name);
  } else {
    names.add(listening);
  }

  for (const name of configured) names.add(name);
  return names;
}

function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address.toLowerCase());
  return [hostname().toLowerCase(), ...addresses];
}
