import { readFileSync, writeFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type Bot, createBot } from '../../src/bot/create-bot.js'
import { unnamed } from '../../src/bot/onboarding/heard.js'
import type { ChatPort, IncomingMessage } from '../../src/chat/port.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { configSchema } from '../../src/config/schema.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import { configCopy } from '../helpers/config-copy.js'

interface Said {
  roomId?: string
  to?: string
  text: string
}

/** A chat port the test speaks into directly: onMessage resolves once the bot has answered (the outbox sends before it returns). */
function testChat(): {
  port: ChatPort
  sent: Said[]
  say(m: Partial<IncomingMessage> & { text: string; talker: { id: string; name: string } }): Promise<Said[]>
} {
  let onMessage: ((m: IncomingMessage) => Promise<void>) | undefined
  const sent: Said[] = []
  let n = 0
  return {
    sent,
    port: {
      platform: 'test',
      start: async (on) => {
        onMessage = on
      },
      stop: async () => {},
      sayToRoom: async (roomId, m) => void sent.push({ roomId, text: m.text }),
      sayToContact: async (to, m) => void sent.push({ to, text: m.text }),
    },
    async say(m) {
      const from = sent.length
      await onMessage!({ id: `m${++n}`, mentionsBot: true, mentionIds: [], ...m })
      return sent.slice(from)
    },
  }
}

const logLines: string[] = []
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk))
      done()
    },
  }),
)

let bot: Bot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
  logLines.length = 0
})

async function start(o: { file?: string; watch?: boolean } = {}) {
  const file = o.file ?? configCopy()
  const config = loadConfig(file)
  const chat = testChat()
  const store = createMemoryStore()
  bot = createBot({
    config,
    chat: chat.port,
    store,
    clock: new ManualClock(Date.UTC(2026, 10, 23, 2, 0)),
    logger,
    sweepIntervalMs: 0,
    configFile: file,
    ...(o.watch ? { watchConfig: true } : {}),
  })
  await bot.start()
  return { chat, store, file, config }
}

const NEW_ROOM = { id: 'wrNewGroup01', topic: 'wrNewGroup01' }
const STRANGER = { id: 'zhou.xiaoming', name: '周小明' }

describe('#我是谁 in any group, and the unconfigured on the dashboard', () => {
  it('answers #我是谁 and #帮助 in a group the configuration does not serve, with the ids and the lines to paste; ignores everything else there', async () => {
    const { chat, file } = await start()
    const [answer] = await chat.say({ room: NEW_ROOM, talker: STRANGER, text: '#我是谁' })
    expect(answer!.roomId).toBe(NEW_ROOM.id)
    expect(answer!.text).toContain('你的账号 ID：zhou.xiaoming，尚未写入配置')
    expect(answer!.text).toContain('本群 ID：wrNewGroup01。本群尚未写入配置')
    expect(answer!.text).toContain(file)
    expect(answer!.text).toContain('保存后重启机器人') // this bot does not watch its file
    expect(answer!.text).toContain('people:\n  zhou.xiaoming: { name: 周小明, id: zhou.xiaoming, roles: [] }')
    // WeCom gives no group name: the id alone, no topic
    expect(answer!.text).toContain('groups:\n  - { id: wrNewGroup01 }')
    expect((await chat.say({ room: NEW_ROOM, talker: STRANGER, text: '#帮助' }))[0]!.text).toContain('使用说明')
    expect(await chat.say({ room: NEW_ROOM, talker: STRANGER, text: '#投稿 微信 标题\n正文' })).toEqual([])
    expect(await chat.say({ room: NEW_ROOM, talker: STRANGER, text: '#通国 D1' })).toEqual([])
  })

  it('gives a configured person in a served group only the ids, and a stranger there only their own line', async () => {
    const { chat, config } = await start()
    const served = { id: 'editors@chatroom', topic: config.groups[0]!.topic! }
    const [known] = await chat.say({ room: served, talker: { id: 'wxid_deputy', name: '李副主任' }, text: '#我是谁' })
    expect(known!.text).toContain('已绑定为「李副主任」（deputy）')
    expect(known!.text).toContain('本群已在配置中')
    expect(known!.text).not.toContain('people:')
    const [stranger] = await chat.say({ room: served, talker: STRANGER, text: '#我是谁' })
    expect(stranger!.text).toContain('people:')
    expect(stranger!.text).not.toContain('groups:')
    const [alone] = await chat.say({ talker: STRANGER, text: '#我是谁' })
    expect(alone!.to).toBe(STRANGER.id)
    expect(alone!.text).not.toContain('本群')
  })

  it('writes lines that, pasted into the configuration, make the group served and the person known', async () => {
    const { chat, config, store } = await start()
    const quoted = { id: 'oc_a:b', topic: '编辑部 2 群' }
    const [answer] = await chat.say({ room: quoted, talker: { id: 'ou_7f', name: 'yes' }, text: '#我是谁' })
    const doc = parse(answer!.text.slice(answer!.text.indexOf('\npeople:'))) as { people: Record<string, unknown>; groups: unknown[] }
    const merged = configSchema.parse({ ...loadRaw(), people: { ...loadRaw().people, ...doc.people }, groups: [...loadRaw().groups, ...doc.groups] })
    expect(merged.groups.at(-1)).toEqual({ id: 'oc_a:b', topic: '编辑部 2 群' })
    expect(Object.values(merged.people).at(-1)).toMatchObject({ id: 'ou_7f', name: 'yes' })
    // the dashboard's list: the group and the person, each once
    await chat.say({ room: quoted, talker: { id: 'ou_7f', name: 'yes' }, text: '#我是谁' })
    expect((await unnamed(store)).map((h) => h.id)).toEqual(['group:oc_a:b', 'person:ou_7f'])
    expect(config.groups).toHaveLength(1)
  })
})

