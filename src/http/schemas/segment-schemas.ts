import { Type } from 'typebox';

import { MAX_SEGMENT_NAME_LENGTH } from '../../analyses/segment-input.js';
import { MAX_MEMBER_ENTRIES } from '../../service/segment-checks.js';
import { MAX_DESCRIPTION_LENGTH } from '../../service/text-limits.js';
import { Nullable, OpenObject } from './common-schemas.js';

/** Maximum length of rule text, in characters. A longer rule is better split into segments. */
export const MAX_RULE_TEXT_LENGTH = 100_000;
/** Maximum length of a customer key in a member list, in characters. */
export const MAX_MEMBER_KEY_LENGTH = 1000;

export const RuleInput = Type.Union(
  [
    Type.String({ minLength: 1, maxLength: MAX_RULE_TEXT_LENGTH, description: "rule text, e.g. total_spend > 500 and city = 'Seattle'" }),
    OpenObject('the JSON form of a rule, as the rule builder writes it, e.g. {"field": "city", "op": "eq", "value": "Seattle"}'),
  ],
  { description: 'a rule as text or as its JSON form' },
);

const Name = Type.String({ minLength: 1, maxLength: MAX_SEGMENT_NAME_LENGTH });
const Description = Type.String({ maxLength: MAX_DESCRIPTION_LENGTH });
const Members = Type.Array(Type.String({ maxLength: MAX_MEMBER_KEY_LENGTH }), {
  maxItems: MAX_MEMBER_ENTRIES,
  description:
    `customer keys as strings (numbers are rejected because JSON numbers lose digits); trimmed, repeats counted once, ` +
    `matched exactly. At most ${MAX_MEMBER_ENTRIES} entries`,
});

export const SegmentCreateBody = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    rule: Type.Optional(RuleInput),
    members: Type.Optional(Members),
  },
  { additionalProperties: false, description: 'give exactly one of rule or members' },
);

export const SegmentUpdateBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    rule: Type.Optional(RuleInput),
    members: Type.Optional(Members),
  },
  { additionalProperties: false, description: 'the parts to change; rule for rule segments, members for member lists' },
);

export const SegmentUploadQuery = Type.Object(
  { name: Name, description: Type.Optional(Description) },
  { additionalProperties: false },
);

export const SegmentDeleteQuery = Type.Object(
  { cascade: Type.Optional(Type.Boolean({ description: 'also delete the insights that use the segment' })) },
  { additionalProperties: false },
);

export const PreviewBody = Type.Object({ rule: RuleInput }, { additionalProperties: false });

export const PreviewResponse = Type.Object({
  ruleText: Type.String({ description: 'the rule as rule text' }),
  members: Type.Integer({ description: 'customers the rule matches' }),
  profiles: Type.Integer({ description: 'customers in the profile table' }),
});

export const SegmentView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('rule'), Type.Literal('static')]),
  ruleText: Nullable(Type.String()),
  description: Type.String(),
  memberCount: Nullable(Type.Integer()),
  problem: Nullable(Type.String({ description: 'why the segment cannot be counted, when it cannot' })),
  memberReport: Nullable(OpenObject('for member lists: entries, repeats, trimmed entries, matched and unmatched keys')),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const SegmentList = Type.Object({ segments: Type.Array(SegmentView) });

const InsightReference = Type.Object({ id: Type.String(), name: Type.String() });

export const SegmentDeleteResponse = Type.Object({
  segment: Type.Object({ id: Type.String(), name: Type.String() }),
  deletedInsights: Type.Array(InsightReference),
});

export const FieldsResponse = Type.Object({
  table: Type.String(),
  keyField: Type.String(),
  profiles: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String(),
      distinctValues: Type.Integer({ description: 'distinct values, the missing value counted as one (as GET /api/fields/{name}/values counts them)' }),
      missingProfiles: Type.Integer({ description: 'customers whose value is missing' }),
    }),
  ),
});
