import formbody from '@fastify/formbody'
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { systemClock, type Clock } from '../clock.js'
import type { Intake } from '../public-messages/intake.js'
import type { Config } from '../config/schema.js'
import type { Playground } from '../playground/playground.js'
import { registerPlaygroundRoutes } from '../playground/routes.js'
import type { Store } from '../store/store.js'
import { loadAssets, registerAssets } from './assets.js'
import { registerDashboard } from './dashboard/routes.js'
import { createFloodLimit } from './flood-limit.js'
import { createMetrics, type Metrics } from './metrics.js'
import { refuse } from './refuse.js'
import { registerWebhookRoute } from './webhook-route.js'
import { registerWechatRoutes } from './wechat-route.js'

/**
 * The one HTTP server in the bot process: /healthz, /metrics, the WeChat push and the comments
 * webhook (both handing messages to `intake`), the supervisors' dashboard, and the playground
 * when one is given. Everything it needs comes in through the options, so tests build it with a
 * recording fake intake and production with the real bot's.
 */
export interface WebLimits {
  /** largest request body accepted (WeChat pushes are a few KB) */
  bodyBytes: number
  /** requests one source may make at once to the intake endpoints and the login form … */
  burst: number
  /** … and how fast that allowance comes back */
  perSecond: number
  /** real time for the flood limit (the bot's clock may be a simulated one) */
  floodClock: Clock
  /** answer WeChat `success` after this long even if the intake is still busy */
  ackWithinMs: number
}

export interface WebServerOptions {
  config: Config
  store: Store
  /** the bot's clock: timestamps, deadlines and countdowns are measured on it */
  clock: Clock
  logger: Logger
  env: Record<string, string | undefined>
  intake?: Intake
  /** WeChat PUBLISHJOBFINISH pushes go here (the bot's publish guard) */
  published?: (account: string, articleId: string) => Promise<void>
  playground?: Playground
  limits?: Partial<WebLimits>
}

export interface WebServer {
  app: FastifyInstance
  /** counters and histograms for the bot to increment */
  metrics: Metrics
  /** starts listening (default 127.0.0.1, port 0 = any free port) and returns the base URL */
  listen(o?: { host?: string; port?: number }): Promise<string>
  close(): Promise<void>
}

export function createWebServer(o: WebServerOptions): WebServer {
  const limits: WebLimits = { bodyBytes: 64 * 1024, burst: 60, perSecond: 5, floodClock: systemClock, ackWithinMs: 4_000, ...o.limits }
  const app = Fastify({ loggerInstance: o.logger as FastifyBaseLogger, bodyLimit: limits.bodyBytes, trustProxy: o.env.SANSHEN_TRUST_PROXY === '1' })
  const metrics = createMetrics(o.store, o.clock, o.logger)
  const flood = createFloodLimit(limits.floodClock, limits)
  const guard = async (request: Parameters<typeof refuse>[1], reply: Parameters<typeof refuse>[2]) => {
    if (!flood.allow(request.ip)) return refuse(metrics, request, reply, 'flood')
    return undefined
  }

  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body))
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(metrics, request, reply, 'too-large')
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return refuse(metrics, request, reply, 'malformed', err.message)
    }
    if (err.statusCode && err.statusCode < 500) {
      request.log.warn({ err }, 'request refused')
      return reply.code(err.statusCode).send({ error: err.code ?? 'bad-request' })
    }
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'internal' })
  })
  app.setNotFoundHandler((request, reply) => refuse(metrics, request, reply, 'not-found'))

  app.get('/healthz', async (_request, reply) => {
    try {
      await o.store.get('health', 'probe')
      return { status: 'ok', now: o.clock.now() }
    } catch (err) {
      metrics.storeErrors.inc()
      reply.log.error({ err }, 'healthz: store unreachable')
      return reply.code(503).send({ status: 'store-unreachable' })
    }
  })
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()))

  const assets = loadAssets()
  registerAssets(app, assets)
  registerWechatRoutes(app, { config: o.config, clock: o.clock, env: o.env, intake: o.intake, ...(o.published ? { published: o.published } : {}), metrics, guard, ackWithinMs: limits.ackWithinMs })
  registerWebhookRoute(app, { config: o.config, env: o.env, intake: o.intake, metrics, guard })
  // Form bodies are for the dashboard's login form only; everything else takes JSON or XML.
  app.register(async (dashboard) => {
    await dashboard.register(formbody)
    registerDashboard(dashboard, { config: o.config, store: o.store, clock: o.clock, env: o.env, metrics, guard })
  })
  if (o.playground) registerPlaygroundRoutes(app, o.playground, assets.get('playground.html')!)
  else app.get('/', async (_request, reply) => reply.redirect('/dashboard', 303))

  return {
    app,
    metrics,
    async listen(l = {}) {
      return app.listen({ host: l.host ?? '127.0.0.1', port: l.port ?? 0 })
    },
    close: () => app.close(),
  }
}