/** the default configuration as parsed YAML, before the schema's defaults */
function loadRaw(): { people: Record<string, unknown>; groups: unknown[] } & Record<string, unknown> {
  return parse(readFileSync('config/sanshen.yaml', 'utf8')) as never
}

async function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out; log:\n${logLines.join('')}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('the configuration reloads without a restart', () => {
  it('serves a group pasted into the file once it is saved, and drops it from the unconfigured list', async () => {
    const { chat, file, store } = await start({ watch: true })
    const [answer] = await chat.say({ room: NEW_ROOM, talker: { id: 'wxid_deputy', name: '李副主任' }, text: '#我是谁' })
    expect(answer!.text).toContain('保存后机器人自动重新读取，无需重启')
    expect((await unnamed(store)).map((h) => h.id)).toEqual(['group:wrNewGroup01'])
    expect(await chat.say({ room: NEW_ROOM, talker: { id: 'wxid_deputy', name: '李副主任' }, text: '#待办' })).toEqual([])
    writeFileSync(file, readFileSync(file, 'utf8').replace('groups:\n', 'groups:\n  - { id: wrNewGroup01 }\n'))
    await until(() => logLines.some((l) => l.includes('configuration reloaded')))
    expect((await chat.say({ room: NEW_ROOM, talker: { id: 'wxid_deputy', name: '李副主任' }, text: '#待办' })).length).toBe(1)
    expect(await unnamed(store)).toEqual([])
  })

  it('keeps the running configuration on a broken edit and says why in one log line; SIGHUP-style reload reads it again', async () => {
    const { chat, file } = await start({ watch: true })
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.replace('groups:\n', 'groups:\n  - { id: wrNewGroup01, colour: red }\n'))
    await until(() => logLines.some((l) => l.includes('configuration not reloaded')))
    const line = logLines.find((l) => l.includes('configuration not reloaded'))!
    expect(line.trim().split('\n')).toHaveLength(1)
    expect(JSON.parse(line).msg).toMatch(/the running one is kept: .*sanshen\.yaml:\d+:\d+: groups\[0\]\.colour: unknown key "colour"/)
    expect(await chat.say({ room: NEW_ROOM, talker: STRANGER, text: '#待办' })).toEqual([])
    // a change in a section read at start-up is said to wait for a restart
    writeFileSync(file, good.replace('groups:\n', 'groups:\n  - { id: wrNewGroup01 }\n').replace('name: 三审助手', 'name: 审稿助手'))
    expect(await bot!.reloadConfig()).toBe(true)
    expect(logLines.some((l) => /changes to bot take effect at the next restart/.test(l))).toBe(true)
  })
})
