import { configFileOf } from '../config/load.js'
import { resolve } from 'node:path'
import { pino, type Logger } from 'pino'
import { createWechatyChat, type Puppet } from '../chat/wechaty/adapter.js'
import type { ChatEvent, ChatPort, IncomingMessage } from '../chat/port.js'
import { createOutbox, OUTBOX, type Outbox } from '../chat/outbox.js'
import type { Checker } from '../checklist/types.js'
import { createChecker } from '../checklist/index.js'
import { systemClock, type Clock } from '../clock.js'
import type { Env } from '../config/env.js'
import type { Config } from '../config/schema.js'
import type { Intake } from '../public-messages/intake.js'
import { resolveConfigPath } from '../config/paths.js'
import { createWorkCalendar, loadHolidayOverrides } from '../deadlines/index.js'
import { startCron } from './cron.js'
import { runSchedule, type ScheduleName, type ScheduleRun } from './schedules.js'
import { createStoreFromEnv } from '../store/create-store.js'
import { ensureIndexed } from './index-terms.js'
import { archiveClosed, DEFAULT_ARCHIVE_AFTER_DAYS } from './archive.js'
import type { Store } from '../store/store.js'
import type { BotDeps } from './deps.js'
import { Identity } from './identity.js'
import { observedChecker, observedStore } from './observed.js'
import { commandStore } from './command-outcome.js'
import { TelemetryHub } from '../telemetry.js'
import { createPlatformSync, type PollOutcome } from './platform-sync/create-platform-sync.js'
import { DRAFT_BOX_JOB } from './platform-sync/draft-box.js'
import { createIntake } from './public-messages/intake.js'
import { DEADLINE_REMINDER, deadlineReminder } from './public-messages/reply-jobs.js'
import { allRoutes, createRouter } from './router.js'
import { createPressHandler } from './cards/press.js'
import { stageTimeout } from './drafts/stage-timeout.js'
import { type ConfigWatch, watchConfig } from './onboarding/config-reload.js'
import { createHeardLog } from './onboarding/heard.js'
import { sweep, type JobHandler } from './sweep.js'
import { REPAIR_EVERY_MS, repairFollowUps } from './repair.js'

export interface BotOptions {
  config: Config
  /** the chat platform adapter (src/chat/<platform>/); default: Wechaty on `puppet` */
  chat?: ChatPort
  /** shorthand for the Wechaty adapter on this puppet; default: the one named by WECHATY_PUPPET (read by Wechaty) */
  puppet?: Puppet
  /** default: Redis when REDIS_URL (or REDIS_CLUSTER_NODES) is set, else SQLite at SANSHEN_DATA */
  store?: Store
  clock?: Clock
  checker?: Checker
  logger?: Logger
  /** how often production runs sweep(); 0 turns the timer off (tests call sweep() themselves) */
  sweepIntervalMs?: number
  /** drafts, messages and incidents closed longer than this move to the archive at a sweep (default 180) */
  archiveAfterDays?: number
  /**
   * The configuration folder, for a Config not made by loadConfig/parseConfig (which make its paths
   * absolute): replies.holidaysFile is read relative to it. Default: the folder of SANSHEN_CONFIG
   * when set, else ./config.
   */
  configDir?: string
  /** run the digest and reports on node-cron; default: on when the sweep timer is on */
  cron?: boolean
  /** called when the bot has finished with an incoming message (tests and the playground wait on it) */
  onMessageSettled?: (messageId: string) => void
  /**
   * The environment, as main.ts reads it once (src/config/env.ts): platform credentials and API
   * bases, the store (REDIS_URL, SANSHEN_DATA), OPENAI_*, LOG_LEVEL. The bot reads nothing else;
   * default: none (the SQLite store at its default path, no platform APIs, no LLM).
   */
  env?: Env
  /** poll the accounts' platform APIs on a timer; default: on (tests call pollPlatforms() themselves) */
  platformPolling?: boolean
  /** the file `config` was loaded from: #我是谁 names it; default SANSHEN_CONFIG, else config/sanshen.yaml */
  configFile?: string
  /** read configFile again whenever it changes (and on reloadConfig()); default off */
  watchConfig?: boolean
}

