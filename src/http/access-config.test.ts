import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

import { checkExposure, isLoopbackHost, parseTokenList, readConfigFile } from './access-config.js';

const EDITOR = 'e'.repeat(32);
const VIEWER = 'v'.repeat(32);

describe('parseTokenList', () => {
  test('reads tokens with their roles', () => {
    expect(parseTokenList(`${EDITOR}:editor, ${VIEWER}:viewer`, 'TOKENS')).toEqual([
      { token: EDITOR, role: 'editor' },
      { token: VIEWER, role: 'viewer' },
    ]);
  });

  test('reads an empty list as no tokens', () => {
    expect(parseTokenList('', 'TOKENS')).toEqual([]);
  });

  test('rejects an unknown role', () => {
    expect(() => parseTokenList(`${EDITOR}:admin`, 'TOKENS')).toThrow(/"role" of viewer or editor/);
  });

  test('rejects a short token', () => {
    expect(() => parseTokenList('tokenA:editor', 'TOKENS')).toThrow(/at least 16 characters/);
  });

  test('rejects an entry without a role', () => {
    expect(() => parseTokenList(EDITOR, 'TOKENS')).toThrow(/no role/);
  });
});

describe('readConfigFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'si-config-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };

  test('reads host, port and tokens', () => {
    const path = write('good.json', JSON.stringify({ host: '0.0.0.0', port: 9000, tokens: [{ token: EDITOR, role: 'editor' }] }));
    expect(readConfigFile(path)).toEqual({ host: '0.0.0.0', port: 9000, tokens: [{ token: EDITOR, role: 'editor' }] });
  });

  test('reads allowed hosts in lower case', () => {
    const path = write('hosts.json', JSON.stringify({ allowedHosts: ['Insights.Example.com', '[2001:db8::1]'] }));
    expect(readConfigFile(path).allowedHosts).toEqual(['insights.example.com', '2001:db8::1']);
  });

  test('rejects allowed hosts that are not names', () => {
    expect(() => readConfigFile(write('url-host.json', '{"allowedHosts": ["https://insights.example.com"]}'))).toThrow(
      /allowedHosts\[0\] in ".*" "https:\/\/insights.example.com" is not a host name/,
    );
    expect(() => readConfigFile(write('text-hosts.json', '{"allowedHosts": "insights.example.com"}'))).toThrow(/must be a list of host names/);
  });

  test('rejects an unknown key', () => {
    expect(() => readConfigFile(write('extra.json', '{"token": "x"}'))).toThrow(/unknown key "token"/);
  });

  test('rejects a file that is not JSON', () => {
    expect(() => readConfigFile(write('broken.json', '{'))).toThrow(/cannot read config file/);
  });
});

describe('checkExposure', () => {
  test('allows loopback without tokens', () => {
    expect(() => checkExposure('127.0.0.1', [])).not.toThrow();
    expect(() => checkExposure('::1', [])).not.toThrow();
    expect(() => checkExposure('localhost', [])).not.toThrow();
  });

  test('rejects another address without tokens, saying why', () => {
    expect(() => checkExposure('0.0.0.0', [])).toThrow(/refusing to listen on 0.0.0.0 without access tokens: anyone who can reach/);
  });

  test('allows another address with tokens', () => {
    expect(() => checkExposure('0.0.0.0', [{ token: EDITOR, role: 'editor' }])).not.toThrow();
  });

  test('tells loopback addresses apart', () => {
    expect(isLoopbackHost('127.0.0.2')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('::')).toBe(false);
  });
});
