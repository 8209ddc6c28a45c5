import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { Engine } from '../engines/engine.js';
import { buildSyntheticProfilesSql, type SyntheticProfilesOptions } from './profiles-query.js';
import { textLiteralSql } from './seeded-draws.js';

/**
 * Version of the profile model. Cached files carry it in their name, so a change to the model
 * (bump this) regenerates them instead of reusing stale data.
 */
export const PROFILE_MODEL_VERSION = 1;

/**
 * Writes synthetic customer profiles to a Parquet file. `engine` must be a DuckDB engine, which
 * generates the profiles so that they never pass through JavaScript.
 *
 * The file is written under a temporary name and renamed when complete, so an interrupted run
 * never leaves a partial file under `file`.
 */
export async function writeSyntheticProfiles(
  engine: Engine,
  file: string,
  options: SyntheticProfilesOptions,
): Promise<void> {
  const select = buildSyntheticProfilesSql(options);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });

  await engine.execute(
    `COPY (${select}) TO ${textLiteralSql(partial)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  await rename(partial, file);
}

/**
 * Returns the path of the cached profile file for `options` in `folder`, generating it first
 * when it is missing. Reports through `onGenerate` before a generation starts.
 */
export async function ensureSyntheticProfiles(
  engine: Engine,
  folder: string,
  options: SyntheticProfilesOptions,
  onGenerate: (file: string) => void = () => {},
): Promise<{ file: string; generated: boolean }> {
  const file = join(folder, syntheticProfilesFileName(options));
  if (await exists(file)) return { file, generated: false };

  await mkdir(folder, { recursive: true });
  onGenerate(file);
  await writeSyntheticProfiles(engine, file, options);
  return { file, generated: true };
}

export function syntheticProfilesFileName(options: SyntheticProfilesOptions): string {
  const { citySet, rows, seed } = options;
  return `profiles-${citySet}-${rows}-seed${seed}-v${PROFILE_MODEL_VERSION}.parquet`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
