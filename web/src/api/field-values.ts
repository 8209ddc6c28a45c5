import { accessToken } from './api-client.js';

export interface FieldValue {
  value: string | number | boolean | null;
  profiles: number;
}

const cache = new Map<string, Promise<FieldValue[]>>();
let unsupported = false;

/**
 * Returns the most common values of a field, for the rule builder's suggestions, from
 * `GET /api/fields/{name}/values`. Suggestions are a convenience. After a 404 that names no field
 * (a server without that route) the app stops requesting them, and on any failure the builder
 * offers none, so the value is typed in full.
 */
export function fieldValues(field: string): Promise<FieldValue[]> {
  if (unsupported) return Promise.resolve([]);
  const cached = cache.get(field);
  if (cached) return cached;

  const loading = loadValues(field);
  cache.set(field, loading);
  return loading;
}

async function loadValues(field: string): Promise<FieldValue[]> {
  const token = accessToken();
  try {
    const response = await fetch(`/api/fields/${encodeURIComponent(field)}/values`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (response.status === 404) {
      // A field unknown to the server comes back as 404 with the field in its details.
      if (!(await namesField(response))) unsupported = true;
      return [];
    }
    if (!response.ok) return [];
    const body = (await response.json()) as { values?: FieldValue[] };
    return Array.isArray(body.values) ? body.values.filter((entry) => entry.value !== null) : [];
  } catch {
    return [];
  }
}

async function namesField(response: Response): Promise<boolean> {
  try {
    const body = (await response.json()) as { error?: { details?: { field?: unknown } } };
    return typeof body.error?.details?.field === 'string';
  } catch {
    return false;
  }
}
