import { Type } from 'typebox';

import { MAX_SEGMENT_NAME_LENGTH } from '../../analyses/segment-input.js';
import { MAX_MEMBERS_PAGE } from '../../service/region-service.js';
import { MAX_DESCRIPTION_LENGTH } from '../../service/text-limits.js';
import { StaleSegment } from './insight-schemas.js';
import { SegmentView } from './segment-schemas.js';

const RegionKey = Type.String({
  minLength: 1,
  maxLength: 10_000,
  description: 'a region as the result names it: segment names joined with "&" ("A&B"), or "none"',
});

const RegionKeys = Type.Array(RegionKey, { minItems: 1, maxItems: 1000, description: 'one or more regions; their union is taken' });

export const RegionSegmentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_SEGMENT_NAME_LENGTH }),
    description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
    regions: Type.Array(
      Type.Union([RegionKey, Type.Array(Type.String({ maxLength: 400 }), { maxItems: 16, description: 'the segments of the region; [] is none' })]),
      { minItems: 1, maxItems: 1000, description: 'regions by key ("A&B", "none") or as lists of segment names' },
    ),
    within: Type.Optional(
      Type.Object(
        {
          field: Type.String({ minLength: 1, maxLength: 400 }),
          value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], { description: 'null selects the missing value' }),
        },
        { additionalProperties: false, description: 'keep only the customers with this value of the field' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RegionSegmentResponse = Type.Object({
  segment: SegmentView,
  regionCount: Type.Union([Type.Integer(), Type.Null()], {
    description: "customers the insight's latest result counted in the regions; null for a value the result does not list",
  }),
  stale: Type.Boolean({
    description: 'true when a segment that the result used has changed its rule or members, or was deleted, since; the new segment then counts the customers as they are now, which can differ from regionCount',
  }),
  staleSegments: Type.Array(StaleSegment, { description: 'the segments behind "stale"' }),
  warning: Type.Union([Type.String(), Type.Null()], { description: 'a sentence for people saying why the counts may differ; null when the result is up to date' }),
});

const RegionQueryProperties = {
  region: RegionKeys,
  field: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'keep only the customers with a value of this field' })),
  value: Type.Optional(Type.String({ description: 'the value of field, read as the field type' })),
  missing: Type.Optional(Type.Boolean({ description: 'with field: keep the customers whose value is missing' })),
  columns: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 400 }), { maxItems: 1000, description: 'fields to write; the key and every field when absent' }),
  ),
};

export const RegionExportQuery = Type.Object(RegionQueryProperties, { additionalProperties: false });

export const RegionMembersQuery = Type.Object(
  {
    ...RegionQueryProperties,
    after: Type.Optional(Type.String({ description: 'the key after which the page starts: "next" of the page before' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_MEMBERS_PAGE, default: 100 })),
  },
  { additionalProperties: false },
);

export const RegionMembersResponse = Type.Object({
  members: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'profiles with raw values, in key order' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'pass as "after" for the next page; null on the last page' }),
});
