import { request } from 'node:http';

/** A response read as text, with its body parsed when it is JSON. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/**
 * Sends one request with exactly the headers given, which fetch does not allow for Host, so a
 * test can send what a browser on another site or a DNS-rebinding page would send.
 */
export function rawRequest(
  baseUrl: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${baseUrl}${options.path}`, { method: options.method, headers: options.headers ?? {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        const isJson = (response.headers['content-type'] ?? '').includes('application/json');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: isJson && text ? JSON.parse(text) : text, text });
      });
    });
    outgoing.on('error', reject);
    if (options.body !== undefined) outgoing.write(options.body);
    outgoing.end();
  });
}
