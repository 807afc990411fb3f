import { describe, expect, it } from 'vitest'
import { archiveClosed } from '../../src/bot/archive.js'
import { term, termsOf } from '../../src/bot/index-terms.js'
import { ManualClock } from '../../src/clock.js'
import { OUTBOX_MARKS } from '../../src/chat/outbox.js'
import { createMemoryStore, type StoredDoc } from '../../src/store/index.js'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 5)
const draft = (id: string, status: string, updatedAt: number) => ({
  id,
  rev: 0,
  status,
  createdAt: updatedAt,
  updatedAt,
  group: 'g1',
  account: 'wechat',
  submitter: { contactId: 'c1', name: '甲' },
  approvals: [],
  remarks: [],
})

describe('archiving closed documents', () => {
  it('moves drafts closed longer than the set days out of the live set; open ones and recent ones stay; get still reads them', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(T0 + 200 * DAY)
    for (const d of [draft('D1', 'approved', T0), draft('D2', 'withdrawn', T0 + 100 * DAY), draft('D3', 'pending', T0), draft('D4', 'rejected', T0)])
      await store.commit('drafts', d, 0, [{ at: d.updatedAt, actor: 'p', action: 'submit', subject: d.id }], termsOf('drafts', d))
    expect(await archiveClosed({ store, clock }, 180)).toBe(1)
    expect((await store.list('drafts')).map((d) => d.id)).toEqual(['D2', 'D3', 'D4'])
    expect(await store.get('drafts', 'D1')).toMatchObject({ id: 'D1', status: 'approved' })
    expect(await store.audit('D1')).toHaveLength(1)
    expect((await store.findBy('drafts', term.pending)).map((d) => d.id)).toEqual(['D3'])
    expect(await archiveClosed({ store, clock }, 50)).toBe(1)
    expect((await store.list('drafts')).map((d) => d.id)).toEqual(['D3', 'D4'])
    // the history still finds archived drafts by date, account, status and person
    expect((await store.findBy('drafts', term.account('wechat'), { reverse: true })).map((d) => d.id)).toEqual(['D2', 'D4', 'D3', 'D1'])
    expect((await store.findBy('drafts', term.status('approved'))).map((d) => d.id)).toEqual(['D1'])
    expect(await store.count('drafts', term.person('甲'))).toBe(4)
    expect(await store.findBy('drafts', term.closed)).toEqual([])
  })

  it('deletes job-message markers a week old in the same pass', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(T0 + 30 * DAY)
    for (const [id, at] of [
      ['old', T0],
      ['recent', T0 + 25 * DAY],
    ] as const)
      await store.commit(OUTBOX_MARKS, { id, rev: 0, sent: true, at }, 0, [], termsOf(OUTBOX_MARKS, { id, rev: 0, sent: true, at } as StoredDoc))
    expect(await archiveClosed({ store, clock }, 180)).toBe(1)
    expect((await store.list(OUTBOX_MARKS)).map((m) => m.id)).toEqual(['recent'])
  })
})
