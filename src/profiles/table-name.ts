import { InvalidInputError } from '../core/errors.js';

/** Letters, digits and underscores, starting with a letter: safe in any engine once quoted. */
const TABLE_NAME = /^\p{L}[\p{L}\p{N}_]{0,62}$/u;

/** Prefix of the workspace's own tables. */
const RESERVED_PREFIX = 'si_';

/** Checks a profile table name given with `--table`. */
export function checkTableName(name: string): string {
  if (name.toLowerCase().startsWith(RESERVED_PREFIX)) {
    throw new InvalidInputError(
      `table name "${name}" is reserved: names starting with "${RESERVED_PREFIX}" hold the workspace's own data. Choose another name`,
    );
  }
  if (!TABLE_NAME.test(name)) {
    throw new InvalidInputError(
      `invalid table name "${name}". Use up to 63 letters, digits and underscores, starting with a letter, for example "profiles_2024"`,
    );
  }
  return name;
}
