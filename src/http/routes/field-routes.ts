import { Type } from 'typebox';

import { MAX_FIELD_VALUES } from '../../service/field-values.js';
import { JsonCache, sendJsonText } from '../json-cache.js';
import { errorResponses } from '../schemas/common-schemas.js';
import { FieldNameParams, FieldValuesResponse } from '../schemas/field-schemas.js';
import { FieldsResponse } from '../schemas/segment-schemas.js';
import type { ApiServices, TypedApp } from '../typed-app.js';

export function registerFieldRoutes(app: TypedApp, services: ApiServices): void {
  const json = new JsonCache();

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['server'],
        summary: 'Tell whether the server is up',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/fields',
    {
      schema: {
        tags: ['profiles'],
        summary: 'List the fields of the profile table with their types, distinct values and missing values, and the profile count',
        response: { 200: FieldsResponse, ...errorResponses(401, 404) },
      },
    },
    async () => services.segments.fields(),
  );

  app.get(
    '/api/fields/:name/values',
    {
      schema: {
        tags: ['profiles'],
        summary: `List the most common values of a profile field (${MAX_FIELD_VALUES} at most) with their customer counts`,
        params: FieldNameParams,
        response: { 200: FieldValuesResponse, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const values = await services.segments.fieldValues(request.params.name);
      return sendJsonText(reply, json.text(values, () => values));
    },
  );
}
