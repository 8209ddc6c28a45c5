import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerWebAssets } from '../src/web-assets/serve-web-assets.js';

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'si-web-assets-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'si-web-assets-secret.txt'), 'outside-content');

  app = Fastify();
  app.get('/api/fields', async () => ({ fields: [] }));
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'not-found', message: `no route ${request.url}` } }));
  await registerWebAssets(app, { root });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', 'si-web-assets-secret.txt'), { force: true });
});

describe('web assets', () => {
  it('serves index.html for a screen address', async () => {
    const response = await app.inject({ method: 'GET', url: '/insights/1234' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<title>app</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed files as immutable', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 for a missing file, not the app', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/missing.js' });

    expect(response.statusCode).toBe(404);
  });

  it('leaves API paths to the API', async () => {
    const known = await app.inject({ method: 'GET', url: '/api/fields' });
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing' });

    expect(known.json()).toEqual({ fields: [] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not-found');
  });

  it('serves nothing outside its folder', async () => {
    const encoded = await app.inject({ method: 'GET', url: '/%2e%2e/si-web-assets-secret.txt' });
    const dotted = await app.inject({ method: 'GET', url: '/../si-web-assets-secret.txt' });

    expect(encoded.body).not.toContain('outside-content');
    expect(dotted.body).not.toContain('outside-content');
  });

  it('says so when the app is not built', async () => {
    const bare = Fastify();
    await registerWebAssets(bare, { root: join(root, 'no-such-folder') });
    const response = await bare.inject({ method: 'GET', url: '/' });
    await bare.close();

    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
  });
});
