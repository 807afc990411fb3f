import { collections } from '../bot/collections.js'
import { term } from '../bot/index-terms.js'
import { undeliverable } from '../chat/outbox.js'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Logger } from 'pino'
import type { Clock } from '../clock.js'
import type { Telemetry } from '../telemetry.js'
import type { Store } from '../store/store.js'
import type { Draft } from '../workflow/types.js'
import { listOpenMessages } from './dashboard/store-views.js'

/**
 * The Prometheus metrics of one server, in a registry of its own (two servers in one test process
 * never share counters). Gauges of state are read from the store at scrape time, so they are true
 * even after a restart; counters and the latency histogram are incremented by the bot through
 * the `metrics` object the server exposes.
 */
export interface Metrics {
  registry: Registry
  /** seconds a stage waited from its start to its completion, by stage name */
  approvalLatency: Histogram<'stage'>
  remindersSent: Counter<'kind'>
  checkerCalls: Counter
  checkerErrors: Counter
  llmCalls: Counter
  llmErrors: Counter
  storeErrors: Counter
  /** requests the web surface refused, by route and reason */
  refused: Counter<'route' | 'reason'>
  /** public messages handed to the intake, by source */
  intake: Counter<'source' | 'outcome'>
}

const DRAFT_STATES: Draft['status'][] = ['pending', 'approved', 'rejected', 'withdrawn', 'blocked']

/** `outboxAlertMs`: a message undelivered for longer counts in sanshen_outbox_undelivered (config chat.outbox.alertAfterMinutes) */
export function createMetrics(store: Store, clock: Clock, log: Logger, outboxAlertMs = 30 * 60_000): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'sanshen_' })
  const storeErrors = new Counter({ name: 'sanshen_store_errors_total', help: 'Store operations that failed', registers: [registry] })
  const guarded = async (what: string, read: () => Promise<void>) => {
    try {
      await read()
    } catch (err) {
      storeErrors.inc()
      log.error({ err }, `metrics: could not read ${what} from the store`)
    }
  }
  new Gauge({
    name: 'sanshen_drafts',
    help: 'Drafts by status, counted in the store at scrape time (archived ones included)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      await guarded('drafts', async () => {
        const counts = await Promise.all(DRAFT_STATES.map((s) => collections.drafts.count(store, term.status(s))))
        DRAFT_STATES.forEach((s, i) => this.set({ status: s }, counts[i]!))
      })
    },
  })
  new Gauge({
    name: 'sanshen_outbox_undelivered',
    help: 'Messages the bot said that the chat platform has not accepted for longer than chat.outbox.alertAfterMinutes',
    registers: [registry],
    async collect() {
      await guarded('outbox', async () => this.set((await undeliverable(store, clock.now(), outboxAlertMs)).length))
    },
  })
  new Gauge({
    name: 'sanshen_public_messages_open',
    help: 'Public messages not yet answered',
    registers: [registry],
    async collect() {
      await guarded('comments', async () => this.set((await listOpenMessages(store)).length))
    },
  })
  new Gauge({
    name: 'sanshen_public_messages_overdue',
    help: 'Public messages not answered and past their deadline',
    registers: [registry],
    async collect() {
      await guarded('comments', async () => {
        const now = clock.now()
        this.set((await listOpenMessages(store)).filter((m) => m.dueAt !== undefined && m.dueAt < now).length)
      })
    },
  })
  return {
    registry,
    storeErrors,
    approvalLatency: new Histogram({
      name: 'sanshen_approval_latency_seconds',
      help: 'Time from a stage starting to its completion',
      labelNames: ['stage'],
      // from a minute to three working days
      buckets: [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200],
      registers: [registry],
    }),
    remindersSent: new Counter({
      name: 'sanshen_reminders_sent_total',
      help: 'Reminders and escalations sent',
      labelNames: ['kind'],
      registers: [registry],
    }),
    checkerCalls: new Counter({ name: 'sanshen_checker_calls_total', help: 'Checklist runs', registers: [registry] }),
    checkerErrors: new Counter({ name: 'sanshen_checker_errors_total', help: 'Checklist runs that failed', registers: [registry] }),
    llmCalls: new Counter({ name: 'sanshen_llm_calls_total', help: 'Calls to the LLM second opinion', registers: [registry] }),
    llmErrors: new Counter({ name: 'sanshen_llm_errors_total', help: 'LLM calls that failed or answered nonsense', registers: [registry] }),
    refused: new Counter({
      name: 'sanshen_http_refused_total',
      help: 'Requests refused by the web surface',
      labelNames: ['route', 'reason'],
      registers: [registry],
    }),
    intake: new Counter({
      name: 'sanshen_intake_total',
      help: 'Public messages handed to the intake',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
  }
}

/** The bot's telemetry events, counted in this server's registry. */
export function metricsListener(m: Metrics): Telemetry {
  return {
    checkerCall: (outcome) => (outcome === 'ok' ? m.checkerCalls.inc() : (m.checkerCalls.inc(), m.checkerErrors.inc())),
    llmCall: (outcome) => (outcome === 'ok' ? m.llmCalls.inc() : (m.llmCalls.inc(), m.llmErrors.inc())),
    reminderSent: (kind) => m.remindersSent.inc({ kind }),
    stageCompleted: (stage, seconds) => m.approvalLatency.observe({ stage }, seconds),
    storeError: () => m.storeErrors.inc(),
  }
}
