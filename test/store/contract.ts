/**
 * The contract every Store implementation passes (src/store/store.ts). Each implementation's test
 * file calls storeContract with a factory; `reopen` closes the store under test and opens a new
 * one on the same backing data (same file, same Redis prefix), `cleanup` closes and deletes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditEntry, NewJob, Store, StoredDoc } from '../../src/store/index.js'

export interface StoreUnderTest {
  store: Store
  reopen: () => Promise<Store>
  cleanup: () => Promise<void>
}

interface DraftDoc extends StoredDoc {
  title: string
  approvals: string[]
}

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0)
const LEASE = 60_000

function draft(id: string, title = `title of ${id}`): DraftDoc {
  return { id, rev: 0, title, approvals: [] }
}

function entry(subject: string, action: string, at = T0, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { at, actor: 'p-editor', action, subject, ...extra }
}

function job(id: string, dueAt: number, payload: Record<string, unknown> = {}): NewJob {
  return { id, dueAt, kind: 'reminder', payload }
}

export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest
    let store: Store

    beforeEach(async () => {
      subject = await make()
      store = subject.store
    })
    afterEach(async () => {
      await subject.cleanup()
    })

    describe('counters', () => {
      it('count from 1 and each name counts on its own', async () => {
        expect([await store.nextSeq('draft'), await store.nextSeq('draft'), await store.nextSeq('draft')]).toEqual([1, 2, 3])
        expect(await store.nextSeq('comment')).toBe(1)
      })
    })

    describe('documents', () => {
      it('get returns undefined and list is empty for what was never written', async () => {
        expect(await store.get('drafts', 'D1')).toBeUndefined()
        expect(await store.list('drafts')).toEqual([])
      })

      it('list returns one collection in id order, numbers compared as numbers', async () => {
        for (const id of ['D10', 'D2', 'D1']) await store.commit('drafts', draft(id), 0, [])
        await store.commit('comments', draft('C1'), 0, [])
        expect((await store.list<DraftDoc>('drafts')).map((d) => d.id)).toEqual(['D1', 'D2', 'D10'])
        expect((await store.list<DraftDoc>('comments')).map((d) => d.id)).toEqual(['C1'])
      })

      it('returns copies: changing a returned document changes nothing stored', async () => {
        await store.commit('drafts', draft('D1'), 0, [])
        const got = (await store.get<DraftDoc>('drafts', 'D1'))!
        got.approvals.push('p-director')
        const listed = await store.list<DraftDoc>('drafts')
        listed[0]!.title = 'changed'
        expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), rev: 1 })
      })
    })

    describe('commit', () => {
      it('with expected rev 0 creates the document at rev 1', async () => {
        expect(await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit')])).toBe(1)
        expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), rev: 1 })
      })

      it('with expected rev 0 conflicts when the document exists, keeping it', async () => {
        await store.commit('drafts', draft('D1', 'first'), 0, [])
        expect(await store.commit('drafts', draft('D1', 'second'), 0, [entry('D1', 'submit')])).toBe(false)
        expect(await store.get<DraftDoc>('drafts', 'D1')).toMatchObject({ title: 'first', rev: 1 })
        expect(await store.audit('D1')).toEqual([])
      })

      it('advances the revision on each matching commit', async () => {
        await store.commit('drafts', draft('D1'), 0, [])
        const current = (await store.get<DraftDoc>('drafts', 'D1'))!
        expect(await store.commit('drafts', { ...current, approvals: ['p-deputy'] }, current.rev, [])).toBe(2)
        expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), approvals: ['p-deputy'], rev: 2 })
      })

      it('on a stale revision changes nothing, neither the document nor the audit', async () => {
        await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit', T0)])
        await store.commit('drafts', { ...draft('D1'), approvals: ['p-deputy'] }, 1, [entry('D1', 'approve', T0 + 1)])
        const stale = await store.commit('drafts', { ...draft('D1'), approvals: ['p-intruder'] }, 1, [entry('D1', 'approve', T0 + 2)])
        expect(stale).toBe(false)
        expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), approvals: ['p-deputy'], rev: 2 })
        expect((await store.audit('D1')).map((e) => e.action)).toEqual(['submit', 'approve'])
        expect(await store.auditBetween(T0, T0 + 10)).toHaveLength(2)
      })
    })

    describe('audit', () => {
      it('keeps every field of an entry', async () => {
        const full = entry('D1', 'approve', T0, { actor: 'p-director', version: 2, hash: 'ab12', detail: { stage: 1, note: '同意' } })
        await store.commit('drafts', draft('D1'), 0, [full])
        expect(await store.audit('D1')).toEqual([full])
      })

      it('returns one subject’s entries in commit order, several per commit included', async () => {
        await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit', T0), entry('D1', 'notify', T0)])
        await store.commit('drafts', draft('D2'), 0, [entry('D2', 'submit', T0 + 1)])
        await store.commit('drafts', draft('D1'), 1, [entry('D1', 'approve', T0 + 2), entry('D2', 'mentioned', T0 + 2)])
        expect((await store.audit('D1')).map((e) => e.action)).toEqual(['submit', 'notify', 'approve'])
        expect((await store.audit('D2')).map((e) => e.action)).toEqual(['submit', 'mentioned'])
        expect(await store.audit('D99')).toEqual([])
      })

      it('auditBetween returns from <= at < to, oldest first, same times in commit order', async () => {
        await store.commit('drafts', draft('D1'), 0, [entry('D1', 'late', T0 + 300)])
        await store.commit('drafts', draft('D2'), 0, [entry('D2', 'early', T0 + 100), entry('D2', 'early-too', T0 + 100)])
        await store.commit('drafts', draft('D3'), 0, [entry('D3', 'middle', T0 + 200), entry('D3', 'before', T0 + 99)])
        const actions = async (from: number, to: number) => (await store.auditBetween(from, to)).map((e) => e.action)
        expect(await actions(T0 + 100, T0 + 300)).toEqual(['early', 'early-too', 'middle'])
        expect(await actions(T0 + 100, T0 + 301)).toEqual(['early', 'early-too', 'middle', 'late'])
        expect(await actions(T0 + 301, T0 + 400)).toEqual([])
      })
    })

    describe('jobs', () => {
      it('schedule with an existing id replaces due time and payload and resets attempts', async () => {
        await store.schedule(job('remind:D1', T0 + 100, { round: 1 }))
        await store.claimDue(T0 + 100, LEASE, 10)
        await store.schedule(job('remind:D1', T0 + 500, { round: 2 }))
        expect(await store.pendingJobs()).toEqual([{ ...job('remind:D1', T0 + 500, { round: 2 }), attempts: 0 }])
        expect(await store.claimDue(T0 + 499, LEASE, 10)).toEqual([])
        expect(await store.claimDue(T0 + 500, LEASE, 10)).toEqual([{ ...job('remind:D1', T0 + 500, { round: 2 }), attempts: 1 }])
      })

      it('cancel removes a job for good and ignores unknown ids', async () => {
        await store.schedule(job('remind:D1', T0))
        await store.schedule(job('remind:D2', T0))
        await store.cancel('remind:D1')
        await store.cancel('never-scheduled')
        expect((await store.pendingJobs()).map((j) => j.id)).toEqual(['remind:D2'])
        expect((await store.claimDue(T0 + LEASE * 10, LEASE, 10)).map((j) => j.id)).toEqual(['remind:D2'])
      })

      it('claimDue returns only due jobs, soonest first, at most limit, each with attempts 1', async () => {
        await store.schedule(job('c', T0 + 300))
        await store.schedule(job('a', T0 + 100, { draft: 'D1' }))
        await store.schedule(job('b', T0 + 200))
        expect(await store.claimDue(T0 + 50, LEASE, 10)).toEqual([])
        expect(await store.claimDue(T0 + 200, LEASE, 1)).toEqual([{ ...job('a', T0 + 100, { draft: 'D1' }), attempts: 1 }])
        expect((await store.claimDue(T0 + 200, LEASE, 10)).map((j) => [j.id, j.attempts])).toEqual([['b', 1]])
      })

      it('a claimed job is leased: it comes back with attempts 2 only when the lease ends', async () => {
        await store.schedule(job('remind:D1', T0))
        await store.claimDue(T0 + 10, LEASE, 10)
        expect(await store.claimDue(T0 + 10 + LEASE - 1, LEASE, 10)).toEqual([])
        expect(await store.claimDue(T0 + 10 + LEASE, LEASE, 10)).toEqual([{ ...job('remind:D1', T0), attempts: 2 }])
      })

      it('concurrent claimers get disjoint jobs that together are every due job', async () => {
        const ids = Array.from({ length: 30 }, (_, i) => `job-${String(i).padStart(2, '0')}`)
        for (const id of ids) await store.schedule(job(id, T0))
        const batches = await Promise.all([1, 2, 3, 4].map(() => store.claimDue(T0, LEASE, 8)))
        const claimed = batches.flat().map((j) => j.id)
        expect(new Set(claimed).size).toBe(claimed.length)
        expect(claimed.sort()).toEqual(ids)
        expect(batches.flat().every((j) => j.attempts === 1)).toBe(true)
      })

      it('complete removes a claimed job for good', async () => {
        await store.schedule(job('remind:D1', T0))
        await store.claimDue(T0, LEASE, 10)
        await store.complete('remind:D1')
        expect(await store.pendingJobs()).toEqual([])
        expect(await store.claimDue(T0 + LEASE * 10, LEASE, 10)).toEqual([])
      })

      it('complete keeps a job its handler scheduled again after claiming it', async () => {
        await store.schedule(job('remind:D1', T0, { round: 1 }))
        await store.claimDue(T0, LEASE, 10)
        await store.schedule(job('remind:D1', T0 + 1000, { round: 2 }))
        await store.complete('remind:D1')
        expect(await store.pendingJobs()).toEqual([{ ...job('remind:D1', T0 + 1000, { round: 2 }), attempts: 0 }])
      })

      it('pendingJobs lists jobs not completed, soonest claimable first, leased ones included', async () => {
        await store.schedule(job('later', T0 + 5000))
        await store.schedule(job('leased', T0))
        await store.schedule(job('sooner', T0 + 1000))
        await store.claimDue(T0, LEASE, 1)
        const pending = await store.pendingJobs()
        expect(pending.map((j) => [j.id, j.attempts])).toEqual([
          ['sooner', 0],
          ['later', 0],
          ['leased', 1],
        ])
      })
    })

    describe('durability', () => {
      it('counters, documents, audit and jobs survive reopening', async () => {
        await store.nextSeq('draft')
        await store.nextSeq('draft')
        await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit', T0)])
        await store.commit('drafts', { ...draft('D1'), approvals: ['p-deputy'] }, 1, [entry('D1', 'approve', T0 + 1, { version: 1, hash: 'ab12' })])
        await store.schedule(job('leased', T0, { draft: 'D1' }))
        await store.schedule(job('waiting', T0 + 5000))
        await store.claimDue(T0, LEASE, 1)
        await store.schedule(job('done', T0))
        await store.claimDue(T0, LEASE, 1)
        await store.complete('done')

        store = await subject.reopen()

        expect(await store.nextSeq('draft')).toBe(3)
        expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), approvals: ['p-deputy'], rev: 2 })
        expect(await store.audit('D1')).toEqual([entry('D1', 'submit', T0), entry('D1', 'approve', T0 + 1, { version: 1, hash: 'ab12' })])
        expect((await store.auditBetween(T0, T0 + 2)).map((e) => e.action)).toEqual(['submit', 'approve'])
        expect(await store.pendingJobs()).toEqual([
          { ...job('waiting', T0 + 5000), attempts: 0 },
          { ...job('leased', T0, { draft: 'D1' }), attempts: 1 },
        ])
        expect(await store.claimDue(T0 + LEASE, LEASE, 10)).toEqual([
          { ...job('waiting', T0 + 5000), attempts: 1 },
          { ...job('leased', T0, { draft: 'D1' }), attempts: 2 },
        ])
        expect(await store.commit('drafts', draft('D1'), 1, [])).toBe(false)
      })
    })
  })
}
