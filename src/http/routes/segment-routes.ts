import { errorCodes } from 'fastify';
import { Type } from 'typebox';

import { errorResponses, IdParams } from '../schemas/common-schemas.js';
import {
  PreviewBody,
  PreviewResponse,
  SegmentCreateBody,
  SegmentDeleteQuery,
  SegmentDeleteResponse,
  SegmentList,
  SegmentUpdateBody,
  SegmentUploadQuery,
  SegmentView,
} from '../schemas/segment-schemas.js';
import type { ApiServices, TypedApp } from '../typed-app.js';

/** Route of member-list uploads as text, which takes larger bodies than the JSON routes. */
export const SEGMENT_UPLOAD_ROUTE = '/api/segments/upload';

const TextBody = Type.String({ description: 'one customer key per line; a first line naming the key field is skipped' });

export function registerSegmentRoutes(app: TypedApp, services: ApiServices, uploadLimit: number): void {
  const segments = services.segments;

  app.get(
    '/api/segments',
    { schema: { tags: ['segments'], summary: 'List saved segments with their member counts', response: { 200: SegmentList, ...errorResponses(401, 404) } } },
    async () => ({ segments: await segments.list() }),
  );

  app.post(
    '/api/segments',
    {
      schema: {
        tags: ['segments'],
        summary: 'Save a segment from a rule (text or JSON) or from a list of customer keys',
        body: SegmentCreateBody,
        response: { 201: SegmentView, ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await segments.create(request.body)),
  );

  registerUploadRoute(app, services, uploadLimit);

  app.post(
    '/api/segments/preview',
    {
      config: { access: 'read' },
      schema: {
        tags: ['segments'],
        summary: 'Count the customers a rule matches, without saving it',
        body: PreviewBody,
        response: { 200: PreviewResponse, ...errorResponses(400, 401, 413, 415, 422) },
      },
    },
    async (request) => segments.preview(request.body.rule),
  );

  app.get(
    '/api/segments/:id',
    {
      schema: { tags: ['segments'], summary: 'Read one segment', params: IdParams, response: { 200: SegmentView, ...errorResponses(401, 404) } },
    },
    async (request) => await segments.get(request.params.id),
  );

  app.put(
    '/api/segments/:id',
    {
      schema: {
        tags: ['segments'],
        summary: "Change a segment's name, description, rule or members",
        params: IdParams,
        body: SegmentUpdateBody,
        response: { 200: SegmentView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => await segments.update(request.params.id, request.body),
  );

  app.delete(
    '/api/segments/:id',
    {
      schema: {
        tags: ['segments'],
        summary: 'Delete a segment; one that insights use needs ?cascade=true, which deletes those insights too. Takes no body, or {}',
        params: IdParams,
        querystring: SegmentDeleteQuery,
        response: { 200: SegmentDeleteResponse, ...errorResponses(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      const outcome = await segments.remove(request.params.id, request.query.cascade ?? false);
      return { segment: { id: outcome.segment.id, name: outcome.segment.name }, deletedInsights: outcome.deletedInsights };
    },
  );
}

/**
 * Registers the member-list upload in a scope of its own, the only one that reads text bodies,
 * so JSON routes reject with 415 the text/plain posts that other sites can send without asking.
 */
function registerUploadRoute(app: TypedApp, services: ApiServices, uploadLimit: number): void {
  void app.register(async (scope: TypedApp) => {
    scope.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post(
      SEGMENT_UPLOAD_ROUTE,
      {
        bodyLimit: uploadLimit,
        schema: {
          tags: ['segments'],
          summary: `Save a member-list segment from a text or CSV upload, one key per line (up to ${uploadLimit} bytes)`,
          querystring: SegmentUploadQuery,
          body: { content: { 'text/plain': { schema: TextBody }, 'text/csv': { schema: TextBody } } },
          response: { 201: SegmentView, ...errorResponses(400, 401, 403, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        // A body schema keyed by content type leaves other types unvalidated, so they stop here.
        if (typeof request.body !== 'string') throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE();
        const query = request.query;
        const segment = await services.segments.createFromText(query.name, request.body, query.description);
        return reply.code(201).send(segment);
      },
    );
  });
}