export interface Bot {
  start(): Promise<void>
  stop(): Promise<void>
  /** does all work due at the clock's current time: reminders, stage time-outs, escalations */
  sweep(): Promise<number>
  /** takes a public message in (the HTTP endpoints and webhooks call this) */
  intake: Intake
  /** runs one of the regular reports now (node-cron calls the same); once per Shanghai date */
  runSchedule(name: ScheduleName): Promise<ScheduleRun>
  /** what the bot was built with, for the web surface and tests */
  readonly deps: BotDeps
  /** the bot's own events for metrics: attach a listener (the web server's Prometheus registry) */
  readonly telemetry: TelemetryHub
  /** every message the bot says, stored until the platform accepts it */
  readonly outbox: Outbox
  /** polls the linked accounts' platform APIs once now: published posts, the draft box, comments */
  pollPlatforms(): Promise<PollOutcome[]>
  /** a WeChat PUBLISHJOBFINISH push: the article is checked against the approved versions */
  published(account: string, articleId: string): Promise<void>
  /** reads configFile again (SIGHUP): a valid one replaces the configuration, a broken one is logged and ignored */
  reloadConfig(): Promise<boolean>
}

/** The default configuration folder: that of SANSHEN_CONFIG, else ./config. */
function defaultConfigDir(env: Env): string {
  return env.SANSHEN_CONFIG ? resolve(env.SANSHEN_CONFIG, '..') : 'config'
}

