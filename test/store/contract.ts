/**
 * The contract every Store implementation passes (src/store/store.ts). Each implementation's test
 * file calls storeContract with a factory; `reopen` closes the store under test and opens a new
 * one on the same backing data (same file, same Redis prefix) — absent for the memory store,
 * which keeps nothing — and `cleanup` closes and deletes it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MARKED_AT, type AuditEntry, type Job, type NewJob, type Store, type StoredDoc } from '../../src/store/index.js'

export interface StoreUnderTest {
  store: Store
  reopen?: () => Promise<Store>
  cleanup: () => Promise<void>
}

interface DraftDoc extends StoredDoc {
  title: string
  approvals: string[]
}

/** A durable store under test: `open` opens it on the same backing data each time; `remove` deletes that data once it is closed. */
export async function reopenable(open: () => Promise<Store>, remove: () => Promise<void> = async () => {}): Promise<StoreUnderTest> {
  let current = await open()
  return {
    store: current,
    reopen: async () => {
      await current.close()
      return (current = await open())
    },
    cleanup: async () => {
      await current.close()
      await remove()
    },
  }
}

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0)
const LEASE = 60_000

function draft(id: string, title = `title of ${id}`): DraftDoc {
  return { id, rev: 0, title, approvals: [] }
}

function entry(subject: string, action: string, at = T0, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { at, actor: 'p-editor', action, subject, ...extra }
}

function job(id: string, dueAt: number, payload: Record<string, unknown> = {}, subject?: string): NewJob {
  return subject === undefined ? { id, dueAt, kind: 'reminder', payload } : { id, dueAt, kind: 'reminder', payload, subject }
}

const ids = (docs: StoredDoc[]) => docs.map((d) => d.id)

