import { Type } from 'typebox';

import { errorResponses } from '../schemas/common-schemas.js';
import { FieldsResponse } from '../schemas/segment-schemas.js';
import type { ApiServices, TypedApp } from '../typed-app.js';

export function registerFieldRoutes(app: TypedApp, services: ApiServices): void {
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
        summary: 'List the fields of the profile table, with their types and the profile count',
        response: { 200: FieldsResponse, ...errorResponses(401, 404) },
      },
    },
    async () => services.segments.fields(),
  );
}
