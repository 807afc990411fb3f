import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { z } from 'zod'
import { isBlank } from '../checklist/invisible.js'
import { IntakeError, type Intake } from '../public-messages/intake.js'
import type { Config } from '../config/schema.js'
import { constantTimeEqual } from './constant-time-equal.js'
import type { Metrics } from './metrics.js'
import { refuse } from './refuse.js'

/**
 * POST /webhook/comments: comments from Weibo or a monitoring system, as JSON, with the bearer
 * token in SANSHEN_WEBHOOK_TOKEN. Idempotent by the sender's own id: the intake keys on
 * `<source>:<id>`, so a repeated post answers with the same comment id and creates nothing.
 */
const webhookCommentSchema = z.object({
  /** the sender's own message id */
  id: z.string().min(1).max(200),
  /** which system sent it (weibo, a monitoring tool's name): keeps two senders' ids apart */
  source: z.string().min(1).max(50).default('webhook'),
  account: z.string().min(1),
  author: z
    .string()
    .max(200)
    .refine((a) => !isBlank(a), 'empty (blank or invisible characters only)'),
  text: z
    .string()
    .max(5_000)
    .refine((t) => !isBlank(t), 'empty (blank or invisible characters only)'),
  link: z.url().optional(),
  sensitive: z.boolean().optional(),
  handler: z.string().min(1).optional(),
})

export interface WebhookRouteOptions {
  config: Config
  env: Record<string, string | undefined>
  intake?: Intake | undefined
  metrics: Metrics
  guard: onRequestHookHandler
}

export function registerWebhookRoute(app: FastifyInstance, o: WebhookRouteOptions): void {
  app.post('/webhook/comments', { onRequest: o.guard }, async (request, reply) => {
    const expected = o.env.SANSHEN_WEBHOOK_TOKEN
    if (!expected) return refuse(o.metrics, request, reply, 'not-configured', 'SANSHEN_WEBHOOK_TOKEN')
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim()
    if (!given || !constantTimeEqual(expected, given)) return refuse(o.metrics, request, reply, 'bad-token')
    const parsed = webhookCommentSchema.safeParse(request.body)
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')
      return refuse(o.metrics, request, reply, 'invalid', detail)
    }
    const c = parsed.data
    if (!Object.hasOwn(o.config.accounts, c.account)) return refuse(o.metrics, request, reply, 'invalid', `account: unknown "${c.account}"`)
    if (c.handler && !Object.hasOwn(o.config.people, c.handler))
      return refuse(o.metrics, request, reply, 'invalid', `handler: unknown "${c.handler}"`)
    if (!o.intake) return refuse(o.metrics, request, reply, 'not-configured', 'intake')
    let result
    try {
      result = await o.intake({
        account: c.account,
        author: c.author,
        text: c.text,
        source: 'webhook',
        externalId: `${c.source}:${c.id}`,
        ...(c.link ? { link: c.link } : {}),
        ...(c.sensitive !== undefined ? { sensitive: c.sensitive } : {}),
        ...(c.handler ? { handler: c.handler } : {}),
      })
    } catch (err) {
      // The intake has the last word on what it can take (a blank text, say): the sender's mistake, not ours.
      if (err instanceof IntakeError) return refuse(o.metrics, request, reply, 'invalid', err.message)
      throw err
    }
    o.metrics.intake.inc({ source: 'webhook', outcome: result.duplicate ? 'retry' : 'new' })
    request.log.info({ comment: result.id, externalId: `${c.source}:${c.id}`, duplicate: result.duplicate }, 'webhook comment taken in')
    return reply.code(202).send({ id: result.id, duplicate: result.duplicate, sensitive: result.sensitive, dueAt: result.dueAt })
  })
}
