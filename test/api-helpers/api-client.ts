/** An HTTP response with its body read as JSON when it is JSON, as text otherwise. */
export interface ApiResponse<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
  text: string;
}

export interface ApiClient {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
  put(path: string, body: unknown): Promise<ApiResponse>;
  delete(path: string, body?: unknown): Promise<ApiResponse>;
}

/** Creates a client for a started server; with a token, every request carries it. */
export function apiClient(baseUrl: string, token?: string): ApiClient {
  const send = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiResponse> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text, text };
  };
  return {
    get: (path) => send('GET', path),
    post: (path, body, contentType) => send('POST', path, body, contentType),
    put: (path, body) => send('PUT', path, body),
    delete: (path, body) => send('DELETE', path, body),
  };
}

/** Polls an insight until its status leaves "refreshing", failing after `timeoutMs`. */
export async function waitForRun(api: ApiClient, insightId: string, timeoutMs = 30_000): Promise<ApiResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api.get(`/api/insights/${insightId}`);
    if (response.status !== 200 || response.body.status !== 'refreshing') return response;
    if (Date.now() > deadline) throw new Error(`insight ${insightId} still refreshing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Region counts of an overlap result keyed like the shared cases: "A&B", "none". */
export function regionCounts(result: { regions: { segments: string[]; count: number }[]; none: number }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const region of result.regions) counts[region.segments.join('&')] = region.count;
  counts.none = result.none;
  return counts;
}
