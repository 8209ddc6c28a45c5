import { InvalidInputError } from '../core/errors.js';

/** Maximum length of an insight or segment name, in characters; names show in lists and rule text. */
export const MAX_NAME_LENGTH = 200;
export const MAX_DISPLAY_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;

/**
 * Checks a name or display name: trimmed, not blank, within `maxLength` characters and free of
 * control characters, which would garble lists and logs. Returns it trimmed and NFC-normalised.
 */
export function checkName(value: string, field: string, maxLength = MAX_NAME_LENGTH): string {
  const trimmed = value.trim().normalize('NFC');
  if (trimmed === '') throw new InvalidInputError(`${field} is empty. Give it a name`, { field });
  if ([...trimmed].length > maxLength) {
    throw new InvalidInputError(`${field} is ${[...trimmed].length} characters long; the limit is ${maxLength}. Shorten it`, { field });
  }
  if (/\p{Cc}/u.test(trimmed)) {
    throw new InvalidInputError(`${field} ${JSON.stringify(trimmed)} contains control characters. Remove them`, { field });
  }
  return trimmed;
}

/** Checks a description: line breaks and tabs are allowed, other control characters are not. */
export function checkDescription(value: string, field = 'description'): string {
  const normalised = value.normalize('NFC');
  if ([...normalised].length > MAX_DESCRIPTION_LENGTH) {
    throw new InvalidInputError(
      `${field} is ${[...normalised].length} characters long; the limit is ${MAX_DESCRIPTION_LENGTH}. Shorten it`,
      { field },
    );
  }
  if (/[^\P{Cc}\n\r\t]/u.test(normalised)) {
    throw new InvalidInputError(`${field} contains control characters other than line breaks and tabs. Remove them`, { field });
  }
  return normalised;
}

/** The form of the ids the workspace gives segments and insights: a UUID. */
const ID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rejects a new name that has the form of an id. Requests refer to a segment or an insight by id
 * or by name, so such a name could read as another one's id.
 */
export function checkNotIdForm(name: string, kind: 'segment' | 'insight'): void {
  if (!ID_FORM.test(name.trim())) return;
  throw new InvalidInputError(
    `${kind} name "${name.trim()}" has the form of an id (a UUID), and requests refer to a ${kind} by id or by name. ` +
      'Choose a name that is not a UUID',
    { field: 'name' },
  );
}
