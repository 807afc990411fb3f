import formbody from '@fastify/formbody'
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { systemClock, type Clock } from '../clock.js'
import type { Intake } from '../public-messages/intake.js'
import type { Config } from '../config/schema.js'
import type { Playground } from '../playground/playground.js'
import { registerPlaygroundRoutes } from '../playground/routes.js'
import { StoreNotWritableError, StoreUnavailableError, type Store } from '../store/store.js'
import { loadAssets, registerAssets } from './assets.js'
import { registerDashboard } from './dashboard/routes.js'
import { createFloodLimit } from './flood-limit.js'
import { createHealthCheck } from './health.js'
import type { IntakeSpool } from './intake-spool.js'
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
  /** a data directory with less room than this is reported full by /healthz */
  minFreeBytes: number
  /** wrong dashboard tokens allowed at once from all sources together … */
  loginFailureBurst: number
  /** … and how fast that allowance comes back */
  loginFailuresPerSecond: number
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
  /** wall-clock time for push signatures and sessions (default: the system clock; the bot's clock may be simulated) */
  realClock?: Clock
  /** pushes are made durable here before they are acknowledged (see intake-spool.ts) */
  spool?: IntakeSpool
  /** the directories the bot writes (the SQLite data directory, the push spool): /healthz fails when one cannot be written or is full */
  dataDirs?: readonly string[]
  /** the chat platform served, or 'simulated' for the playground's group: /healthz says which */
  chat?: string
  /** the configuration in use now (the bot reloads its file): the dashboard reads it per request; default `config` */
  currentConfig?: () => Config
}

export interface WebServer {
  app: FastifyInstance
  /** counters and histograms for the bot to increment */
  metrics: Metrics
  /** starts listening (default 127.0.0.1, port 0 = any free port) and returns the base URL */
  listen(o?: { host?: string; port?: number }): Promise<string>
  close(): Promise<void>
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Fastify's request log line carries the URL: the push's signature, nonce and tokens are cut from it. */
const SECRET_PARAMS = /([?&](?:signature|msg_signature|nonce|echostr|token|access_token)=)[^&]*/gi
function redactQuery(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]')
}

function redactingLogger(logger: Logger): Logger {
  return logger.child(
    {},
    {
      serializers: {
        req: (req: { method?: string; url?: string; hostname?: string; ip?: string }) => ({
          method: req.method,
          url: redactQuery(req.url ?? ''),
          host: req.hostname,
          remoteAddress: req.ip,
        }),
      },
    },
  )
}

/** '1' trusts the one proxy in front (the client address is the one it saw); else a list of proxy addresses or CIDRs. */
function trustProxyOf(value: string | undefined): boolean | string | ((address: string, hop: number) => boolean) {
  if (!value || value === '0') return false
  if (/^\d+$/.test(value)) {
    // hop 0 is the proxy that connected to us; trusting n hops takes the address the n-th proxy saw, never the client's own claims further left.
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  return value
}

function hostnameOf(host: string | undefined): string {
  if (!host) return ''
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1).toLowerCase()
  return host.split(':')[0]!.toLowerCase()
}

/** The host names the web server answers to (a request for any other is refused 421, against DNS rebinding). */
export function allowedHosts(env: Record<string, string | undefined>): Set<string> {
  const hosts = new Set(['127.0.0.1', 'localhost', '[::1]'])
  const own = env.SANSHEN_WEB_HOST
  if (own && own !== '0.0.0.0' && own !== '::') hosts.add(hostnameOf(own.includes(':') && !own.startsWith('[') ? `[${own}]` : own))
  for (const h of (env.SANSHEN_ALLOWED_HOSTS ?? '').split(',')) if (h.trim()) hosts.add(hostnameOf(h.trim()))
  return hosts
}

