import type { Static } from 'typebox';

import { InvalidInputError } from '../../core/errors.js';
import type { InsightDefinitionInput } from '../../service/insight-definition.js';
import type { CreateInsightInput } from '../../service/insight-service.js';
import { errorResponses, IdParams } from '../schemas/common-schemas.js';
import { InsightCreateBody, InsightDetail, InsightList, RefreshResponse, RunList } from '../schemas/insight-schemas.js';
import { JsonCache, sendJsonText } from '../json-cache.js';
import type { ApiServices, TypedApp } from '../typed-app.js';

type CreateBody = Static<typeof InsightCreateBody>;

const OVERLAP_KEYS = ['segments', 'fields'] as const;
const DIFFERENTIATORS_KEYS = ['segment', 'baseline', 'include', 'exclude', 'keepRuleFields', 'bins', 'minSupport', 'dateUnit'] as const;

export function registerInsightRoutes(app: TypedApp, services: ApiServices): void {
  const insights = services.insights;
  const json = new JsonCache();

  app.get(
    '/api/insights',
    { schema: { tags: ['insights'], summary: 'List insights with their status and last refresh', response: { 200: InsightList, ...errorResponses(401) } } },
    async (_request, reply) => {
      const summaries = insights.list();
      return sendJsonText(reply, json.text(summaries, () => ({ insights: summaries })));
    },
  );

  app.post(
    '/api/insights',
    {
      schema: {
        tags: ['insights'],
        summary: 'Save an insight and start its first run; it comes back with status "refreshing"',
        body: InsightCreateBody,
        response: { 201: InsightDetail, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await insights.create(readCreateBody(request.body))),
  );

  app.get(
    '/api/insights/:id',
    {
      schema: {
        tags: ['insights'],
        summary: 'Read an insight with its status, its latest successful result and the changes since the run before',
        params: IdParams,
        response: { 200: InsightDetail, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const detail = await insights.get(request.params.id);
      return sendJsonText(reply, json.text(detail, () => detail));
    },
  );

  app.put(
    '/api/insights/:id',
    {
      schema: {
        tags: ['insights'],
        summary:
          'Replace an insight\'s names, description and definition, checked as on create, and start a run; it comes back with ' +
          'status "refreshing". A run already computing finishes first; earlier runs and their results stay',
        params: IdParams,
        body: InsightCreateBody,
        response: { 200: InsightDetail, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => insights.update(request.params.id, readCreateBody(request.body)),
  );

  app.delete(
    '/api/insights/:id',
    {
      schema: {
        tags: ['insights'],
        summary: 'Delete an insight and its runs; segments and profiles stay',
        params: IdParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses(400, 401, 403, 404, 415) },
      },
    },
    async (request, reply) => {
      await insights.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/insights/:id/refresh',
    {
      schema: {
        tags: ['insights'],
        summary: 'Start a run (202), or return the run in progress when the insight is already refreshing (200). Takes no body, or {}',
        params: IdParams,
        response: { 200: RefreshResponse, 202: RefreshResponse, ...errorResponses(400, 401, 403, 404, 415) },
      },
    },
    async (request, reply) => {
      const outcome = await insights.refresh(request.params.id);
      return reply.code(outcome.started ? 202 : 200).send(outcome);
    },
  );

  app.get(
    '/api/insights/:id/runs',
    {
      schema: {
        tags: ['insights'],
        summary: "List an insight's runs, newest first, with the segment rules each one used",
        params: IdParams,
        response: { 200: RunList, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const runs = insights.runs(request.params.id);
      return sendJsonText(reply, json.text(runs, () => ({ runs })));
    },
  );
}

/** Splits the flat request body of a create or an edit into the insight's texts and its kind's definition. */
function readCreateBody(body: CreateBody): CreateInsightInput {
  return {
    name: body.name,
    displayName: body.displayName ?? null,
    description: body.description,
    definition: body.kind === 'overlap' ? readOverlap(body) : readDifferentiators(body),
  };
}

function readOverlap(body: CreateBody): InsightDefinitionInput {
  rejectKeys(body, DIFFERENTIATORS_KEYS, 'overlap');
  if (body.segments === undefined) {
    throw new InvalidInputError('an overlap insight needs "segments": 2 to 16 segment ids or names', { field: 'segments' });
  }
  return { kind: 'overlap', segments: body.segments, fields: body.fields, maxValues: body.maxValues };
}

function readDifferentiators(body: CreateBody): InsightDefinitionInput {
  rejectKeys(body, OVERLAP_KEYS, 'differentiators');
  if (body.segment === undefined || body.baseline === undefined) {
    const missing = body.segment === undefined ? 'segment' : 'baseline';
    throw new InvalidInputError(
      `a differentiators insight needs "segment" and "baseline" ("all", "rest", or a segment id or name); "${missing}" is missing`,
      { field: missing },
    );
  }
  return {
    kind: 'differentiators',
    segment: body.segment,
    baseline: body.baseline,
    include: body.include,
    exclude: body.exclude,
    keepRuleFields: body.keepRuleFields,
    maxValues: body.maxValues,
    bins: body.bins,
    minSupport: body.minSupport,
    dateUnit: body.dateUnit,
  };
}

function rejectKeys(body: CreateBody, keys: readonly (keyof CreateBody)[], kind: string): void {
  const present = keys.find((key) => body[key] !== undefined);
  if (present !== undefined) {
    throw new InvalidInputError(`"${String(present)}" does not apply to ${kind} insights. Remove it`, { field: present });
  }
}
