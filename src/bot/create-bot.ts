import { resolve } from 'node:path'
import { pino, type Logger } from 'pino'
import { WechatyBuilder } from 'wechaty'
import type { WechatyOptions } from 'wechaty'
import { createWechatyChat } from '../chat/wechaty-chat.js'
import type { IncomingMessage } from '../chat/port.js'
import type { Checker } from '../checklist/types.js'
import { createChecker } from '../checklist/index.js'
import { systemClock, type Clock } from '../clock.js'
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
import { TelemetryHub } from '../telemetry.js'
import { createIntake } from './public-messages/intake.js'
import { DEADLINE_REMINDER, deadlineReminder } from './public-messages/reply-jobs.js'
import { allRoutes, createRouter } from './router.js'
import { stageTimeout } from './drafts/stage-timeout.js'
import { sweep, type JobHandler } from './sweep.js'

type Puppet = NonNullable<WechatyOptions['puppet']>

export interface BotOptions {
  config: Config
  /** a Wechaty puppet; default: the one named by WECHATY_PUPPET (and WECHATY_PUPPET_SERVICE_TOKEN) */
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
}

/** The default configuration folder: that of SANSHEN_CONFIG, else ./config. */
function defaultConfigDir(): string {
  return process.env.SANSHEN_CONFIG ? resolve(process.env.SANSHEN_CONFIG, '..') : 'config'
}

export function createBot(options: BotOptions): Bot {
  const { config } = options
  const log = options.logger ?? pino({ name: 'sanshen', level: process.env.LOG_LEVEL ?? 'info' })
  const ownStore = !options.store
  const clock = options.clock ?? systemClock
  const wechaty = WechatyBuilder.build({ name: 'sanshen', ...(options.puppet ? { puppet: options.puppet } : {}) })
  const chat = createWechatyChat(wechaty, (m, err) => log.error({ err }, m))
  const telemetry = new TelemetryHub()
  const checker = observedChecker(options.checker ?? createChecker(config, { logger: log, env: process.env, telemetry }), telemetry)
  // Loaded once at start-up: a broken override file stops the bot with the file's line, not later in a reminder.
  const calendar = createWorkCalendar(loadHolidayOverrides(resolveConfigPath(options.configDir ?? defaultConfigDir(), config.replies.holidaysFile)))
  // The default store is opened in start(): opening a file or a Redis connection is async.
  const base: Omit<BotDeps, 'identity'> = { config, store: options.store as Store, clock, chat, checker, calendar, log, telemetry }
  const identity = new Identity(base)
  const deps: BotDeps = Object.assign(base, { identity })
  const route = createRouter(deps, allRoutes)
  const jobs: Record<string, JobHandler> = { 'stage-timeout': stageTimeout, [DEADLINE_REMINDER]: deadlineReminder }
  let timer: NodeJS.Timeout | undefined
  let stopCron: (() => Promise<void>) | undefined
  let sweeping: Promise<number> | undefined

  const runSweep = (): Promise<number> => {
    // One sweep at a time in a process; across processes the store's leases keep jobs single.
    sweeping ??= sweep(deps, jobs)
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
    async start() {
      for (const [i, g] of config.groups.entries()) {
        if (!g.id) log.warn({ group: i, topic: g.topic }, 'group matched by its topic, which any member can rename: send #我是谁 in the group and put its room id in groups[].id')
      }
      deps.store = observedStore(
        options.store ?? (await createStoreFromEnv(process.env, { onConnectionError: (err) => deps.log.warn({ err: err.message }, 'Redis connection error; reconnecting') })),
        telemetry,
      )
      await ensureIndexed(deps.store)
      await identity.load()
      // A real puppet asks the operator to scan a QR code with the bot's WeChat account.
      wechaty.on('scan', (qrcode: string, status: number) => log.info({ status, qrcode: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, 'scan this QR code with the bot account to log in'))
      wechaty.on('login', () => {
        identity.tagAll().catch((err: unknown) => log.warn({ err }, 'could not tag contacts'))
      })
      await chat.start(async (m: IncomingMessage) => {
        try {
          await route(m)
        } finally {
          options.onMessageSettled?.(m.id)
        }
      })
      if (wechaty.puppet.isLoggedIn) await identity.tagAll().catch((err: unknown) => log.warn({ err }, 'could not tag contacts'))
      // Reminders that came due while the bot was down go out now, once.
      await runSweep().catch((err: unknown) => log.error({ err }, 'sweep failed'))
      const every = options.sweepIntervalMs ?? 15_000
      if (every > 0) timer = setInterval(() => void runSweep().catch((err: unknown) => log.error({ err }, 'sweep failed')), every)
      if (options.cron ?? every > 0) {
        stopCron = startCron(config.schedules, (name) => runSchedule(deps, name), (err, name) => log.error({ err, schedule: name }, 'schedule failed'))
      }
    },
    async stop() {
      if (timer) clearInterval(timer)
      await stopCron?.()
      await sweeping?.catch(() => undefined)
      await chat.stop()
      await wechaty.stop()
      if (ownStore) await deps.store?.close()
    },
    sweep: runSweep,
    intake: createIntake(deps),
    runSchedule: (name) => runSchedule(deps, name),
  }
}
