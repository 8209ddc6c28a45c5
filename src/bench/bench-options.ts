import { InvalidInputError } from '../core/errors.js';

export const DEFAULT_BENCH_SIZES = [1_000_000, 10_000_000];

/** The analyses the benchmark times, in report order. */
export const BENCH_ANALYSES = ['overlap', 'differentiators'] as const;
export type BenchAnalysis = (typeof BENCH_ANALYSES)[number];

export interface BenchOptions {
  /** Numbers of profiles to generate and time, smallest first. */
  sizes: number[];
  /** Analyses to time, in report order. */
  analyses: BenchAnalysis[];
}

/**
 * Parses the benchmark's arguments: `--quick` times 1,000,000 profiles only, `--rows
 * 1000000,5000000` times the sizes given, and `--analysis differentiators` times one analysis.
 */
export function parseBenchArguments(argv: readonly string[]): BenchOptions {
  let sizes = DEFAULT_BENCH_SIZES;
  let analyses: BenchAnalysis[] = [...BENCH_ANALYSES];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--quick') {
      sizes = [1_000_000];
    } else if (argument === '--rows') {
      sizes = parseSizes(argv[index + 1]);
      index += 1;
    } else if (argument === '--analysis') {
      analyses = [parseAnalysis(argv[index + 1])];
      index += 1;
    } else {
      throw new InvalidInputError(
        `unknown benchmark argument "${argument}". Use --quick, --rows N[,N...] or --analysis NAME`,
      );
    }
  }
  return { sizes: [...sizes].sort((a, b) => a - b), analyses };
}

function parseAnalysis(text: string | undefined): BenchAnalysis {
  const analysis = BENCH_ANALYSES.find((name) => name === text);
  if (analysis === undefined) {
    throw new InvalidInputError(
      `unknown --analysis "${text ?? ''}". Use one of: ${BENCH_ANALYSES.join(', ')}`,
    );
  }
  return analysis;
}

function parseSizes(text: string | undefined): number[] {
  const sizes = (text ?? '').split(',').map((part) => Number(part.trim().replaceAll('_', '')));
  const invalid = sizes.find((size) => !Number.isSafeInteger(size) || size < 1);
  if (text === undefined || invalid !== undefined) {
    throw new InvalidInputError(
      `invalid --rows "${text ?? ''}". Give whole numbers of profiles separated by commas, ` +
        'e.g. --rows 1000000,10000000',
    );
  }
  return [...new Set(sizes)];
}
