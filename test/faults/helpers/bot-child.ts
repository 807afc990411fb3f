/**
 * A bot process for the fault suite: createBot on a SQLite file, a ManualClock the parent sets,
 * and a chat platform that appends every message it is handed to a log file (one JSON line:
 * key, to, text), de-duplicating by the outbox's key as Feishu does with `uuid`. Commands come as
 * JSON lines on stdin; each is answered `ack <n> <detail>` on stdout once it has settled, so the
 * parent knows what was acknowledged before it kills the process.
 *
 *   tsx bot-child.ts <sqlite file | redis:// URL> <delivery log> <clock ms> [<Redis key prefix>]
 *   {"n":1,"op":"say","who":"editor1","text":"#投稿 …"}   a group message from a person of the config
 *   {"n":2,"op":"intake","account":"wechat","author":"u","text":"…","externalId":"m1"}
 *   {"n":3,"op":"advance","ms":61000}                      moves the clock and sweeps
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { pino } from 'pino'
import { createBot } from '../../../src/bot/create-bot.js'
import type { ChatPort, IncomingMessage, Outgoing } from '../../../src/chat/port.js'
import { ManualClock } from '../../../src/clock.js'
import { loadConfig } from '../../../src/config/load.js'
import { createRedisStore } from '../../../src/store/redis-store.js'
import { createSqliteStore } from '../../../src/store/sqlite-store.js'

const [dbPath, logPath, startAt, prefix] = process.argv.slice(2) as [string, string, string, string | undefined]
const config = loadConfig(new URL('../../../config/sanshen.yaml', import.meta.url).pathname)
const clock = new ManualClock(Number(startAt))
const shown = new Set<string>(
  existsSync(logPath)
    ? readFileSync(logPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).key as string)
    : [],
)

let onMessage: ((m: IncomingMessage) => Promise<void>) | undefined
const deliver = (to: string) => async (id: string, m: Outgoing) => {
  if (m.key && shown.has(m.key)) return
  if (m.key) shown.add(m.key)
  appendFileSync(logPath, `${JSON.stringify({ key: m.key, to: `${to}:${id}`, text: m.text })}\n`)
}
const chat: ChatPort = {
  platform: 'fault-log',
  start: async (handler) => {
    onMessage = handler
  },
  stop: async () => {},
  sayToRoom: deliver('room'),
  sayToContact: deliver('contact'),
}

const settled = new Map<string, () => void>()
const bot = createBot({
  config,
  chat,
  store: dbPath.startsWith('redis://') ? await createRedisStore({ url: dbPath, prefix: prefix ?? 'sanshen' }) : await createSqliteStore(dbPath),
  clock,
  logger: pino({ level: 'silent' }),
  sweepIntervalMs: 0,
  cron: false,
  platformPolling: false,
  onMessageSettled: (id) => settled.get(id)?.(),
})
await bot.start()
process.stdout.write('ready\n')

const room = config.groups[0]!
let lines = Promise.resolve()
createInterface({ input: process.stdin }).on('line', (line) => {
  lines = lines.then(async () => {
    const c = JSON.parse(line) as { n: number; op: string; [k: string]: unknown }
    let detail = ''
    if (c.op === 'say') {
      const person = config.people[c.who as string]!
      const id = `m-${process.pid}-${c.n}`
      const done = new Promise<void>((resolve) => settled.set(id, resolve))
      void onMessage!({
        id,
        room: { id: room.id ?? 'editors@chatroom', topic: room.topic ?? 'group' },
        talker: { id: person.id, name: person.name },
        text: c.text as string,
        mentionsBot: false,
        mentionIds: [],
      })
      await done
    } else if (c.op === 'intake') {
      detail = (
        await bot.intake({
          source: 'webhook',
          account: c.account as string,
          author: c.author as string,
          text: c.text as string,
          externalId: c.externalId as string,
        })
      ).id
    } else if (c.op === 'advance') {
      clock.advance(c.ms as number)
      await bot.sweep()
    }
    process.stdout.write(`ack ${c.n} ${detail}\n`)
  })
})
