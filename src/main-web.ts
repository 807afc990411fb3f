import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import type { Logger } from 'pino'
import type { Bot } from './bot/create-bot.js'
import type { Intake } from './public-messages/intake.js'
import type { Env } from './config/env.js'
import type { Config } from './config/schema.js'
import { resolveConfigPath } from './config/paths.js'
import { loadDrills } from './playground/drill.js'
import { createPlayground, IMPOSTOR, type Playground } from './playground/playground.js'
import { createStoreFromEnv, DEFAULT_DATA_FILE, embeddedPaths, redisFromEnv } from './store/create-store.js'
import type { Store } from './store/store.js'
import { allowedHosts, createWebServer, type WebServer } from './web/create-web-server.js'
import { createIntakeSpool, type IntakeSpool } from './web/intake-spool.js'
import { metricsListener } from './web/metrics.js'

/**
 * Starts the web surface for src/main.ts. With a running bot (WeChat login configured): the
 * intake endpoints, dashboard, /healthz and /metrics on the bot's store and clock. Without one:
 * the playground — the real bot on a simulated group — with the same dashboard beside it.
 * Listens on SANSHEN_WEB_HOST (default 127.0.0.1) and SANSHEN_WEB_PORT (default 3000).
 */
export interface StartWebOptions {
  config: Config
  logger: Logger
  /** the environment as main.ts read it (src/config/env.ts); tokens and keys are read only from here. Default: none */
  env?: Env
  /** the production bot, already started (its store is opened in start()) */
  bot?: Bot
  /** where drills live; default: the config's playground.drills (false: none) */
  drillsDir?: string
}

export interface RunningWeb {
  url: string
  /** for the operator's terminal: where to open the playground and dashboard (with the one-time token), and from which hosts */
  banner: string
  server: WebServer
  playground?: Playground
  close(): Promise<void>
}

const SPOOL_DRAIN_MS = 5_000

/** The bot's intake, looked up on each call so a restarted simulated bot is the one used. */
const intakeOf =
  (bot: () => Bot): Intake =>
  (message) =>
    bot().intake(message)

