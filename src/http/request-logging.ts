import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Logs one line per request when it completes: method, route pattern, status and duration.
 * Fastify's own lines carry the raw URL, whose query can contain profile values
 * (`value=Seattle`), so this line carries the route pattern instead.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = {
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...fields, errorName: error.name }, 'request failed while sending');
    else reply.log.info(fields, 'request');
  }
}
