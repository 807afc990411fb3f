import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Metrics } from './metrics.js'

/**
 * Every refused request goes through here: it is logged with its reason and source, counted in
 * /metrics, and answered with a status and a short JSON reason. Nothing else happens for it.
 */
export type RefusalReason =
  | 'flood'
  | 'too-large'
  | 'malformed'
  | 'bad-signature'
  | 'bad-token'
  | 'stale'
  | 'unknown-account'
  | 'not-configured'
  | 'invalid'
  | 'not-found'
  | 'replay'
  | 'insecure'
  | 'bad-host'
  | 'cross-site'
  | 'locked'

const STATUS: Record<RefusalReason, number> = {
  flood: 429,
  'too-large': 413,
  malformed: 400,
  invalid: 400,
  'bad-signature': 401,
  'bad-token': 401,
  stale: 403,
  'unknown-account': 404,
  'not-found': 404,
  'not-configured': 503,
  replay: 403,
  insecure: 403,
  'bad-host': 421,
  'cross-site': 403,
  locked: 429,
}

export function refuse(metrics: Metrics, request: FastifyRequest, reply: FastifyReply, reason: RefusalReason, detail?: string): FastifyReply {
  const route = request.routeOptions.url ?? 'unknown'
  metrics.refused.inc({ route, reason })
  request.log.warn({ reason, detail, ip: request.ip, route }, 'request refused')
  return reply
    .code(STATUS[reason])
    .type('application/json; charset=utf-8')
    .send({ error: reason, ...(detail ? { detail } : {}) })
}
