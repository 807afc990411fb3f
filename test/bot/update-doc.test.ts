import { describe, expect, it } from 'vitest'
import { commentAudit } from '../../src/bot/public-messages/store.js'
import { collection } from '../../src/bot/collections.js'
import { updateDoc } from '../../src/bot/update-doc.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import type { StoredDoc } from '../../src/store/store.js'

interface Counter extends StoredDoc {
  n: number
}
const counters = collection<Counter>('counters')
type Bumped = { type: 'bumped'; to: number }

const bump = (c: Counter) => ({
  result: c.n + 1,
  change: { doc: { ...c, n: c.n + 1 }, events: [{ type: 'bumped' as const, to: c.n + 1 }] as Bumped[], at: 1000 },
})

describe('updateDoc: read, decide, compare-and-set (drafts, public messages, incidents)', () => {
  it('writes the change with its audit entries and returns the new revision; undefined for no document', async () => {
    const store = await createMemoryStore()
    await counters.commit(store, { id: 'K1', rev: 0, n: 0 }, 0, [])
    expect(await updateDoc(store, counters, 'K1', 'editor1', bump, commentAudit)).toEqual({ result: 1, rev: 2 })
    expect(await store.audit('K1')).toEqual([{ at: 1000, actor: 'editor1', action: 'bumped', subject: 'K1', detail: { to: 1 } }])
    expect(await updateDoc(store, counters, 'K9', 'editor1', bump, commentAudit)).toBeUndefined()
  })

  it('decides again on the fresh document when another instance wrote in between', async () => {
    const store = await createMemoryStore()
    await counters.commit(store, { id: 'K1', rev: 0, n: 0 }, 0, [])
    const seen: number[] = []
    const updated = await updateDoc<Counter, Bumped, number>(
      store,
      counters,
      'K1',
      'editor1',
      async (c) => {
        seen.push(c.n)
        // the other instance gets there first, once
        if (seen.length === 1) await counters.commit(store, { ...c, n: 10 }, c.rev, [])
        return bump(c)
      },
      commentAudit,
    )
    expect(seen).toEqual([0, 10])
    expect(updated).toEqual({ result: 11, rev: 3 })
    expect((await counters.get(store, 'K1'))!.n).toBe(11)
    expect((await store.audit('K1')).map((e) => e.detail)).toEqual([{ to: 11 }])
  })

  it('returns the decision without writing when nothing changes', async () => {
    const store = await createMemoryStore()
    await counters.commit(store, { id: 'K1', rev: 0, n: 5 }, 0, [])
    expect(await updateDoc<Counter, Bumped, string>(store, counters, 'K1', 'editor1', (c) => ({ result: `still ${c.n}` }), commentAudit)).toEqual({
      result: 'still 5',
      rev: 1,
    })
    expect(await store.audit('K1')).toEqual([])
  })
})
