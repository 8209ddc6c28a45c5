import type {
  DateUnit,
  DifferentiatorsResult,
  ErrorBody,
  FieldsResponse,
  InsightDetail,
  InsightRun,
  InsightSummary,
  OverlapResult,
  PreviewResponse,
  Segment,
} from './api-types.js';

/** An error response of the API, with its stable code and the details of the part at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A request that got no response: the server is down or the network failed. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Could not reach the server. Check that it is still running, then try again.', { cause });
    this.name = 'NetworkError';
  }
}

/** A rule as the API takes it: rule text, or the rule builder's JSON tree. */
export type RuleInput = string | Record<string, unknown>;

/** The body that creates an insight, and that replaces one on edit. */
export interface InsightCreateBody {
  kind: 'overlap' | 'differentiators';
  name: string;
  displayName?: string | null;
  description?: string;
  segments?: string[];
  fields?: string[];
  maxValues?: number;
  segment?: string;
  baseline?: string;
  include?: string[];
  exclude?: string[];
  keepRuleFields?: boolean;
  bins?: number;
  minSupport?: number;
  dateUnit?: DateUnit;
}

/** A set of overlap regions (their union), optionally within one value of a breakdown field. */
export interface RegionSelection {
  /** Each region as the names of its segments; [] is the customers in none of them. */
  regions: string[][];
  within?: { field: string; value: string | number | boolean | null };
}

const TOKEN_KEY = 'segment-insights.token';

/** Returns the access token this tab sends, for servers that have tokens configured. */
export function accessToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setAccessToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';

  const response = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = await readBody(response);
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

/** Sends a request with this tab's access token; a request that gets no response throws a NetworkError. */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = accessToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(path, { ...init, headers });
  } catch (failure) {
    throw new NetworkError(failure);
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  if (!isJson) return text || null;
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Reads the API's error from a failed response, or words one from its status. */
export async function responseError(response: Response): Promise<ApiError> {
  return toApiError(response.status, await readBody(response));
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (error && typeof error.message === 'string') return new ApiError(status, error.code, error.message, error.details ?? {});
  return new ApiError(status, 'http-error', `The server could not complete the request (status ${status}). Try again later.`);
}

const encode = encodeURIComponent;

export const api = {
  fields: () => request<FieldsResponse>('GET', '/api/fields'),

  segments: async () => (await request<{ segments: Segment[] }>('GET', '/api/segments')).segments,
  segment: (id: string) => request<Segment>('GET', `/api/segments/${encode(id)}`),
  createSegment: (body: { name: string; description?: string; rule: RuleInput }) => request<Segment>('POST', '/api/segments', body),
  updateSegment: (id: string, body: { name?: string; description?: string; rule?: RuleInput }) =>
    request<Segment>('PUT', `/api/segments/${encode(id)}`, body),
  deleteSegment: (id: string, cascade: boolean) =>
    request<{ deletedInsights: { id: string; name: string }[] }>('DELETE', `/api/segments/${encode(id)}${cascade ? '?cascade=true' : ''}`),
  preview: (rule: RuleInput) => request<PreviewResponse>('POST', '/api/segments/preview', { rule }),

  insights: async () => (await request<{ insights: InsightSummary[] }>('GET', '/api/insights')).insights,
  insight: (id: string) => request<InsightDetail>('GET', `/api/insights/${encode(id)}`),
  createInsight: (body: InsightCreateBody) => request<InsightDetail>('POST', '/api/insights', body),
  updateInsight: (id: string, body: InsightCreateBody) => request<InsightDetail>('PUT', `/api/insights/${encode(id)}`, body),
  deleteInsight: (id: string) => request<unknown>('DELETE', `/api/insights/${encode(id)}`),
  refreshInsight: (id: string) => request<{ started: boolean; run: InsightRun }>('POST', `/api/insights/${encode(id)}/refresh`),

  segmentFromRegions: (insightId: string, body: RegionSelection & { name: string; description?: string }) =>
    request<{ segment: Segment; regionCount: number | null }>('POST', `/api/insights/${encode(insightId)}/regions/segment`, body),
};

/**
 * Builds the address of the CSV export of regions. Regions are named by key ("A&B", or "none")
 * because a query string carries only text.
 */
export function regionExportUrl(insightId: string, selection: RegionSelection): string {
  const query = new URLSearchParams();
  for (const region of selection.regions) query.append('region', region.length === 0 ? 'none' : region.join('&'));
  if (selection.within) {
    query.set('field', selection.within.field);
    if (selection.within.value === null) query.set('missing', 'true');
    else query.set('value', String(selection.within.value));
  }
  return `/api/insights/${encode(insightId)}/regions/export?${query.toString()}`;
}

/** Type guard between the two result shapes of an insight. */
export function isOverlapResult(result: OverlapResult | DifferentiatorsResult): result is OverlapResult {
  return 'regions' in result;
}
