import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDemo } from '../../src/demo/demo-runner.js';
import { DEMO_SEGMENTS } from '../../src/demo/demo-segments.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'demo-runner-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function captureDemo(): Promise<{ output: string; messages: string }> {
  let output = '';
  let messages = '';
  const io = {
    output: (text: string) => {
      output += text;
    },
    error: (text: string) => {
      messages += text;
    },
  };
  await runDemo({ folder, rows: 2000, seed: 42, io });
  return { output, messages };
}

describe('runDemo', () => {
  it('prints the overlap of the demo segments by city', async () => {
    const { output, messages } = await captureDemo();

    expect(messages).toMatch(/Generating 2,000 synthetic customer profiles/);
    expect(messages).toMatch(/Imported 2,000 profiles/);
    expect(output).toMatch(/^\$ segment-insights overlap "High spenders" Loyal "Churn risk"/);
    expect(output).toMatch(/2,000 profiles/);
    expect(output).toMatch(/By city/);
    for (const segment of DEMO_SEGMENTS) expect(output).toContain(segment.name);
  });

  it('reuses the profiles, import and segments on a second run', async () => {
    const first = await captureDemo();
    const second = await captureDemo();

    expect(second.messages).toBe('');
    expect(second.output).toBe(first.output);
  });
});
