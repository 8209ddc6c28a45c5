import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';

import { InvalidInputError, NotFoundError } from '../core/errors.js';

export const PROFILE_FORMATS = ['csv', 'parquet', 'json'] as const;

export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

const FORMAT_BY_EXTENSION: Record<string, ProfileFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
};

/** A profile file that exists and can be read, with its format and absolute path. */
export interface ProfileFile {
  /** The path as the user gave it, for messages. */
  file: string;
  path: string;
  format: ProfileFormat;
  size: number;
}

export function formatOfFile(file: string): ProfileFormat {
  const extension = extname(file).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (format) return format;

  const accepted = Object.keys(FORMAT_BY_EXTENSION).join(', ');
  const shown = extension === '' ? 'no extension' : `extension "${extension}"`;
  throw new InvalidInputError(
    `unsupported profile file "${file}" (${shown}). Use one of: ${accepted}`,
  );
}

/**
 * Checks that a profile file exists, is a regular file and can be read. The absolute path keeps
 * DuckDB from reading anything but a local file (no URL, no home-directory expansion).
 */
export async function resolveProfileFile(file: string): Promise<ProfileFile> {
  const format = formatOfFile(file);
  const path = resolve(file);

  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InvalidInputError(`"${file}" is not a file. Give the path of a profile file`);
    size = info.size;
    await access(path, constants.R_OK);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new NotFoundError(`file "${file}" not found. Check the path`);
    }
    throw new InvalidInputError(`failed to read file "${file}" (${code ?? 'unknown error'}). Check its permissions`);
  }

  if (size === 0) throw new InvalidInputError(`file "${file}" is empty. Export it again with a header row and data`);
  return { file, path, format, size };
}
