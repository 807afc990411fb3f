import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditSubject, falseAlarmId, falseAlarms, recordMark, restoreFinding, withoutLearned } from '../../../src/bot/false-alarms/learned.js'
import type { CheckResult, Hit } from '../../../src/checklist/types.js'
import { createMemoryStore, createRedisStore, createSqliteStore, type Store } from '../../../src/store/index.js'
import { withRedisPrefix } from '../../helpers/redis.js'

const hit = (text: string, severity: Hit['severity'] = 'suggest', category = 'typo'): Hit => ({
  term: text,
  category,
  list: 'proofread',
  severity,
  start: 0,
  end: text.length,
  text,
  source: 'rules',
})
const check = (...hits: Hit[]): CheckResult => ({ verdict: 'review', labels: [], hits, manual: [], notes: [] })

const stores: Record<string, () => Promise<{ store: Store; done: () => Promise<void> }>> = {
  memory: async () => {
    const store = createMemoryStore()
    return { store, done: () => store.close() }
  },
  SQLite: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sanshen-fa-'))
    const store = await createSqliteStore(join(dir, 'sanshen.db'))
    return { store, done: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) }
  },
  Redis: async () => {
    const redis = withRedisPrefix()
    const store = await createRedisStore({ url: redis.url, prefix: redis.prefix })
    return { store, done: async () => (await store.close(), await redis.cleanup()) }
  },
}

describe.each(Object.keys(stores))('learned false alarms on the %s store', (name) => {
  let done: (() => Promise<void>) | undefined
  afterEach(() => done?.())
  const open = async () => {
    const s = await stores[name]!()
    done = s.done
    return s.store
  }

  it('learns on the second person and draft, once, even when both mark at the same moment; drops only that finding', async () => {
    const store = await open()
    const alarm = hit('警钟常鸣', 'review')
    expect(await recordMark(store, alarm, 'deputy', 'D1', 1)).toBe(false)
    expect((await withoutLearned(store, check(alarm))).hits).toHaveLength(1)
    const both = await Promise.all([recordMark(store, alarm, 'opinion1', 'D2', 2), recordMark(store, alarm, 'opinion2', 'D3', 2)])
    expect(both.filter(Boolean)).toHaveLength(1)
    expect(await store.audit(auditSubject(falseAlarmId(alarm)))).toHaveLength(1)
    // a full-width space makes no other finding
    const filtered = await withoutLearned(store, check(hit('警钟常鸣\u3000', 'review'), hit('再接再励', 'review'), hit('网赌', 'block', 'gambling')))
    expect(filtered.hits.map((h) => h.text)).toEqual(['再接再励', '网赌'])
    expect(filtered.verdict).toBe('block')
    expect(filtered.labels.map((l) => [l.category, l.count])).toEqual([
      ['typo', 1],
      ['gambling', 1],
    ])

    expect(await restoreFinding(store, falseAlarmId(alarm), 'dashboard', 3)).toBe(true)
    expect(await restoreFinding(store, falseAlarmId(alarm), 'dashboard', 4)).toBe(false)
    expect((await withoutLearned(store, check(alarm))).hits).toHaveLength(1)
    expect((await falseAlarms.get(store, falseAlarmId(alarm)))?.marks).toEqual([])
  })

  it('never records a blocking finding', async () => {
    const store = await open()
    const forbidden = hit('网赌', 'block', 'gambling')
    expect(await recordMark(store, forbidden, 'deputy', 'D1', 1)).toBe(false)
    expect(await recordMark(store, forbidden, 'opinion1', 'D2', 2)).toBe(false)
    expect(await falseAlarms.list(store)).toEqual([])
  })
})
