import type { FieldType } from '../core/fields.js';
import type { ProfileFormat } from './profile-file.js';

/** How to read a profile file, whether it is imported or read in place. */
export interface ProfileReadOptions {
  file: string;
  /** The customer key column. Without it, each row is one customer keyed by its row number. */
  key?: string;
  /** CSV only: one character, or `\t` / `tab`. Detected among , ; tab | when not given. */
  delimiter?: string;
  /** 'first' keeps the first row, in file order, of a key whose rows disagree. */
  dedupe?: 'first';
  /** Cell texts that mean missing, besides the empty cell. "NA" is a value unless listed here. */
  nullValues?: string[];
}

/**
 * Counts, fields and warnings from reading a profile file. Rows read = profiles + nullKeyRows +
 * duplicateRows + the rows dropped for conflicting keys under dedupe 'first'.
 */
export interface ImportReport {
  /** The table imported into, or the temporary relation for a file read in place. */
  table: string;
  file: string;
  format: ProfileFormat;
  /** Data rows read from the file. */
  rows: number;
  /** Distinct non-null keys: the customers. */
  profiles: number;
  keyField: string;
  /** False when no key was given and each row became one customer keyed by its row number. */
  keyed: boolean;
  nullKeyRows: number;
  /** Rows left out because an earlier row repeats their key with identical values. */
  duplicateRows: number;
  /** A few of those keys, in file order, with their row counts. */
  duplicateKeys: { key: string; rows: number }[];
  /** Keys whose rows disagree, which is non-zero only with dedupe 'first'. */
  conflictingKeys: number;
  fields: { name: string; type: FieldType }[];
  /**
   * A few groups of values that differ only in case, per text field. A Parquet file read in place
   * is searched only in fields stored with dictionary encoding.
   */
  caseVariants: { field: string; values: string[] }[];
  /** Sentences for the user about how the file was read. */
  warnings: string[];
}
