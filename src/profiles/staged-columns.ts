import { closestName } from '../core/closest-name.js';
import { InvalidInputError } from '../core/errors.js';
import type { FieldType } from '../core/fields.js';

/** One profile column as read from a file: its SQL over the staged relation and its field type. */
export interface StagedColumn {
  name: string;
  type: FieldType;
  sql: string;
  /** For a key cast from whole numbers: the numbers, which group faster than their text. */
  groupSql?: string;
}

/** A file read into DuckDB, before the key checks: typed columns and the file order of rows. */
export interface StagedFile {
  /** Relation the column expressions read from. */
  relation: string;
  columns: StagedColumn[];
  /** SQL for the 1-based position of a row in the file. */
  rowSql: string;
  /** True when the file was copied into the temporary stage table rather than read in place. */
  copied: boolean;
  /** Columns known to have few distinct values, which checks may read value by value. */
  fewValues: string[];
  warnings: string[];
}

/** Names of the temporary objects one read creates. All carry the reserved `si_` prefix. */
export interface TemporaryNames {
  stage: string;
  typed: string;
  keys: string;
  profiles: string;
}

let reads = 0;

export function temporaryNames(): TemporaryNames {
  reads += 1;
  const prefix = `si_read_${process.pid}_${reads}`;
  return { stage: `${prefix}_stage`, typed: `${prefix}_typed`, keys: `${prefix}_keys`, profiles: `${prefix}_profiles` };
}

/** Columns named in the message for an unknown key column. */
const LISTED_COLUMNS = 20;

/** Checks that the key column exists, suggesting the closest name when it does not. */
export function checkKeyColumn(key: string, columns: readonly string[], file: string): void {
  if (columns.includes(key)) return;

  const suggestion = closestName(key, columns);
  const listed = columns.slice(0, LISTED_COLUMNS).map((name) => `"${name}"`).join(', ');
  const more = columns.length > LISTED_COLUMNS ? ` and ${columns.length - LISTED_COLUMNS} more` : '';
  const hint = suggestion ? `Did you mean "${suggestion}"?` : `Columns: ${listed}${more}`;
  throw new InvalidInputError(`unknown key column "${key}" in "${file}". ${hint}`, { key, suggestion });
}
