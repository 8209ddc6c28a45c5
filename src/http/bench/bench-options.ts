import { InvalidInputError } from '../../core/errors.js';

/** Settings of the API benchmark: the data, the load and its length. */
export interface ApiBenchOptions {
  profiles: number;
  insights: number;
  clients: number;
  seconds: number;
  /** Folder for the generated workspace and the report. */
  folder: string;
}

export const DEFAULT_API_BENCH: ApiBenchOptions = {
  profiles: 1_000_000,
  insights: 20,
  clients: 50,
  seconds: 30,
  folder: '.bench-data/api',
};

const NUMERIC_OPTIONS = { '--profiles': 'profiles', '--insights': 'insights', '--clients': 'clients', '--seconds': 'seconds' } as const;

/** Parses `--profiles N --insights N --clients N --seconds N --folder DIR`; defaults for the rest. */
export function parseApiBenchArguments(argv: readonly string[]): ApiBenchOptions {
  const options = { ...DEFAULT_API_BENCH };
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] as string;
    const value = argv[index + 1];
    if (value === undefined) throw new InvalidInputError(`${flag} needs a value`);

    if (flag === '--folder') {
      options.folder = value;
    } else if (flag in NUMERIC_OPTIONS) {
      options[NUMERIC_OPTIONS[flag as keyof typeof NUMERIC_OPTIONS]] = parseCount(flag, value);
    } else {
      throw new InvalidInputError(`unknown benchmark argument "${flag}". Use --profiles, --insights, --clients, --seconds or --folder`);
    }
  }
  return options;
}

function parseCount(flag: string, text: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(`${flag} must be a whole number of at least 1, got "${text}"`);
  }
  return value;
}

/** Returns the value below which `share` of the sorted values fall (nearest rank), or NaN for no values. */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(share * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
