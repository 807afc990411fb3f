import { afterEach, describe, expect, it } from 'vitest'
import { archiveClosed } from '../../src/bot/archive.js'
import { termsOf } from '../../src/bot/index-terms.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { shanghaiInstant } from '../../src/deadlines/shanghai-time.js'
import { createMemoryStore, type Store, type StoredDoc } from '../../src/store/index.js'
import { historyPage, messagesPage } from '../../src/web/dashboard/history.js'
import { reportPage } from '../../src/web/dashboard/report-page.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

/**
 * Years of closed drafts, replied messages and handled incidents must not be read by the reports,
 * the metrics' counts or the history: a store that counts the documents it hands out shows what
 * each of them reads.
 */
const config = loadConfig('config/sanshen.yaml')
const DAY = 86_400_000
const OLD = 1000
let g: SimGroup | undefined
afterEach(async () => g?.stop())

const at = (date: string, hour = 10) => shanghaiInstant(date, hour * 60)

/** The memory store, counting every document get, list and findBy return. */
function countingStore(): { store: Store; read: () => number } {
  const inner = createMemoryStore()
  let read = 0
  const counted = <T>(docs: T[]) => {
    read += docs.length
    return docs
  }
  const store: Store = {
    ...inner,
    get: async (c, id) => {
      const doc = await inner.get(c, id)
      if (doc) read++
      return doc as never
    },
    list: async (c) => counted(await inner.list(c)) as never,
    findBy: async (c, t, r) => counted(await inner.findBy(c, t, r)) as never,
  }
  return { store, read: () => read }
}

/** A year-old history: OLD approved drafts, OLD replied messages and 100 handled incidents, ids far above the bot's counters. */
async function oldHistory(store: Store): Promise<void> {
  const t = at('2025-11-03')
  const commit = (collection: string, doc: StoredDoc) => store.commit(collection, doc, 0, [], termsOf(collection, doc))
  for (let i = 0; i < OLD; i++) {
    const when = t + i * 60_000
    await commit('drafts', {
      id: `D${100_000 + i}`,
      rev: 0,
      group: 'g-old',
      account: 'wechat',
      category: 'news',
      chain: 'standard',
      submitter: { contactId: 'c-old', person: 'editor1', name: '编辑一' },
      versions: [{ version: 1, hash: 'h', title: `旧稿 ${i}`, body: '正文', at: when, findings: [], manual: [] }],
      status: 'approved',
      stage: 1,
      stageSince: when,
      stageTimedOut: false,
      approvals: [{ person: 'director', stage: 1, at: when, via: 'command' }],
      transfers: [],
      remarks: [],
      createdAt: when,
      updatedAt: when + 1,
    } as StoredDoc)
    await commit('comments', {
      id: `C${100_000 + i}`,
      rev: 0,
      account: 'wechat',
      author: '网友',
      text: '旧留言',
      source: 'chat',
      handler: 'editor1',
      receivedAt: when,
      sensitive: false,
      deadline: { dueAt: when + DAY, description: '一个工作日' },
      status: 'replied',
      reply: { by: 'editor1', at: when + 1 },
      updatedAt: when + 1,
    } as StoredDoc)
    if (i < 100)
      await commit('incidents', {
        id: `A${100_000 + i}`,
        rev: 0,
        level: 'blue',
        description: '旧舆情',
        reportedBy: 'deputy',
        openedAt: when,
        status: 'recorded',
      } as StoredDoc)
  }
}

describe('reads bounded by what is shown', () => {
  it('the weekly report and the digest read this week’s and the open items, not a year of closed ones; their text is unchanged by it', async () => {
    const { store, read } = countingStore()
    await oldHistory(store)
    g = await simGroup(config, { store, clock: new ManualClock(at('2026-11-16')) })
    await g.say('editor1', '#投稿 微信 青年工作会议\n团省委召开全省青年工作会议。（来源：团省委办公室）')
    await g.say('deputy', '#通过 D1')
    await g.say('director', '#通过 D1')
    await g.say('editor1', '#投稿 微信 周末活动\n周末举办青年集市。（来源：团省委办公室）')
    await g.say('editor1', '#留言 微信 丙：周末有活动吗？')
    g.clock.set(at('2026-11-23', 9))

    const before = read()
    const digest = await g.bot().runSchedule('digest')
    expect(digest.text).toContain('在审稿件 1 篇')
    expect(digest.text).toContain('未答复留言 1 条')
    const weekly = await g.bot().runSchedule('weekly')
    expect(weekly.figures?.published.total).toBe(1)
    expect(weekly.figures?.submitted).toBe(2)
    expect(read() - before).toBeLessThan(20)

    const page = read()
    expect(await reportPage(config, store, g.clock.now())).toContain('每周')
    expect(read() - page).toBeLessThan(20)
  })

  it('the history finds archived drafts, messages and alerts by date, account and person, a page at a time', async () => {
    const { store, read } = countingStore()
    await oldHistory(store)
    const clock = new ManualClock(at('2026-11-16'))
    // everything old is archived: the history still finds it
    while ((await archiveClosed({ store, clock }, 180)) > 0);
    expect(await store.list('drafts')).toEqual([])

    let before = read()
    const all = await historyPage(config, store, {})
    expect(all).toContain(`共 ${OLD} 篇`)
    expect(all).toContain('第 1/5 页')
    expect(all).toContain(`>D${100_000 + OLD - 1}<`)
    expect(read() - before).toBe(200)

    before = read()
    const second = await historyPage(config, store, { account: 'wechat', page: 2 })
    expect(second).toContain('第 2/5 页')
    expect(second).toContain(`>D${100_000 + OLD - 201}<`)
    expect(second).not.toContain(`>D${100_000 + OLD - 1}<`)
    expect(read() - before).toBe(200)

    before = read()
    const day = await historyPage(config, store, { person: '王主任', from: '2025-11-03', to: '2025-11-03' })
    // 14:00 of that day is 840 minutes after the first draft at 10:00
    expect(day).toContain('共 840 篇')
    expect(read() - before).toBe(200)

    // a title is searched within the chosen days: 旧稿 29 and 旧稿 290–299 (2900 and up lie beyond that day)
    before = read()
    expect(await historyPage(config, store, { q: '旧稿 29', from: '2025-11-03', to: '2025-11-03' })).toContain('共 11 篇')
    expect(read() - before).toBe(840)

    before = read()
    const messages = await messagesPage(config, store, clock.now(), {})
    expect(messages).toContain(`公众留言 Public messages（${OLD}）`)
    expect(messages).toContain('舆情警报 Alerts（100）')
    expect(read() - before).toBe(300)
  })
})
