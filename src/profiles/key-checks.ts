import { InvalidInputError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';

/** Keys shown as examples in reports and messages. */
const EXAMPLE_KEYS = 5;

/** Counts found by the key checks, each of rows read from the file. */
export interface KeyCheckResult {
  rows: number;
  nullKeyRows: number;
  /** Rows left out because an earlier row repeats their key with identical values. */
  duplicateRows: number;
  duplicateKeys: { key: string; rows: number }[];
  /** Keys whose rows disagree, which is non-zero only when the first row is kept. */
  conflictingKeys: number;
  /** Rows left out because an earlier row has their key but other values. */
  conflictingRows: number;
  /** True when some key has more than one row, so the profiles must keep one row per key. */
  repeatedKeys: boolean;
}

/** The relation the checks read, with the columns they need. */
export interface KeyCheckInput {
  relation: string;
  key: string;
  /**
   * Column grouped to find repeated keys: the key itself, or a column with the same rows per
   * value that groups faster, such as the integer a text key was cast from.
   */
  groupColumn: string;
  /** Column holding the 1-based file order of each row. */
  rowColumn: string;
  /** Columns compared to tell identical repeats from conflicting ones (the key excluded). */
  valueColumns: string[];
  file: string;
  dedupe: 'first' | undefined;
  /** Name for a temporary table the checks may create and drop. */
  scratchTable: string;
}

/**
 * Counts rows without a key and rows that repeat a key, so that a customer is never counted
 * twice. Rows that repeat a key with identical values collapse into one customer. A key whose
 * rows disagree is an error unless `dedupe` is 'first'.
 */
export async function checkKeys(engine: Engine, input: KeyCheckInput): Promise<KeyCheckResult> {
  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  const scratch = q(input.scratchTable);
  const rows = await countRows(engine, input.relation);

  // One grouping finds both the null keys and the repeated keys. Most files have few of either,
  // so the scratch table stays small.
  await engine.execute(
    `CREATE OR REPLACE TEMP TABLE ${scratch} AS
     SELECT ${q(input.groupColumn)} AS key_group, count(*) AS row_count FROM ${input.relation}
     GROUP BY ${q(input.groupColumn)} HAVING count(*) > 1 OR ${q(input.groupColumn)} IS NULL`,
  );
  try {
    const nullKeyRows = await scalar(engine, `SELECT coalesce(sum(row_count), 0) AS value FROM ${scratch} WHERE key_group IS NULL`);
    const repeated = await scalar(engine, `SELECT count(*) AS value FROM ${scratch} WHERE key_group IS NOT NULL`);
    const result: KeyCheckResult = {
      rows,
      nullKeyRows,
      duplicateRows: 0,
      duplicateKeys: [],
      conflictingKeys: 0,
      conflictingRows: 0,
      repeatedKeys: repeated > 0,
    };
    if (repeated === 0) return result;
    return await classifyRepeats(engine, input, result);
  } finally {
    await engine.execute(`DROP TABLE IF EXISTS ${scratch}`);
  }
}

/** Splits repeated keys into identical repeats and conflicts, in file order of their first row. */
async function classifyRepeats(engine: Engine, input: KeyCheckInput, result: KeyCheckResult): Promise<KeyCheckResult> {
  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  const scratch = q(input.scratchTable);
  const groups = q(`${input.scratchTable}_groups`);
  const values = input.valueColumns.map((name) => `t.${q(name)}`);
  const versions = values.length === 0 ? '1' : `count(DISTINCT row(${values.join(', ')}))`;

  await engine.execute(
    `CREATE OR REPLACE TEMP TABLE ${groups} AS
     SELECT any_value(t.${q(input.key)}) AS key_text, r.row_count, min(t.${q(input.rowColumn)}) AS first_row, ${versions} AS versions
     FROM ${input.relation} AS t JOIN ${scratch} AS r ON t.${q(input.groupColumn)} = r.key_group
     GROUP BY r.key_group, r.row_count`,
  );
  try {
    const totals = await engine.query(
      `SELECT count_if(versions = 1) AS identical_keys,
              coalesce(sum(row_count - 1) FILTER (WHERE versions = 1), 0) AS identical_rows,
              count_if(versions > 1) AS conflicting_keys,
              coalesce(sum(row_count - 1) FILTER (WHERE versions > 1), 0) AS conflicting_rows
       FROM ${groups}`,
    );
    const examples = async (condition: string) =>
      (await engine.query(`SELECT key_text, row_count FROM ${groups} WHERE ${condition} ORDER BY first_row LIMIT ${EXAMPLE_KEYS}`)).map(
        (row) => ({ key: String(row.key_text), rows: Number(row.row_count) }),
      );

    const total = totals[0] ?? {};
    const conflictingKeys = Number(total.conflicting_keys ?? 0);
    if (conflictingKeys > 0 && input.dedupe !== 'first') {
      throw await conflictError(engine, input, await examples('versions > 1'), conflictingKeys);
    }

    return {
      ...result,
      duplicateRows: Number(total.identical_rows ?? 0),
      duplicateKeys: await examples('versions = 1'),
      conflictingKeys,
      conflictingRows: Number(total.conflicting_rows ?? 0),
    };
  } finally {
    await engine.execute(`DROP TABLE IF EXISTS ${groups}`);
  }
}

async function conflictError(
  engine: Engine,
  input: KeyCheckInput,
  examples: { key: string; rows: number }[],
  conflictingKeys: number,
): Promise<InvalidInputError> {
  const first = examples[0] ?? { key: '', rows: 0 };
  const differing = await differingColumns(engine, input, first.key);
  const fields = differing.map((name) => `"${name}"`).join(', ');
  const others = conflictingKeys - 1;
  const more = others === 0 ? '' : ` and ${others} more ${others === 1 ? 'key' : 'keys'}`;

  return new InvalidInputError(
    `conflicting rows for customer key "${first.key}" (${first.rows} rows that differ in ${fields})${more} in "${input.file}". ` +
      'Remove the duplicates or pass --dedupe first',
    { conflictingKeys, examples },
  );
}

/** Names the columns whose values differ between the rows of one key (nulls count as values). */
async function differingColumns(engine: Engine, input: KeyCheckInput, key: string): Promise<string[]> {
  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  const checks = input.valueColumns.map((name, index) => `count(DISTINCT row(${q(name)})) > 1 AS d${index}`);
  const rows = await engine.query({
    sql: `SELECT ${checks.join(', ')} FROM ${input.relation} WHERE ${q(input.key)} = $1`,
    parameters: [key],
  });
  const row = rows[0] ?? {};
  return input.valueColumns.filter((_, index) => row[`d${index}`] === true);
}

async function countRows(engine: Engine, relation: string): Promise<number> {
  return scalar(engine, `SELECT count(*) AS value FROM ${relation}`);
}

async function scalar(engine: Engine, sql: string): Promise<number> {
  const rows = await engine.query(sql);
  return Number(rows[0]?.value ?? 0);
}