export function storeContract(name: string, make: () => Promise<StoreUnderTest>, { durable = true } = {}): void {
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

      it('listPage passes over the live documents of a collection page by page, each at least once', async () => {
        for (let i = 1; i <= 600; i++) await store.commit('drafts', draft(`D${i}`), 0, [], { closed: i })
        await store.commit('comments', draft('C1'), 0, [])
        expect(await store.archive('drafts', 'closed', 11, 10)).toBe(10)
        const seen = new Set<string>()
        let pages = 0
        let cursor = ''
        do {
          const page = await store.listPage<DraftDoc>('drafts', cursor, 50)
          for (const d of page.items) seen.add(d.id)
          if (pages === 0) {
            // changed and added meanwhile: the documents there all along still come
            await store.commit('drafts', draft('D600', 'changed'), 1, [])
            await store.commit('drafts', draft('D601'), 0, [])
          }
          cursor = page.next
          pages++
        } while (cursor !== '')
        seen.delete('D601')
        expect([...seen].sort()).toEqual(Array.from({ length: 590 }, (_, i) => `D${i + 11}`).sort())
        expect(pages).toBeGreaterThan(1)
        expect(await store.listPage('bindings', '', 50)).toEqual({ items: [], next: '' })
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

    describe('commit with its consequences (the transactional outbox)', () => {
      it('schedules, cancels and clears a subject’s jobs with the document, in that order', async () => {
        await store.schedule(job('D1:old', T0, {}, 'D1'))
        await store.schedule(job('D1:older', T0, {}, 'D1'))
        await store.schedule(job('other', T0 + 5))
        await store.schedule(job('C9:keep', T0 + 7, {}, 'C9'))
        const rev = await store.commit(
          'drafts',
          draft('D1'),
          0,
          [entry('D1', 'submit')],
          { open: 1 },
          {
            cancelSubjects: ['D1'],
            cancel: ['other', 'never-scheduled'],
            schedule: [
              job('D1:old', T0 + 9, { again: true }, 'D1'),
              { ...job('outbox:7', T0 + 3, { text: '请审核' }, 'outbox:room:g1'), kind: 'outbox' },
            ],
          },
        )
        expect(rev).toBe(1)
        expect((await store.pendingJobs()).map((j) => [j.id, j.dueAt, j.subject])).toEqual([
          ['outbox:7', T0 + 3, 'outbox:room:g1'],
          ['C9:keep', T0 + 7, 'C9'],
          ['D1:old', T0 + 9, 'D1'],
        ])
        expect(await store.job('D1:old')).toEqual({ ...job('D1:old', T0 + 9, { again: true }, 'D1'), attempts: 0 })
        expect(await store.jobsOfKind('outbox', 10)).toHaveLength(1)
      })

      it('a conflicting commit schedules and cancels nothing', async () => {
        await store.commit('drafts', draft('D1'), 0, [])
        await store.schedule(job('D1:timeout', T0, {}, 'D1'))
        expect(await store.commit('drafts', draft('D1'), 0, [], {}, { cancelSubjects: ['D1'], schedule: [job('D1:next', T0, {}, 'D1')] })).toBe(false)
        expect((await store.jobsOf('D1')).map((j) => j.id)).toEqual(['D1:timeout'])
      })

      it('creates its markers; a marker that exists makes the whole commit a conflict', async () => {
        const marker = { collection: 'commands', id: 'msg-1#1', at: T0 }
        expect(
          await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit')], {}, { markers: [marker], schedule: [job('D1:t', T0, {}, 'D1')] }),
        ).toBe(1)
        expect(await store.get('commands', 'msg-1#1')).toEqual({ id: 'msg-1#1', rev: 1, at: T0 })
        expect(ids(await store.findBy('commands', MARKED_AT))).toEqual(['msg-1#1'])
        // the same command again (a resend, or a time-out's check that claimed it first): nothing happens
        expect(await store.commit('drafts', draft('D1', 'again'), 1, [entry('D1', 'approve')], {}, { markers: [marker], cancel: ['D1:t'] })).toBe(
          false,
        )
        expect(await store.get<DraftDoc>('drafts', 'D1')).toMatchObject({ rev: 1, title: 'title of D1' })
        expect((await store.audit('D1')).map((e) => e.action)).toEqual(['submit'])
        expect((await store.jobsOf('D1')).map((j) => j.id)).toEqual(['D1:t'])
        // markers are purged like any document kept under a time
        expect(await store.purge('commands', MARKED_AT, T0 + 1, 10)).toBe(1)
        expect(await store.get('commands', 'msg-1#1')).toBeUndefined()
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

      it('jobsPage passes over every job not completed page by page, each at least once', async () => {
        for (let i = 1; i <= 300; i++) {
          const kind = i % 3 === 0 ? 'outbox' : 'reminder'
          await store.schedule({ ...job(`j${i}`, T0 + i, { n: i }, i % 2 ? `S${i % 7}` : undefined), kind })
        }
        await store.claimDue(T0 + 20, LEASE, 20)
        await store.complete('j1')
        const seen = new Map<string, Job>()
        let pages = 0
        let cursor = ''
        do {
          const page = await store.jobsPage(cursor, 50)
          for (const j of page.items) seen.set(j.id, j)
          cursor = page.next
          pages++
        } while (cursor !== '')
        const byId = (a: Job, b: Job) => (a.id < b.id ? -1 : 1)
        expect([...seen.values()].sort(byId)).toEqual((await store.pendingJobs()).sort(byId))
        expect(seen.size).toBe(299)
        expect(pages).toBeGreaterThan(1)
        // a pass resumed from a cursor already read (after a crash) reads that page again
        const first = await store.jobsPage('', 50)
        const second = await store.jobsPage(first.next, 50)
        expect(await store.jobsPage(first.next, 50)).toEqual(second)
      })
    })

    describe('jobs by kind', () => {
      it('jobsOfKind returns up to limit jobs of one kind, soonest claimable first, leased ones included', async () => {
        await store.schedule({ ...job('o3', T0 + 300, { seq: 3 }, 'room:a'), kind: 'outbox' })
        await store.schedule({ ...job('o1', T0 + 100, { seq: 1 }, 'room:b'), kind: 'outbox' })
        await store.schedule({ ...job('o2', T0 + 200, { seq: 2 }), kind: 'outbox' })
        await store.schedule(job('r1', T0))
        await store.claimDue(T0 + 100, LEASE, 2)
        expect(await store.jobsOfKind('outbox', 2)).toEqual([
          { ...job('o2', T0 + 200, { seq: 2 }), kind: 'outbox', attempts: 0 },
          { ...job('o3', T0 + 300, { seq: 3 }, 'room:a'), kind: 'outbox', attempts: 0 },
        ])
        expect((await store.jobsOfKind('outbox', 10)).map((j) => [j.id, j.attempts])).toEqual([
          ['o2', 0],
          ['o3', 0],
          ['o1', 1],
        ])
        expect((await store.jobsOfKind('reminder', 10)).map((j) => j.id)).toEqual(['r1'])
        expect(await store.jobsOfKind('outbox', 0)).toEqual([])
        expect(await store.jobsOfKind('never', 10)).toEqual([])
      })

      it('claimDue takes the soonest jobs across kinds, equal times in id order', async () => {
        await store.schedule({ ...job('b', T0 + 1), kind: 'outbox' })
        await store.schedule(job('c', T0 + 1))
        await store.schedule({ ...job('a', T0 + 1), kind: 'stage-timeout' })
        await store.schedule(job('z', T0))
        await store.schedule({ ...job('y', T0 + 2), kind: 'outbox' })
        expect((await store.claimDue(T0 + 5, LEASE, 3)).map((j) => [j.id, j.kind])).toEqual([
          ['z', 'reminder'],
          ['a', 'stage-timeout'],
          ['b', 'outbox'],
        ])
        expect((await store.claimDue(T0 + 5, LEASE, 3)).map((j) => j.id)).toEqual(['c', 'y'])
      })

      it('a job scheduled again under another kind moves to it', async () => {
        await store.schedule(job('x', T0))
        await store.schedule({ ...job('x', T0 + 1), kind: 'outbox' })
        expect(await store.jobsOfKind('reminder', 10)).toEqual([])
        expect((await store.jobsOfKind('outbox', 10)).map((j) => j.id)).toEqual(['x'])
        await store.cancel('x')
        expect(await store.jobsOfKind('outbox', 10)).toEqual([])
      })
    })

    describe('index terms', () => {
      /** Creates one document per id, indexed under `term` with its score. */
      async function indexed(collection: string, term: string, scores: Record<string, number>): Promise<void> {
        for (const [id, score] of Object.entries(scores)) await store.commit(collection, draft(id), 0, [], { [term]: score })
      }

      it('findBy returns a term’s documents by score, equal scores in plain id order (what a page can be cut by), with their content', async () => {
        await store.commit('drafts', draft('D10'), 0, [], { open: 5, 'group:g1': 0 })
        await store.commit('drafts', draft('D2'), 0, [], { open: 5 })
        await store.commit('drafts', draft('D3'), 0, [], { open: 1, 'group:g2': 0 })
        await store.commit('drafts', draft('D4'), 0, [])
        await store.commit('comments', draft('C1'), 0, [], { open: 0 })
        expect(await store.findBy<DraftDoc>('drafts', 'open')).toEqual([
          { ...draft('D3'), rev: 1 },
          { ...draft('D10'), rev: 1 },
          { ...draft('D2'), rev: 1 },
        ])
        expect(ids(await store.findBy('drafts', 'group:g1'))).toEqual(['D10'])
        expect(ids(await store.findBy('comments', 'open'))).toEqual(['C1'])
        expect(await store.findBy('drafts', 'never-used')).toEqual([])
      })

      it('findBy pages through equal scores in the order of one whole read, either way', async () => {
        for (let i = 1; i <= 12; i++) await store.commit('drafts', draft(`D${i}`), 0, [], { created: i === 7 ? 1 : 5 })
        for (const reverse of [false, true]) {
          const whole = ids(await store.findBy('drafts', 'created', { reverse }))
          const pages: string[] = []
          for (let offset = 0; offset < 12; offset += 5) pages.push(...ids(await store.findBy('drafts', 'created', { reverse, offset, limit: 5 })))
          expect(pages).toEqual(whole)
          expect(whole[reverse ? 11 : 0]).toBe('D7')
        }
      })

      it('a commit replaces the document’s terms; one without terms takes it out of every index', async () => {
        await store.commit('drafts', draft('D1'), 0, [], { open: 1, 'approver:p-a': 1 })
        await store.commit('drafts', draft('D1'), 1, [], { open: 2, 'approver:p-b': 2 })
        expect(ids(await store.findBy('drafts', 'approver:p-a'))).toEqual([])
        expect(ids(await store.findBy('drafts', 'approver:p-b'))).toEqual(['D1'])
        expect(await store.findBy('drafts', 'open')).toEqual([{ ...draft('D1'), rev: 2 }])
        await store.commit('drafts', draft('D1'), 2, [])
        expect(await store.findBy('drafts', 'open')).toEqual([])
        expect(await store.findBy('drafts', 'approver:p-b')).toEqual([])
      })

      it('a conflicting commit leaves the terms as they were', async () => {
        await store.commit('drafts', draft('D1'), 0, [], { open: 1 })
        expect(await store.commit('drafts', draft('D1'), 0, [], { closed: 1 })).toBe(false)
        expect(ids(await store.findBy('drafts', 'open'))).toEqual(['D1'])
        expect(await store.findBy('drafts', 'closed')).toEqual([])
      })

      it('findBy takes a score range, bounds included, and a limit', async () => {
        await indexed('comments', 'open', { C1: T0 + 300, C2: T0 + 100, C3: T0 + 200, C4: T0 + 400 })
        expect(ids(await store.findBy('comments', 'open', { min: T0 + 100, max: T0 + 300 }))).toEqual(['C2', 'C3', 'C1'])
        expect(ids(await store.findBy('comments', 'open', { max: T0 + 250 }))).toEqual(['C2', 'C3'])
        expect(ids(await store.findBy('comments', 'open', { min: T0 + 250 }))).toEqual(['C1', 'C4'])
        expect(ids(await store.findBy('comments', 'open', { limit: 2 }))).toEqual(['C2', 'C3'])
        expect(await store.findBy('comments', 'open', { limit: 0 })).toEqual([])
      })

      it('findBy pages newest first with reverse, offset and limit; count counts a range without reading it', async () => {
        await indexed('drafts', 'created', { D1: T0 + 100, D2: T0 + 300, D3: T0 + 200, D4: T0 + 300, D5: T0 + 400 })
        expect(ids(await store.findBy('drafts', 'created', { reverse: true }))).toEqual(['D5', 'D4', 'D2', 'D3', 'D1'])
        expect(ids(await store.findBy('drafts', 'created', { reverse: true, limit: 2, offset: 1 }))).toEqual(['D4', 'D2'])
        expect(ids(await store.findBy('drafts', 'created', { reverse: true, max: T0 + 300, min: T0 + 200 }))).toEqual(['D4', 'D2', 'D3'])
        expect(ids(await store.findBy('drafts', 'created', { offset: 3 }))).toEqual(['D4', 'D5'])
        expect(await store.findBy('drafts', 'created', { offset: 9, limit: 2 })).toEqual([])
        expect(await store.count('drafts', 'created')).toBe(5)
        expect(await store.count('drafts', 'created', { min: T0 + 200, max: T0 + 300 })).toBe(3)
        expect(await store.count('drafts', 'never-used')).toBe(0)
      })

      it('terms with odd characters are plain strings', async () => {
        await store.commit('drafts', draft('D1'), 0, [], { 'group:room@chat:42 {x}': 0, ['__proto__']: 3 })
        expect(ids(await store.findBy('drafts', 'group:room@chat:42 {x}'))).toEqual(['D1'])
        expect(ids(await store.findBy('drafts', '__proto__'))).toEqual(['D1'])
      })
    })

    describe('archive', () => {
      it('moves documents closed before a time out of the live set; get still reads them, with their audit', async () => {
        await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit')], { closed: T0 + 100 })
        await store.commit('drafts', draft('D2'), 0, [], { closed: T0 + 200 })
        await store.commit('drafts', draft('D3'), 0, [], { closed: T0 + 300, 'group:g1': 0 })
        await store.commit('drafts', draft('D4'), 0, [], { open: 1 })
        expect(await store.archive('drafts', 'closed', T0 + 300, 10)).toBe(2)
        expect(ids(await store.list('drafts'))).toEqual(['D3', 'D4'])
        expect(ids(await store.findBy('drafts', 'closed'))).toEqual(['D3'])
        expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), rev: 1 })
        expect((await store.audit('D1')).map((e) => e.action)).toEqual(['submit'])
        expect(await store.archive('drafts', 'closed', T0 + 300, 10)).toBe(0)
      })

      it('takes at most limit documents, oldest first, and leaves other terms’ documents alone', async () => {
        for (let i = 1; i <= 5; i++) await store.commit('comments', draft(`C${i}`), 0, [], { closed: T0 + i })
        await store.commit('comments', draft('C9'), 0, [], { open: T0 })
        expect(await store.archive('comments', 'closed', T0 + 100, 2)).toBe(2)
        expect(ids(await store.list('comments'))).toEqual(['C3', 'C4', 'C5', 'C9'])
        expect(await store.archive('comments', 'closed', T0 + 100, 0)).toBe(0)
        expect(await store.archive('comments', 'closed', T0 + 100, 10)).toBe(3)
        expect(ids(await store.list('comments'))).toEqual(['C9'])
        expect(await store.get('comments', 'C5')).toEqual({ ...draft('C5'), rev: 1 })
      })

      it('archived documents keep the terms asked for: findBy and count still find them there, and only there', async () => {
        await store.commit('drafts', draft('D1'), 0, [], { closed: T0 + 1, created: T0, 'account:a': T0, 'status:approved': T0 })
        await store.commit('drafts', draft('D2'), 0, [], { created: T0 + 5, 'account:a': T0 + 5, open: 1 })
        expect(await store.archive('drafts', 'closed', T0 + 100, 10, ['created', 'account:', 'closed'])).toBe(1)
        expect(ids(await store.list('drafts'))).toEqual(['D2'])
        expect(await store.findBy('drafts', 'account:a')).toEqual([
          { ...draft('D1'), rev: 1 },
          { ...draft('D2'), rev: 1 },
        ])
        expect(ids(await store.findBy('drafts', 'created', { reverse: true }))).toEqual(['D2', 'D1'])
        expect(await store.count('drafts', 'created')).toBe(2)
        // the archiving term is never kept (nothing is archived twice), nor terms not asked for
        expect(await store.findBy('drafts', 'closed')).toEqual([])
        expect(await store.count('drafts', 'status:approved')).toBe(0)
        expect(await store.archive('drafts', 'closed', T0 + 100, 10, ['created'])).toBe(0)
      })
    })

    describe('purge', () => {
      it('deletes documents scored below a time under a term, with all their terms, at most limit, oldest first', async () => {
        for (let i = 1; i <= 4; i++) await store.commit('outbox-marks', draft(`M${i}`), 0, [entry(`M${i}`, 'marked')], { marked: T0 + i, other: i })
        expect(await store.purge('outbox-marks', 'marked', T0 + 4, 2)).toBe(2)
        expect(ids(await store.list('outbox-marks'))).toEqual(['M3', 'M4'])
        expect(await store.get('outbox-marks', 'M1')).toBeUndefined()
        expect(ids(await store.findBy('outbox-marks', 'other'))).toEqual(['M3', 'M4'])
        expect(await store.purge('outbox-marks', 'marked', T0 + 4, 0)).toBe(0)
        expect(await store.purge('outbox-marks', 'marked', T0 + 4, 10)).toBe(1)
        expect(ids(await store.findBy('outbox-marks', 'marked'))).toEqual(['M4'])
        expect((await store.audit('M1')).map((e) => e.action)).toEqual(['marked'])
      })
    })

    describe('jobs by subject', () => {
      it('a subject with thousands of jobs (an outbox during a long outage): each found, claimed, completed and cancelled', async () => {
        const text = '您好，请在今天下班前处理这条留言。'.repeat(3)
        for (let i = 0; i < 1500; i++) await store.schedule({ ...job(`o${i}`, T0 + i, { text, seq: i }, 'room:a'), kind: 'outbox' })
        await store.schedule(job('room:a:other', T0 + 5000, {}, 'room:a'))
        expect((await store.jobsOf('room:a')).length).toBe(1501)
        const claimed = await store.claimDue(T0 + 999, LEASE, 1000)
        expect(claimed.map((j) => j.payload.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
        for (const j of claimed) await store.complete(j.id)
        const left = await store.jobsOf('room:a')
        expect(left.map((j) => j.id)).toEqual([...Array.from({ length: 500 }, (_, i) => `o${i + 1000}`), 'room:a:other'])
        expect(left[0]).toEqual({ ...job('o1000', T0 + 1000, { text, seq: 1000 }, 'room:a'), kind: 'outbox', attempts: 0 })
        await store.schedule({ ...job('o1200', T0 + 1, { text }, 'room:a'), kind: 'outbox' })
        expect((await store.jobsOf('room:a'))[0]!.id).toBe('o1200')
        expect(await store.job('o1499')).toEqual({ ...job('o1499', T0 + 1499, { text, seq: 1499 }, 'room:a'), kind: 'outbox', attempts: 0 })
        expect(await store.job('o999')).toBeUndefined()
        expect(await store.cancelSubject('room:a')).toBe(501)
        expect(await store.jobsOf('room:a')).toEqual([])
        expect(await store.pendingJobs()).toEqual([])
      })

      it('jobsOf returns one subject’s jobs, soonest first, with their subject', async () => {
        await store.schedule(job('C1:late', T0 + 300, {}, 'C1'))
        await store.schedule(job('C1:soon', T0 + 100, { n: 1 }, 'C1'))
        await store.schedule(job('C2:soon', T0 + 100, {}, 'C2'))
        await store.schedule(job('plain', T0))
        expect(await store.jobsOf('C1')).toEqual([
          { ...job('C1:soon', T0 + 100, { n: 1 }, 'C1'), attempts: 0 },
          { ...job('C1:late', T0 + 300, {}, 'C1'), attempts: 0 },
        ])
        expect(await store.jobsOf('C9')).toEqual([])
      })

      it('job reads one job by id, claimed or not, with or without a subject, until it is completed or cancelled', async () => {
        await store.schedule(job('C1:a', T0, { n: 1 }, 'C1'))
        await store.schedule(job('other-C1', T0 + 100, { n: 2 }, 'C1'))
        await store.schedule({ ...job('plain', T0 + 200, { n: 3 }), kind: 'other' })
        expect(await store.job('other-C1')).toEqual({ ...job('other-C1', T0 + 100, { n: 2 }, 'C1'), attempts: 0 })
        expect(await store.job('plain')).toEqual({ ...job('plain', T0 + 200, { n: 3 }), kind: 'other', attempts: 0 })
        expect(await store.job('C1:b')).toBeUndefined()
        await store.claimDue(T0, LEASE, 1)
        expect(await store.job('C1:a')).toEqual({ ...job('C1:a', T0, { n: 1 }, 'C1'), attempts: 1 })
        await store.complete('C1:a')
        await store.cancel('plain')
        expect(await store.job('C1:a')).toBeUndefined()
        expect(await store.job('plain')).toBeUndefined()
        expect((await store.job('other-C1'))?.payload).toEqual({ n: 2 })
      })

      it('cancelSubject removes that subject’s jobs, claimed ones included, and no other', async () => {
        await store.schedule(job('C1:a', T0, {}, 'C1'))
        await store.schedule(job('C1:b', T0 + 500, {}, 'C1'))
        await store.schedule(job('C2:a', T0, {}, 'C2'))
        await store.claimDue(T0, LEASE, 1)
        expect(await store.cancelSubject('C1')).toBe(2)
        expect(await store.cancelSubject('C1')).toBe(0)
        expect(await store.jobsOf('C1')).toEqual([])
        expect((await store.pendingJobs()).map((j) => j.id)).toEqual(['C2:a'])
        expect((await store.claimDue(T0 + LEASE * 10, LEASE, 10)).map((j) => j.id)).toEqual(['C2:a'])
      })

      it('a job scheduled again under another subject, cancelled or completed leaves its subject', async () => {
        await store.schedule(job('x', T0, {}, 'C1'))
        await store.schedule(job('x', T0, {}, 'C2'))
        expect(await store.jobsOf('C1')).toEqual([])
        expect((await store.jobsOf('C2')).map((j) => j.id)).toEqual(['x'])
        await store.schedule(job('y', T0, {}, 'C2'))
        await store.cancel('y')
        await store.claimDue(T0, LEASE, 10)
        await store.complete('x')
        expect(await store.jobsOf('C2')).toEqual([])
        expect(await store.cancelSubject('C1')).toBe(0)
      })

      it('keeps each job of a subject whole when others of it come and go', async () => {
        // the subject and the due time inside the payload too, alone and within other text
        const payload = {
          subject: 'C1',
          text: `回复 C1:x 于 ${T0 + 5}${T0} 前，C1C1`,
          at: T0 + 5,
          n: [T0, 'C1', 0.5],
          nested: { zh: '三审', empty: '' },
        }
        await store.schedule(job('C1:a', T0, payload, 'C1'))
        await store.schedule(job('C1:b', T0 + 1, { b: 1 }, 'C1'))
        await store.schedule(job('other-C1', T0 + 2, { c: 'C1' }, 'C1'))
        await store.schedule(job('C1', T0 + 3, {}))
        await store.schedule({ ...job('C1:b', T0 + 4, { b: 2 }, 'C1'), kind: 'other' })
        await store.cancel('C1:a')
        await store.schedule(job('C1:a', T0 + 5, payload, 'C1'))
        expect(await store.jobsOf('C1')).toEqual([
          { ...job('other-C1', T0 + 2, { c: 'C1' }, 'C1'), attempts: 0 },
          { ...job('C1:b', T0 + 4, { b: 2 }, 'C1'), kind: 'other', attempts: 0 },
          { ...job('C1:a', T0 + 5, payload, 'C1'), attempts: 0 },
        ])
        expect((await store.pendingJobs()).map((j) => j.id)).toEqual(['other-C1', 'C1', 'C1:b', 'C1:a'])
        expect((await store.claimDue(T0 + 3, LEASE, 10)).map((j) => [j.id, j.subject])).toEqual([
          ['other-C1', 'C1'],
          ['C1', undefined],
        ])
      })

      it('claimDue takes a large batch at once; pendingJobs reads more than a page', async () => {
        for (let i = 0; i < 1200; i++) await store.schedule(job(`j${String(i).padStart(4, '0')}`, T0 + i, {}, `S${i % 7}`))
        const pending = await store.pendingJobs()
        expect([pending.length, pending[0]!.id, pending.at(-1)!.id]).toEqual([1200, 'j0000', 'j1199'])
        const first = await store.claimDue(T0 + 5000, LEASE, 1000)
        expect(first).toHaveLength(1000)
        expect(first[0]!.id).toBe('j0000')
        expect((await store.claimDue(T0 + 5000, LEASE, 1000)).map((j) => j.id)).toHaveLength(200)
      })
    })

    if (durable)
      describe('durability', () => {
        it('counters, documents, audit and jobs survive reopening', async () => {
          await store.nextSeq('draft')
          await store.nextSeq('draft')
          await store.commit('drafts', draft('D1'), 0, [entry('D1', 'submit', T0)])
          await store.commit(
            'drafts',
            { ...draft('D1'), approvals: ['p-deputy'] },
            1,
            [entry('D1', 'approve', T0 + 1, { version: 1, hash: 'ab12' })],
            { open: 1 },
          )
          await store.schedule(job('leased', T0, { draft: 'D1' }))
          await store.schedule(job('C1:x', T0 + 9000, {}, 'C1'))
          await store.schedule(job('waiting', T0 + 5000))
          await store.claimDue(T0, LEASE, 1)
          await store.schedule(job('done', T0))
          await store.claimDue(T0, LEASE, 1)
          await store.complete('done')

          store = await subject.reopen!()

          expect(await store.nextSeq('draft')).toBe(3)
          expect(await store.get('drafts', 'D1')).toEqual({ ...draft('D1'), approvals: ['p-deputy'], rev: 2 })
          expect(await store.audit('D1')).toEqual([entry('D1', 'submit', T0), entry('D1', 'approve', T0 + 1, { version: 1, hash: 'ab12' })])
          expect((await store.auditBetween(T0, T0 + 2)).map((e) => e.action)).toEqual(['submit', 'approve'])
          expect(ids(await store.findBy('drafts', 'open'))).toEqual(['D1'])
          expect(await store.jobsOf('C1')).toEqual([{ ...job('C1:x', T0 + 9000, {}, 'C1'), attempts: 0 }])
          expect(await store.cancelSubject('C1')).toBe(1)
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
