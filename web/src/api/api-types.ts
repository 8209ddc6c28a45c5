/**
 * The shapes of the HTTP API's JSON bodies, as the web app reads them. The web app talks to the
 * server only through this API, so these types mirror its documented responses (OpenAPI at
 * /api/docs) instead of importing the server's modules.
 */

export type FieldType = 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export interface ProfileField {
  name: string;
  type: FieldType;
}

export interface FieldsResponse {
  table: string;
  keyField: string;
  profiles: number;
  fields: ProfileField[];
}

export interface Segment {
  id: string;
  name: string;
  kind: 'rule' | 'static';
  ruleText: string | null;
  description: string;
  memberCount: number | null;
  problem: string | null;
  memberReport: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export interface PreviewResponse {
  ruleText: string;
  members: number;
  profiles: number;
}

export type RunStatus = 'refreshing' | 'successful' | 'failed';
export type InsightKind = 'overlap' | 'differentiators';

export interface InsightRun {
  id: string;
  insightId: string;
  sequence: number;
  status: RunStatus;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  profiles: number | null;
  error: string | null;
}

export interface SegmentReference {
  id: string;
  name: string | null;
}

export type BaselineDefinition = { kind: 'all' } | { kind: 'rest' } | { kind: 'segment'; segment: SegmentReference };

export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

export type InsightDefinition =
  | { kind: 'overlap'; segments: SegmentReference[]; fields: string[]; maxValues: number | null }
  | {
      kind: 'differentiators';
      segment: SegmentReference;
      baseline: BaselineDefinition;
      include: string[] | null;
      exclude: string[];
      keepRuleFields: boolean;
      maxValues: number | null;
      bins: number | null;
      minSupport: number | null;
      dateUnit: DateUnit | null;
    };

export interface InsightSummary {
  id: string;
  name: string;
  displayName: string | null;
  description: string;
  kind: InsightKind;
  definition: InsightDefinition;
  status: RunStatus;
  lastRefreshedAt: string | null;
  error: string | null;
  latestRun: InsightRun | null;
  createdAt: string;
  updatedAt: string;
  /** True when a segment the shown result used has changed or been deleted since that run. */
  stale?: boolean;
  staleSegments?: { id: string; name: string; change: 'rule' | 'members' | 'deleted' }[];
}

export interface InsightDetail extends InsightSummary {
  resultRun: InsightRun | null;
  result: OverlapResult | DifferentiatorsResult | null;
  changes: OverlapChanges | DifferentiatorsChanges | null;
}

export type BreakdownValue = string | number | boolean | null;

export interface RegionCount {
  segments: string[];
  count: number;
}

export interface OverlapCounts {
  profiles: number;
  none: number;
  union: number;
  inAll: number;
  atLeastTwo: number;
  segments: { name: string; size: number; only: number }[];
  /** Exclusive regions with at least one customer, largest first. */
  regions: RegionCount[];
  intersections: RegionCount[];
  pairs: { segments: [string, string]; intersection: number; jaccard: number | null; lift: number | null }[];
}

export interface BreakdownRow extends OverlapCounts {
  value: BreakdownValue;
  folded?: boolean;
  foldedValues?: number;
}

export interface Breakdown {
  field: string;
  type: FieldType;
  truncated: boolean;
  distinctValues: number;
  values: BreakdownRow[];
}

export interface OverlapResult extends OverlapCounts {
  source: string;
  breakdowns: Breakdown[];
}

export interface RegionChange {
  segments: string[];
  count: number;
  previous: number;
}

/** The numbers of one breakdown value at the previous refresh. */
export interface ValueChange {
  value: BreakdownValue;
  profiles: { current: number; previous: number };
  none: { current: number; previous: number };
  /** Only the regions whose count changed, emptied ones included (count 0); others are unchanged. */
  regions: RegionChange[];
}

export interface BreakdownChange {
  field: string;
  /** The values the previous refresh counted; the "(other)" row is never listed. */
  values: ValueChange[];
}

export interface OverlapChanges {
  previousRun: { id: string; finishedAt: string | null };
  profiles: { current: number; previous: number };
  none: { current: number; previous: number };
  segments: { name: string; size: number; previous: number }[];
  regions: RegionChange[];
  breakdowns: BreakdownChange[];
}

export interface ValueComparison {
  value: BreakdownValue;
  label: string;
  kind: 'value' | 'missing' | 'other' | 'bin' | 'period';
  segmentCount: number;
  segmentShare: number;
  baselineCount: number;
  baselineShare: number;
  difference: number;
  lift: number | null;
  lowSupport: boolean;
  foldedValues?: number;
}

export interface GroupSummary {
  count: number;
  mean: number | null;
  median: number | null;
  standardDeviation: number | null;
}

export interface AttributeDifferentiator {
  field: string;
  type: FieldType;
  influence: number;
  statistic: number | null;
  degreesOfFreedom: number;
  pValue: number | null;
  pValueUnderflow: boolean;
  adjustedPValue: number | null;
  adjustedPValueUnderflow: boolean;
  significant: boolean;
  effectSize: number;
  notTestableReason: string | null;
  pooledValues: number;
  sparse: boolean;
  lowSupport: boolean;
  values: ValueComparison[];
  summary: { segment: GroupSummary; baseline: GroupSummary; standardizedMeanDifference: number | null } | null;
}

export interface DifferentiatorsResult {
  source: string;
  profiles: number;
  segment: { name: string; size: number };
  baseline: { kind: 'all' | 'rest' | 'segment'; name: string; size: number };
  tested: { segment: number; baseline: number; leftOut: number };
  attributes: AttributeDifferentiator[];
  excluded: { field: string; reason: string }[];
}

export interface DifferentiatorsChanges {
  previousRun: { id: string; finishedAt: string | null };
  profiles: { current: number; previous: number };
  segmentSize: { current: number; previous: number };
  baselineSize: { current: number; previous: number };
  attributes: { field: string; influence: number; previous: number | null; rank: number; previousRank: number | null }[];
}

/** Every error response of the API has this shape. */
export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}
