import { InvalidInputError } from '../core/errors.js';

const UINT64_MASK = (1n << 64n) - 1n;

/**
 * DuckDB SQL for pseudo-random draws that depend only on a row number, a seed and a stream name.
 * DuckDB's own `random()` depends on the thread schedule, so a data set built with it differs
 * from run to run. These draws give a row the same value however the scan is split.
 *
 * Each stream hashes the row number, mixes in a 64-bit key derived from the seed and the stream
 * name, and hashes again. Hashing twice matters: DuckDB's multi-argument `hash(a, b)` combines its
 * inputs so weakly that `hash(i, seed, 1)` and `hash(i, seed, 2)` correlate at about 0.6.
 */
export class SeededDraws {
  constructor(
    private readonly seed: number,
    private readonly rowNumber: string,
  ) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new InvalidInputError(`invalid seed ${seed}. Use a whole number from 0 to 2^53 - 1`);
    }
  }

  /** Returns SQL for a DOUBLE uniform on [0, 1) with 53 random bits. */
  uniform(stream: string): string {
    const key = streamKey(this.seed, stream);
    const bits = `hash(xor(hash(${this.rowNumber}), ${key}::UBIGINT)) >> 11`;
    return `((${bits})::DOUBLE / 9007199254740992.0)`;
  }

  /** Returns SQL for a standard normal draw (Box–Muller over two uniforms of the stream). */
  normal(stream: string): string {
    const radius = `sqrt(-2.0 * ln(1.0 - ${this.uniform(`${stream}/radius`)}))`;
    const angle = `(2.0 * pi() * ${this.uniform(`${stream}/angle`)})`;
    return `(${radius} * cos(${angle}))`;
  }
}

/** Derives the 64-bit key of a stream from the seed (SplitMix64) and its name (FNV-1a). */
export function streamKey(seed: number, stream: string): bigint {
  return splitMix64(splitMix64(BigInt(seed)) ^ fnv1a64(stream));
}

function splitMix64(value: bigint): bigint {
  let z = (value + 0x9e3779b97f4a7c15n) & UINT64_MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & UINT64_MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & UINT64_MASK;
  return z ^ (z >> 31n);
}

function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & UINT64_MASK;
  }
  return hash;
}

/**
 * Returns SQL for the 1-based index of the weighted choice that a uniform draw falls into.
 * `uniform` should be a column name because the SQL repeats it once per choice. Weights need not
 * add up to 1, and the last choice takes any rounding left over.
 */
export function weightedIndexSql(uniform: string, weights: readonly number[]): string {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let cumulative = 0;
  const branches = weights.slice(0, -1).map((weight, index) => {
    cumulative += weight / total;
    return `WHEN ${uniform} < ${cumulative.toPrecision(12)} THEN ${index + 1}`;
  });
  return `CASE ${branches.join(' ')} ELSE ${weights.length} END`;
}

/** Writes a DuckDB list literal of text values, for picking a value by index as `[...][index]`. */
export function textListSql(values: readonly string[]): string {
  return `[${values.map(textLiteralSql).join(', ')}]`;
}

export function numberListSql(values: readonly number[]): string {
  return `[${values.map((value) => value.toString()).join(', ')}]`;
}

export function textLiteralSql(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
