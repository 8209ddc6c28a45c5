import { accessToken } from './api-client.js';

export interface FieldValue {
  value: string | number | boolean | null;
  profiles: number;
}

const cache = new Map<string, Promise<FieldValue[]>>();
let unsupported = false;

/**
 * The most common values of a field, for the rule builder's suggestions, from
 * `GET /api/fields/{name}/values`. Suggestions are a convenience. After a 404 (a server without
 * that route) the app stops requesting them, and on any failure the builder offers none, so
 * the value is typed in full.
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
      unsupported = true;
      return [];
    }
    if (!response.ok) return [];
    const body = (await response.json()) as { values?: FieldValue[] };
    return Array.isArray(body.values) ? body.values.filter((entry) => entry.value !== null) : [];
  } catch {
    return [];
  }
}
