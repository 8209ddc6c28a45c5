import type { FastifyReply } from 'fastify';

/**
 * JSON text of views, kept per view object. The services return the same object for as long as
 * its content stays the same (an insight, its runs, the insight list), so a busy list or result
 * is serialised once per change rather than once per request.
 */
export class JsonCache {
  private readonly texts = new WeakMap<object, string>();

  /** Returns the JSON text of `build()`, cached for as long as `key` lives. */
  text(key: object, build: () => unknown): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(build());
      this.texts.set(key, text);
    }
    return text;
  }
}

/**
 * Sends JSON text as it is. Fastify does not run the response schema's serialiser on a string,
 * so the text must already have the documented shape.
 */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
