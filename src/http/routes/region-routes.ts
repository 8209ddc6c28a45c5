import { Readable } from 'node:stream';

import type { Static } from 'typebox';

import { InvalidInputError } from '../../core/errors.js';
import type { RegionRequest } from '../../service/region-service.js';
import { errorResponses, IdParams } from '../schemas/common-schemas.js';
import {
  RegionExportQuery,
  RegionMembersQuery,
  RegionMembersResponse,
  RegionSegmentBody,
  RegionSegmentResponse,
} from '../schemas/region-schemas.js';
import type { ApiServices, TypedApp } from '../typed-app.js';

export function registerRegionRoutes(app: TypedApp, services: ApiServices): void {
  const regions = services.regions;

  app.post(
    '/api/insights/:id/regions/segment',
    {
      schema: {
        tags: ['regions'],
        summary: "Save a segment from a union of an overlap's regions, optionally within one field value",
        description:
          'The rule refers to the source segments by name (in segment "A" and not in segment "B" ...), so the segment follows them ' +
          'when they change; regionCount is what the latest result counted in the regions. When a segment that result used ' +
          'has changed since, stale is true and warning says why the new segment\'s count may differ.',
        params: IdParams,
        body: RegionSegmentBody,
        response: { 201: RegionSegmentResponse, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const outcome = await regions.createSegment(request.params.id, {
        name: body.name,
        description: body.description,
        regions: body.regions,
        within: body.within,
      });
      return reply.code(201).send(outcome);
    },
  );

  app.get(
    '/api/insights/:id/regions/export',
    {
      schema: {
        tags: ['regions'],
        summary: 'Download the members of regions as CSV, streamed in key order',
        description:
          'Text cells starting with = + - @, tab or carriage return get a leading apostrophe so spreadsheets do not run them as ' +
          'formulas; numeric columns are written as numbers. The JSON member listing shows values unchanged.',
        params: IdParams,
        querystring: RegionExportQuery,
        response: {
          200: { description: 'CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errorResponses(400, 401, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const exported = await regions.openExport(request.params.id, { ...readRegionQuery(query), columns: query.columns });
      const stream = Readable.from(exported.chunks());
      stream.on('close', () => void exported.close());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="region-members.csv"')
        .header('x-row-count', String(exported.rows))
        // The route's schema documents the CSV as a string; Fastify streams a Readable as the body.
        .send(stream as unknown as string);
    },
  );

  app.get(
    '/api/insights/:id/regions/members',
    {
      schema: {
        tags: ['regions'],
        summary: 'List the members of regions as JSON, a page at a time in key order',
        params: IdParams,
        querystring: RegionMembersQuery,
        response: { 200: RegionMembersResponse, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request) => {
      const query = request.query;
      return regions.members(request.params.id, {
        ...readRegionQuery(query),
        columns: query.columns,
        after: query.after,
        limit: query.limit ?? 100,
      });
    },
  );
}

/** Reads `region`, `field`, `value` and `missing` from a query string. */
function readRegionQuery(query: Static<typeof RegionExportQuery>): RegionRequest {
  if (query.field === undefined) {
    if (query.value !== undefined || query.missing !== undefined) {
      throw new InvalidInputError('"value" and "missing" need "field": name the field the value belongs to', { field: 'field' });
    }
    return { regions: query.region };
  }

  if ((query.value !== undefined) === (query.missing === true)) {
    throw new InvalidInputError('with "field", give exactly one of "value" or "missing=true"', { field: 'value' });
  }
  const value = query.missing === true ? null : (query.value as string);
  return { regions: query.region, within: { field: query.field, value, valueIsText: true } };
}
