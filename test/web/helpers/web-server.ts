import { Writable } from 'node:stream'
import { pino } from 'pino'
import { ManualClock } from '../../../src/clock.js'
import type { Intake, IntakeResult, PublicMessageInput } from '../../../src/public-messages/intake.js'
import type { PublicMessage } from '../../../src/public-messages/types.js'
import { loadConfig } from '../../../src/config/load.js'
import type { Config } from '../../../src/config/schema.js'
import { createMemoryStore } from '../../../src/store/memory-store.js'
import type { Store, StoredDoc } from '../../../src/store/store.js'
import { termsOf } from '../../../src/bot/index-terms.js'
import { createWebServer, type WebLimits, type WebServer, type WebServerOptions } from '../../../src/web/create-web-server.js'
import { AES_KEY, APP_ID, TOKEN } from './wechat-client.js'

export const START = Date.UTC(2026, 10, 23, 2, 0) // Monday 10:00 in Shanghai

/** An intake that records what it is given and, like the real one, keys on externalId. */
export function recordingIntake(): Intake & { calls: PublicMessageInput[] } {
  const calls: PublicMessageInput[] = []
  const byExternal = new Map<string, IntakeResult>()
  const intake = (async (m: PublicMessageInput) => {
    calls.push(m)
    const known = m.externalId ? byExternal.get(m.externalId) : undefined
    if (known) return { ...known, duplicate: true }
    const result = { id: `C${byExternal.size + calls.length}`, duplicate: false, sensitive: Boolean(m.sensitive), dueAt: START + 3_600_000 }
    if (m.externalId) byExternal.set(m.externalId, result)
    return result
  }) as Intake & { calls: PublicMessageInput[] }
  intake.calls = calls
  return intake
}

/** Plain mode (明文模式): no AES key, so plain pushes are taken. */
export const ENV = {
  WECHAT_TOKEN: TOKEN,
  WECHAT_APPID: APP_ID,
  SANSHEN_WEBHOOK_TOKEN: 'hook-secret',
  SANSHEN_DASHBOARD_TOKEN: 'dash-secret',
}

/** Safe mode (安全模式): with the AES key set, plain pushes are refused. */
export const SAFE_ENV = { ...ENV, WECHAT_AES_KEY: AES_KEY }

export interface TestServer {
  url: string
  server: WebServer
  clock: ManualClock
  store: Store
  config: Config
  intake: ReturnType<typeof recordingIntake>
  /** every log line the server wrote, parsed */
  logs: Record<string, unknown>[]
  close(): Promise<void>
}

/** A real server on a loopback port (optionally on a playground's store and clock) with a recording intake, the memory store and a manual clock. */
export async function startTestServer(
  o: {
    limits?: Partial<WebLimits>
    env?: Record<string, string | undefined>
    intake?: Intake
    store?: Store
    clock?: ManualClock
    config?: Config
  } & Partial<Pick<WebServerOptions, 'playground' | 'realClock' | 'spool' | 'dataDirs'>> = {},
): Promise<TestServer> {
  const config = o.config ?? loadConfig('config/sanshen.yaml')
  const clock = o.clock ?? new ManualClock(START)
  const store = o.store ?? createMemoryStore()
  const logs: Record<string, unknown>[] = []
  const sink = new Writable({ write: (chunk, _enc, done) => (logs.push(JSON.parse(String(chunk))), done()) })
  const intake = recordingIntake()
  const server = createWebServer({
    config,
    store,
    clock,
    logger: pino({ level: 'info' }, sink),
    env: o.env ?? ENV,
    intake: o.intake ?? intake,
    limits: { floodClock: new ManualClock(0), ...o.limits },
    // the tests sign pushes with the manual clock's time
    realClock: o.realClock ?? clock,
    ...(o.spool ? { spool: o.spool } : {}),
    ...(o.dataDirs ? { dataDirs: o.dataDirs } : {}),
    ...(o.playground ? { playground: o.playground } : {}),
  })
  const url = await server.listen()
  return { url, server, clock, store, config, intake, logs, close: () => server.close() }
}

export function refusals(logs: Record<string, unknown>[]): string[] {
  return logs.filter((l) => l.msg === 'request refused' || l.msg === 'dashboard login refused').map((l) => String(l.reason))
}

/** A stored public message as the reply-deadlines feature writes it (the dashboard and metrics read these). */
export function publicMessage(id: string, now: number, o: Partial<PublicMessage> = {}): PublicMessage {
  return {
    id,
    rev: 0,
    account: 'wechat',
    author: '网友小林',
    text: '留言',
    source: 'wechat',
    handler: 'editor1',
    receivedAt: now,
    sensitive: false,
    status: 'open',
    updatedAt: now,
    deadline: {
      kind: 'ordinary',
      policy: 'same-time-next-working-day',
      description: '一个工作日',
      startedAt: now,
      dueAt: now + 86_400_000,
      assumed: false,
      reasons: [],
    },
    ...o,
  }
}

/** A sensitive message due in an hour. */
export function sensitiveMessage(id: string, now: number, text: string): PublicMessage {
  const m = publicMessage(id, now, { text, sensitive: true })
  return { ...m, deadline: { ...m.deadline, kind: 'sensitive', policy: 'one-hour', description: '敏感留言一小时内回复', dueAt: now + 3_600_000 } }
}

/** Stores a new document with the index terms the bot would commit it with. */
export async function seed<T extends StoredDoc>(store: Store, collection: string, doc: T): Promise<void> {
  await store.commit(collection, doc, 0, [], termsOf(collection, doc))
}

/** Logs in to the dashboard with the test token; the session cookie to send back (`name=value`). */
export async function dashboardCookie(url: string, token = ENV.SANSHEN_DASHBOARD_TOKEN): Promise<string> {
  const res = await fetch(`${url}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
  })
  return res.headers.get('set-cookie')!.split(';')[0]!
}
