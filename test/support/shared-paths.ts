import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so tests run from any working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared folder beside the repository: test cases from publicly reported faults and public
 * data sets. It is read in place, never copied into the repository.
 */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const CASES_DIR = join(SHARED_DIR, 'cases');
export const DATA_DIR = join(SHARED_DIR, 'data');

export const hasSharedData = existsSync(DATA_DIR);
