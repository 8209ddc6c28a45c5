import { Type, type TSchema } from 'typebox';

import { HTTP_ERROR_CODES } from '../error-handling.js';
import { ERROR_CODES } from '../../core/errors.js';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: `stable error code: ${[...ERROR_CODES, ...HTTP_ERROR_CODES].join(', ')}` }),
      message: Type.String({ description: 'what is wrong, the value at fault, then what to do' }),
      details: Type.Record(Type.String(), Type.Unknown(), { description: 'the field, position or items at fault' }),
    }),
  },
  { description: 'every error response has this shape' },
);

export const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 400, description: 'the id, or the name' }),
});

/** Builds the schema of an object whose properties it does not list, such as an analysis result. */
export function OpenObject<Shape extends object = Record<string, unknown>>(description: string) {
  return Type.Unsafe<Shape>({ type: 'object', additionalProperties: true, description });
}

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** Error responses of a route, by status. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}
