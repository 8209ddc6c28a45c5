/** Profile fields and their types, shared by every layer. */

export const FIELD_TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'timestamp'] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPES as readonly string[]).includes(value);
}

export function isNumericType(type: FieldType): boolean {
  return type === 'integer' || type === 'decimal';
}

export function isTemporalType(type: FieldType): boolean {
  return type === 'date' || type === 'timestamp';
}

export interface Field {
  name: string;
  type: FieldType;
}

/**
 * A table of customer profiles as the analyses see it: a relation to select from, the key field
 * and the other fields. `relation` is SQL text that the engine owns (a quoted table or view name),
 * never user text.
 */
export interface ProfileSource {
  relation: string;
  /** Name of the key field; the key is text. */
  keyField: string;
  /** Every field, key included, in table order. */
  fields: Field[];
  /** Origin of the profiles for messages: a table name or a file path. */
  label: string;
}

export function findField(source: ProfileSource, name: string): Field | undefined {
  return source.fields.find((field) => field.name === name);
}
