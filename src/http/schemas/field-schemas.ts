import { Type } from 'typebox';

import { FIELD_TYPES } from '../../core/fields.js';
import { MAX_FIELD_VALUES } from '../../service/field-values.js';

export const FieldNameParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 400, description: 'the field name, as GET /api/fields lists it' }),
});

export const FieldValuesResponse = Type.Object({
  field: Type.String(),
  type: Type.Union(FIELD_TYPES.map((type) => Type.Literal(type))),
  distinctValues: Type.Integer({ description: 'distinct values of the field, the missing value counted as one' }),
  truncated: Type.Boolean({ description: `true when the field has more than the ${MAX_FIELD_VALUES} values listed` }),
  values: Type.Array(
    Type.Object({
      value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
        description: 'the value as the results show it (dates as YYYY-MM-DD text); null is the missing value',
      }),
      profiles: Type.Integer({ description: 'customers with this value' }),
    }),
    { description: `the ${MAX_FIELD_VALUES} most common values at most, largest count first, ties in ascending value order with null last` },
  ),
});
