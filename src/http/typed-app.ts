import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

import type { InsightService } from '../service/insight-service.js';
import type { RegionService } from '../service/region-service.js';
import type { SegmentService } from '../service/segment-service.js';

/** The Fastify instance with TypeBox schemas typing each route's request and reply. */
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The business operations behind the routes. */
export interface ApiServices {
  segments: SegmentService;
  insights: InsightService;
  regions: RegionService;
}
