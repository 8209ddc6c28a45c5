import { Type } from 'typebox';

import { MAX_SEGMENTS } from '../../analyses/overlap/overlap-analysis.js';
import { MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH, MAX_NAME_LENGTH } from '../../service/text-limits.js';
import { Nullable, OpenObject } from './common-schemas.js';

const Reference = Type.String({ minLength: 1, maxLength: 400 });
const FieldNames = Type.Array(Type.String({ minLength: 1, maxLength: 400 }), { maxItems: 1000 });
const PositiveInteger = Type.Integer({ minimum: 1 });

export const InsightCreateBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('overlap'), Type.Literal('differentiators')]),
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'unique in the workspace' }),
    displayName: Type.Optional(Nullable(Type.String({ maxLength: MAX_DISPLAY_NAME_LENGTH }))),
    description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
    segments: Type.Optional(
      Type.Array(Reference, { maxItems: MAX_SEGMENTS, description: 'overlap: 2 to 16 segments, by id or name' }),
    ),
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 400 }), { maxItems: 100, description: 'overlap: fields to break the overlap down by' })),
    maxValues: Type.Optional(PositiveInteger),
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'differentiators: the segment, by id or name' })),
    baseline: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'differentiators: "all", "rest", or a segment id or name' })),
    include: Type.Optional(FieldNames),
    exclude: Type.Optional(FieldNames),
    keepRuleFields: Type.Optional(Type.Boolean()),
    bins: Type.Optional(PositiveInteger),
    minSupport: Type.Optional(Type.Integer({ minimum: 0 })),
    dateUnit: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')])),
  },
  {
    additionalProperties: false,
    description:
      'overlap: {"kind": "overlap", "name", "segments", "fields"?, "maxValues"?}; ' +
      'differentiators: {"kind": "differentiators", "name", "segment", "baseline", "include"?, "exclude"?, "keepRuleFields"?, "maxValues"?, "bins"?, "minSupport"?, "dateUnit"?}',
  },
);

export const RunView = Type.Object({
  id: Type.String(),
  insightId: Type.String(),
  sequence: Type.Integer(),
  status: Type.Union([Type.Literal('refreshing'), Type.Literal('successful'), Type.Literal('failed')]),
  queuedAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  durationMs: Nullable(Type.Number()),
  profiles: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  segments: Nullable(
    Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), ruleText: Nullable(Type.String()) }),
      { description: 'the segments the run used, with their rules as they were then' },
    ),
  ),
  definition: Nullable(
    OpenObject<object>('the definition the run computed, with segments by id (see "segments" for their names then); null until the run starts'),
  ),
});

export const StaleSegment = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'the current name, or the name at the run for a deleted segment' }),
  change: Type.Union([Type.Literal('rule'), Type.Literal('members'), Type.Literal('deleted')], {
    description: '"rule": its rule was edited; "members": its member list was replaced; "deleted"',
  }),
});

const SummaryProperties = {
  id: Type.String(),
  name: Type.String(),
  displayName: Nullable(Type.String()),
  description: Type.String(),
  kind: Type.Union([Type.Literal('overlap'), Type.Literal('differentiators')]),
  profileTable: Type.String(),
  definition: OpenObject<object>('the segments (id and current name), fields and options of the analysis'),
  status: Type.Union([Type.Literal('refreshing'), Type.Literal('successful'), Type.Literal('failed')], { description: "the latest run's status" }),
  lastRefreshedAt: Nullable(Type.String({ description: 'when the result on show was computed' })),
  error: Nullable(Type.String({ description: 'why the latest run failed' })),
  stale: Type.Boolean({
    description: 'true when a segment that the result on show used has changed its rule or members, or was deleted, since that run; refresh to update',
  }),
  staleSegments: Type.Array(StaleSegment, { description: 'the segments behind "stale", including those the used segments\' rules refer to' }),
  latestRun: Nullable(RunView),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const InsightSummary = Type.Object(SummaryProperties);

export const InsightDetail = Type.Object({
  ...SummaryProperties,
  resultRun: Nullable(RunView),
  result: Nullable(OpenObject<object>("the latest successful result, in the shape of the CLI's --format json")),
  changes: Nullable(
    OpenObject<object>(
      'next to each region count, overall and per breakdown value (overlap), or attribute influence (differentiators), the value ' +
        'from the successful run before; null when there is none or it computed a different definition',
    ),
  ),
});

export const InsightList = Type.Object({ insights: Type.Array(InsightSummary) });

export const RunList = Type.Object({ runs: Type.Array(RunView) });

export const RefreshResponse = Type.Object({
  started: Type.Boolean({ description: 'false when the insight was already refreshing and this is the run in progress' }),
  run: RunView,
});