export async function startWeb(o: StartWebOptions): Promise<RunningWeb> {
  const given: Env = o.env ?? {}
  // A newcomer trying the playground gets a dashboard at once, with a one-time token printed below.
  const env = o.bot || given.SANSHEN_DASHBOARD_TOKEN ? given : { ...given, SANSHEN_DASHBOARD_TOKEN: randomBytes(8).toString('hex') }
  let playground: Playground | undefined
  /** the store the playground was given (SANSHEN_DATA, REDIS_URL): its bot does not own it, so close() closes it */
  let kept: { store: Store; label: string } | undefined
  let spool: IntakeSpool | undefined
  let server: WebServer
  if (o.bot) {
    const bot = o.bot
    const dataDir = dirname(env.SANSHEN_DATA || DEFAULT_DATA_FILE)
    const spoolDir = env.SANSHEN_SPOOL || join(dataDir, 'spool')
    spool = createIntakeSpool(spoolDir)
    // the SQLite directory matters only when the state is kept there; with Redis, only the spool is written locally
    const dataDirs = redisFromEnv(env) ? [spoolDir] : [dirname(embeddedPaths(env.SANSHEN_DATA).db), spoolDir]
    server = createWebServer({
      config: o.config,
      store: bot.deps.store,
      clock: bot.deps.clock,
      logger: o.logger,
      env,
      intake: intakeOf(() => bot),
      published: (a, id) => bot.published(a, id),
      spool,
      dataDirs,
      chat: bot.deps.chat.platform,
      currentConfig: () => bot.deps.config,
    })
  } else {
    const dir = o.drillsDir ?? (o.config.playground.drills === false ? undefined : resolveConfigPath('.', o.config.playground.drills))
    const drills = dir ? loadDrills(dir, o.config, ['outsider', IMPOSTOR.key]) : []
    // With a store configured the playground keeps its drafts and deadlines there across restarts; else in memory.
    kept =
      env.REDIS_URL || env.SANSHEN_DATA
        ? { store: await createStoreFromEnv(env), label: env.REDIS_URL ? 'Redis（REDIS_URL），重启后保留' : `${env.SANSHEN_DATA}，重启后保留` }
        : undefined
    playground = await createPlayground(o.config, { logger: o.logger, drills, env: given, ...(kept ? { store: kept } : {}) })
    const group = playground.group
    server = createWebServer({
      config: o.config,
      store: group.store(),
      clock: group.clock,
      logger: o.logger,
      env,
      intake: intakeOf(() => group.bot()),
      published: (a, id) => group.bot().published(a, id),
      playground,
      chat: 'simulated',
    })
  }
  const bot = o.bot ?? playground!.group.bot()
  const detach = bot.telemetry.attach(metricsListener(server.metrics))
  // Pushes acknowledged while the store was away (or before a crash) are taken in when it answers again.
  const drain = () =>
    spool
      ?.drain(bot.intake, (err, externalId) => o.logger.warn({ err, externalId }, 'spooled push not taken in yet; retrying later'))
      .then(
        (n) => n > 0 && o.logger.info({ taken: n }, 'spooled pushes taken in'),
        () => undefined,
      )
  void drain()
  const drainer = spool ? setInterval(drain, SPOOL_DRAIN_MS).unref() : undefined
  const host = env.SANSHEN_WEB_HOST || '127.0.0.1'
  const url = await server.listen({ host, port: Number(env.SANSHEN_WEB_PORT || 3000) })
  const urls = reachableUrls(host, Number(new URL(url).port), env)
  o.logger.info(
    { url, listen: host, urls, playground: Boolean(playground) },
    playground ? `playground: open ${urls[0]} in a browser` : `web: ${url}/dashboard`,
  )
  const token = given.SANSHEN_DASHBOARD_TOKEN ? 'SANSHEN_DASHBOARD_TOKEN' : env.SANSHEN_DASHBOARD_TOKEN
  return {
    url,
    banner: webBanner(host, urls, Boolean(playground), token),
    server,
    ...(playground ? { playground } : {}),
    async close() {
      clearInterval(drainer)
      detach()
      await server.close()
      await playground?.stop()
      await kept?.store.close()
    },
  }
}

const EVERY_INTERFACE = new Set(['0.0.0.0', '::', '[::]'])

/** The URLs the server answers at: one per allowed host name (the Host check refuses any other), on the port bound. */
function reachableUrls(host: string, port: number, env: Env): string[] {
  const names = [...allowedHosts(env)].filter((h) => h !== '[::1]' && h !== 'localhost')
  // bound to one address: only that address reaches it
  const reachable = EVERY_INTERFACE.has(host) ? names : names.filter((h) => h === host || h === `[${host}]` || !/^[\d.[\]:]+$/.test(h))
  return reachable.map((h) => `http://${h}:${port}`)
}

/** What the terminal shows once the port is bound: the real addresses, and how to reach the playground from another machine. */
function webBanner(host: string, urls: string[], playground: boolean, token: string | undefined): string {
  if (!playground) return `督办看板 Dashboard: ${urls[0]}/dashboard`
  const lines = [`三审试用页面 Playground: ${urls.join('  ')}`, `督办看板 Dashboard: ${urls[0]}/dashboard（口令 ${token}）`]
  if (EVERY_INTERFACE.has(host) && urls.length <= 1)
    lines.push(
      `Listening on every interface (${host}), but the playground answers only to ${urls.map((u) => new URL(u).host).join(', ')}: set SANSHEN_ALLOWED_HOSTS to this machine's name or address to open it from another machine.`,
    )
  else if (host === '127.0.0.1' || host === 'localhost')
    lines.push(
      'Only this machine can open it: set SANSHEN_WEB_HOST=0.0.0.0 and SANSHEN_ALLOWED_HOSTS=<name or address> for another machine (README).',
    )
  return lines.join('\n')
}
