import { hostname } from 'node:os';

import { describe, expect, test } from 'vitest';

import { allowedHostNames, normaliseAllowedHost, parseHostHeader } from './allowed-hosts.js';

describe('parseHostHeader', () => {
  test('splits a name and a port', () => {
    expect(parseHostHeader('LocalHost:8080')).toEqual({ name: 'localhost', port: 8080 });
  });

  test('reads a name without a port', () => {
    expect(parseHostHeader('insights.example.com')).toEqual({ name: 'insights.example.com', port: null });
  });

  test('reads an IPv6 address in brackets', () => {
    expect(parseHostHeader('[::1]:8080')).toEqual({ name: '::1', port: 8080 });
    expect(parseHostHeader('[::1]')).toEqual({ name: '::1', port: null });
  });

  test('rejects malformed headers', () => {
    expect(parseHostHeader('')).toBeUndefined();
    expect(parseHostHeader('::1')).toBeUndefined();
    expect(parseHostHeader('a b')).toBeUndefined();
    expect(parseHostHeader('user@host')).toBeUndefined();
    expect(parseHostHeader('host:99999')).toBeUndefined();
  });
});

describe('normaliseAllowedHost', () => {
  test('lower-cases names and strips IPv6 brackets', () => {
    expect(normaliseAllowedHost(' Insights.Example.com ', 'x')).toBe('insights.example.com');
    expect(normaliseAllowedHost('[2001:db8::1]', 'x')).toBe('2001:db8::1');
    expect(normaliseAllowedHost('10.0.0.5', 'x')).toBe('10.0.0.5');
  });

  test('rejects a name with a scheme, port or path', () => {
    for (const text of ['https://insights.example.com', 'insights.example.com:443', 'insights.example.com/api', '']) {
      expect(() => normaliseAllowedHost(text, '--allowed-host')).toThrow(/--allowed-host ".*" is not a host name or IP address/);
    }
  });
});

describe('allowedHostNames', () => {
  test('holds the loopback names and the listening address', () => {
    expect([...allowedHostNames('127.0.0.1', [])].sort()).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(allowedHostNames('[::1]', []).has('::1')).toBe(true);
    expect(allowedHostNames('192.168.1.5', []).has('192.168.1.5')).toBe(true);
  });

  test('adds the configured names', () => {
    expect(allowedHostNames('127.0.0.1', ['insights.example.com']).has('insights.example.com')).toBe(true);
  });

  test('adds the machine names for a wildcard address, not the wildcard', () => {
    const names = allowedHostNames('0.0.0.0', []);

    expect(names.has('0.0.0.0')).toBe(false);
    expect(names.has(hostname().toLowerCase())).toBe(true);
  });
});