export function createBot(options: BotOptions): Bot {
  const { config } = options
  const env: Env = options.env ?? {}
  const log = options.logger ?? pino({ name: 'sanshen', level: env.LOG_LEVEL ?? 'info' })
  const ownStore = !options.store
  const clock = options.clock ?? systemClock
  const platform =
    options.chat ?? createWechatyChat({ ...(options.puppet ? { puppet: options.puppet } : {}), log: (m, detail) => log.info(detail ?? {}, m) })
  // The bot only ever speaks through the outbox: stored first, then delivered (src/chat/outbox.ts).
  // The outbox's own writes are not a command's: it uses the store without command markers.
  let plainStore: Store | undefined
  const outbox = createOutbox(platform, { store: () => plainStore ?? deps.store, clock, log })
  const chat = outbox.chat
  const telemetry = new TelemetryHub()
  const checker = observedChecker(options.checker ?? createChecker(config, { logger: log, env, telemetry }), telemetry)
  // Loaded once at start-up: a broken override file stops the bot with the file's line, not later in a reminder.
  const calendar = createWorkCalendar(
    loadHolidayOverrides(resolveConfigPath(options.configDir ?? defaultConfigDir(env), config.replies.holidaysFile)),
  )
  // The default store is opened in start(): opening a file or a Redis connection is async.
  const base: Omit<BotDeps, 'identity'> = { config, store: options.store as Store, clock, chat, outbox, checker, calendar, log, telemetry }
  const identity = new Identity(base)
  const configFile = resolve(options.configFile ?? configFileOf(config) ?? env.SANSHEN_CONFIG ?? 'config/sanshen.yaml')
  const deps: BotDeps = Object.assign(base, { identity, configFile, configWatched: options.watchConfig ?? false })
  const heard = createHeardLog(
    () => deps.store,
    () => clock.now(),
  )
  const route = createRouter(deps, allRoutes, heard)
  // People, groups and chains are read per message from deps.config: a new configuration takes effect at the next one.
  const configWatch = (() => {
    let watch: ConfigWatch | undefined
    const make = () =>
      watchConfig(configFile, {
        current: () => deps.config,
        apply: async (next) => {
          deps.config = next
          await heard.forget(next).catch((err: unknown) => log.warn({ err }, 'could not update the unconfigured groups and people'))
        },
        log,
      })
    return {
      open: () => void (watch ??= make()),
      reload: () => (watch ??= make()).reload(),
      close: () => watch?.close(),
    }
  })()
  const intake = createIntake(deps)
  const platforms = createPlatformSync(deps, { env, intake })
  const jobs: Record<string, JobHandler> = {
    'stage-timeout': stageTimeout,
    [DEADLINE_REMINDER]: deadlineReminder,
    // a delivery is not a reminder for the metrics
    [OUTBOX]: async (_deps, job) => (await outbox.deliver(job), 'nothing-to-do'),
    [DRAFT_BOX_JOB]: (_deps, job) => platforms.draftBoxJob(job),
  }
  let timer: NodeJS.Timeout | undefined
  let stopCron: (() => Promise<void>) | undefined
  let sweeping: Promise<number> | undefined
  let started = false

  let repairedAt: number | undefined
  /** The safety net (repair.ts): at start, then once every REPAIR_EVERY_MS of the clock, before the sweep runs what it put back. */
  const repair = async (): Promise<void> => {
    if (repairedAt !== undefined && clock.now() - repairedAt < REPAIR_EVERY_MS) return
    const at = clock.now()
    await repairFollowUps(deps).then(
      () => (repairedAt = at),
      (err: unknown) => log.error({ err }, 'repair pass failed; it runs again at the next sweep'),
    )
  }

  /** `flushFirst`: the platform is back, so every waiting outbox entry is made due first (inside the single sweep, so none is in a sweep's hands). */
  const runSweep = (flushFirst = false): Promise<number> => {
    // One sweep at a time in a process; across processes the store's leases keep jobs single.
    sweeping ??= (flushFirst ? outbox.flush() : Promise.resolve(0))
      .then(() => repair())
      .then(() => sweep(deps, jobs))
      .then(async (done) => {
        await archiveClosed(deps, options.archiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS)
        return done
      })
      .finally(() => (sweeping = undefined))
    return sweeping
  }

  return {
    deps,
    telemetry,
    outbox,
    async start() {
      for (const [i, g] of config.groups.entries()) {
        if (!g.id)
          log.warn(
            { group: i, topic: g.topic },
            'group matched by its topic, which any member can rename: send #我是谁 in the group and put its room id in groups[].id',
          )
      }
      plainStore = observedStore(
        options.store ??
          (await createStoreFromEnv(env, {
            onConnectionError: (err) => deps.log.warn({ err: err.message }, 'Redis connection error; reconnecting'),
          })),
        telemetry,
      )
      deps.store = commandStore(plainStore)
      await ensureIndexed(deps.store, log)
      await identity.load()
      if (options.watchConfig) configWatch.open()
      platforms.open()
      if (platforms.linked().length) log.info({ accounts: platforms.linked() }, 'platform APIs linked: publish guard and comment polling')
      let tagging: Promise<void> | undefined
      const onEvent = (e: ChatEvent) => {
        log.info({ platform: chat.platform, ...e }, `chat ${e.type}`)
        // Only WeChat has remarks: a login there may have changed contact ids (see identity.ts).
        if (e.type === 'login' && chat.remarks) tagging = identity.tagAll().catch((err: unknown) => log.warn({ err }, 'could not tag contacts'))
        // Back online: what waited in the outbox goes out now, not after its backoff or at the next tick.
        if ((e.type === 'ready' || e.type === 'login') && started)
          void (sweeping ?? Promise.resolve())
            .catch(() => undefined)
            .then(() => runSweep(true))
            .catch((err: unknown) => log.error({ err }, 'sweep failed'))
      }
      // A press on a card is a command: the same route as the typed one (src/bot/cards/press.ts).
      chat.cards?.onPress(createPressHandler(deps, allRoutes))
      await chat.start(
        async (m: IncomingMessage) => {
          try {
            await route(m)
          } finally {
            options.onMessageSettled?.(m.id)
          }
        },
        onEvent,
        { now: () => clock.now() },
      )
      // People whose id changed at this login are re-bound before the first command is handled.
      await tagging
      started = true
      // Reminders that came due while the bot was down go out now, once.
      await runSweep().catch((err: unknown) => log.error({ err }, 'sweep failed'))
      const every = options.sweepIntervalMs ?? 15_000
      if (every > 0) timer = setInterval(() => void runSweep().catch((err: unknown) => log.error({ err }, 'sweep failed')), every)
      if (options.platformPolling ?? true) platforms.startTimers(() => runSweep())
      if (options.cron ?? every > 0) {
        stopCron = startCron(
          config.schedules,
          (name) => runSchedule(deps, name),
          (err, name) => log.error({ err, schedule: name }, 'schedule failed'),
        )
      }
    },
    async stop() {
      started = false
      configWatch.close()
      if (timer) clearInterval(timer)
      await platforms.stop()
      await stopCron?.()
      await sweeping?.catch(() => undefined)
      await chat.stop()
      if (ownStore) await deps.store?.close()
    },
    sweep: () => runSweep(),
    intake,
    runSchedule: (name) => runSchedule(deps, name),
    pollPlatforms: () => platforms.pollOnce(),
    published: (account, articleId) => platforms.published(account, articleId),
    reloadConfig: () => configWatch.reload(),
  }
}