export function createWebServer(o: WebServerOptions): WebServer {
  const limits: WebLimits = {
    bodyBytes: 64 * 1024,
    burst: 60,
    perSecond: 5,
    floodClock: systemClock,
    ackWithinMs: 4_000,
    minFreeBytes: 16 * 1024 * 1024,
    // 10 wrong tokens, then one per 30 s: at most about 2,900 guesses a day, from however many addresses
    loginFailureBurst: 10,
    loginFailuresPerSecond: 1 / 30,
    ...o.limits,
  }
  const realClock = o.realClock ?? systemClock
  const app = Fastify({
    loggerInstance: redactingLogger(o.logger) as FastifyBaseLogger,
    bodyLimit: limits.bodyBytes,
    trustProxy: trustProxyOf(o.env.SANSHEN_TRUST_PROXY),
  })
  const metrics = createMetrics(o.store, o.clock, o.logger, o.config.chat.outbox.alertAfterMinutes * 60_000)
  const flood = createFloodLimit(limits.floodClock, limits)
  const guard = async (request: Parameters<typeof refuse>[1], reply: Parameters<typeof refuse>[2]) => {
    if (!flood.allow(request.ip)) return refuse(metrics, request, reply, 'flood')
    return undefined
  }

  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body))
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(metrics, request, reply, 'too-large')
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (err.statusCode === 400 && err instanceof SyntaxError)
    ) {
      return refuse(metrics, request, reply, 'malformed', err.message)
    }
    if (err.statusCode && err.statusCode < 500) {
      request.log.warn({ err }, 'request refused')
      return reply.code(err.statusCode).send({ error: err.code ?? 'bad-request' })
    }
    request.log.error({ err }, 'request failed')
    // the store refused (away, read-only, full): nothing was taken, the sender should retry later
    if (err instanceof StoreNotWritableError) return reply.code(503).send({ error: 'store-not-writable' })
    if (err instanceof StoreUnavailableError) return reply.code(503).send({ error: 'store-unavailable' })
    return reply.code(500).send({ error: 'internal' })
  })
  app.setNotFoundHandler((request, reply) => refuse(metrics, request, reply, 'not-found'))

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CSP)
      reply.header('x-frame-options', 'DENY')
      reply.header('referrer-policy', 'no-referrer')
    }
    return payload
  })

  const health = createHealthCheck({ store: o.store, dataDirs: o.dataDirs ?? [], minFreeBytes: limits.minFreeBytes })
  app.get('/healthz', { onRequest: guard }, async (_request, reply) => {
    const problem = await health()
    if (!problem) return { status: 'ok', now: o.clock.now(), ...(o.chat ? { chat: o.chat } : {}) }
    if (problem.status === 'store-unreachable') metrics.storeErrors.inc()
    reply.log.error({ err: problem.err }, `healthz: ${problem.status}`)
    return reply.code(503).send({ status: problem.status })
  })
  app.get('/metrics', { onRequest: guard }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  )

  const assets = loadAssets()
  registerAssets(app, assets)
  registerWechatRoutes(app, {
    config: o.config,
    realClock,
    env: o.env,
    intake: o.intake,
    published: o.published,
    metrics,
    guard,
    ackWithinMs: limits.ackWithinMs,
    spool: o.spool,
  })
  registerWebhookRoute(app, { config: o.config, env: o.env, intake: o.intake, metrics, guard })
  // Form bodies are for the dashboard's login form only; everything else takes JSON or XML.
  app.register(async (dashboard) => {
    await dashboard.register(formbody)
    const loginFailures = createFloodLimit(limits.floodClock, { burst: limits.loginFailureBurst, perSecond: limits.loginFailuresPerSecond })
    registerDashboard(dashboard, {
      get config() {
        return o.currentConfig?.() ?? o.config
      },
      store: o.store,
      clock: o.clock,
      env: o.env,
      metrics,
      guard,
      loginFailures,
    })
  })
  if (o.playground) {
    // The playground has no login: only a page loaded from this machine's own name may drive it (DNS rebinding).
    const hosts = allowedHosts(o.env)
    app.addHook('onRequest', async (request, reply) => {
      if (request.url !== '/' && !request.url.startsWith('/api/playground/')) return undefined
      if (hosts.has(hostnameOf(request.headers.host))) return undefined
      return refuse(metrics, request, reply, 'bad-host', request.headers.host)
    })
    registerPlaygroundRoutes(app, o.playground, assets.get('playground.html')!)
  } else app.get('/', async (_request, reply) => reply.redirect('/dashboard', 303))

  return {
    app,
    metrics,
    async listen(l = {}) {
      return app.listen({ host: l.host ?? '127.0.0.1', port: l.port ?? 0 })
    },
    close: () => app.close(),
  }
}
