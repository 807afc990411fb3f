import { describe, expect, it } from 'vitest'
import { ensureIndexed, term, termsOf } from '../../src/bot/index-terms.js'
import { createMemoryStore, type Store, type StoredDoc } from '../../src/store/index.js'

const draft = (id: string, status: string, createdAt: number) => ({
  id,
  rev: 0,
  status,
  createdAt,
  updatedAt: createdAt + 1,
  group: 'g1',
  account: 'wechat',
  submitter: { contactId: 'c1', name: '甲', person: 'p-jia' },
  approvals: [{ person: 'p-boss' }],
  remarks: [],
})

/** the terms every draft has, for the history and the reports */
const always = (status: string, at: number) => ({
  [term.created]: at,
  [term.account('wechat')]: at,
  [term.status(status as 'pending')]: at,
  [term.person('p-jia')]: at,
  [term.person('甲')]: at,
  [term.person('p-boss')]: at,
})

describe('index terms', () => {
  it('index pending drafts by group and open ones by submitter; closed ones as closed; all for the history', () => {
    expect(termsOf('drafts', draft('D1', 'pending', 5))).toEqual({
      ...always('pending', 5),
      [term.pending]: 5,
      [term.pendingIn('g1')]: 5,
      [term.openBy('c1')]: 5,
      [term.reviewedIn('wechat')]: 6,
    })
    expect(termsOf('drafts', draft('D1', 'rejected', 5))).toEqual({ ...always('rejected', 5), [term.openBy('c1')]: 5 })
    expect(termsOf('drafts', draft('D1', 'approved', 5))).toEqual({ ...always('approved', 5), [term.closed]: 6, [term.reviewedIn('wechat')]: 6 })
    expect(termsOf('leaves', { id: 'p', rev: 1, until: 9 } as StoredDoc)).toEqual({ [term.until]: 9 })
    expect(termsOf('bindings', { id: 'p', rev: 1 })).toEqual({})
  })

  it('ensureIndexed gives documents and jobs stored without terms their terms, once', async () => {
    const store = createMemoryStore()
    await store.commit('drafts', draft('D1', 'pending', 5), 0, [])
    await store.commit('drafts', draft('D2', 'approved', 6), 0, [])
    await store.schedule({ id: 'C1:reply:remind', dueAt: 10, kind: 'deadline-reminder', payload: { subject: 'C1' } })
    await store.schedule({ id: 'stage-timeout:D1:v1:s0', dueAt: 20, kind: 'stage-timeout', payload: { draft: 'D1', stage: 0, version: 1 } })
    await store.schedule({
      id: 'stage-timeout:D2:v1:s1',
      dueAt: 30,
      kind: 'stage-timeout',
      payload: { draft: 'D2', stage: 1, version: 1 },
      subject: 'D2',
    })
    await store.schedule({ id: 'outbox:000000000001', dueAt: 5, kind: 'outbox', payload: { to: 'room:g1', text: '好' } })
    await store.claimDue(5, 60_000, 1) // a claimed entry is given its subject too
    await ensureIndexed(store)
    expect((await store.findBy('drafts', term.pending)).map((d) => d.id)).toEqual(['D1'])
    expect((await store.jobsOf('C1')).map((j) => j.id)).toEqual(['C1:reply:remind'])
    // stage time-outs under the id the bot gives them now, starting with their draft
    expect((await store.jobsOf('D1')).map((j) => j.id)).toEqual(['D1:stage-timeout:v1:s0'])
    expect((await store.jobsOf('D2')).map((j) => [j.id, j.dueAt, j.payload])).toEqual([
      ['D2:stage-timeout:v1:s1', 30, { draft: 'D2', stage: 1, version: 1 }],
    ])
    expect((await store.pendingJobs()).filter((j) => j.id.startsWith('stage-timeout:'))).toEqual([])
    expect((await store.jobsOf('outbox:room:g1')).map((j) => [j.id, j.payload.text])).toEqual([['outbox:000000000001', '好']])
    const rev = (await store.get('drafts', 'D1'))!.rev
    await ensureIndexed(store)
    expect((await store.get('drafts', 'D1'))!.rev).toBe(rev)
  })

  /** A province's store after an INDEX_VERSION bump: drafts without terms, jobs without subjects. */
  async function unindexed(drafts: number, jobs: number): Promise<Store> {
    const store = createMemoryStore()
    for (let i = 1; i <= drafts; i++) await store.commit('drafts', draft(`D${i}`, i % 2 ? 'pending' : 'approved', i), 0, [])
    for (let i = 1; i <= jobs; i++)
      await store.schedule({ id: `stage-timeout:D${i}:v1:s0`, dueAt: i, kind: 'stage-timeout', payload: { draft: `D${i}`, stage: 0, version: 1 } })
    return store
  }

  /** `store` that refuses to read a whole collection or every job, and may die after some commits. */
  function paged(store: Store, commitsBeforeDying = Infinity): Store & { commits: number } {
    const counted = Object.assign(Object.create(null) as object, store, {
      commits: 0,
      list: () => Promise.reject(new Error('list reads the whole collection')),
      pendingJobs: () => Promise.reject(new Error('pendingJobs reads every job')),
      commit: (...args: Parameters<Store['commit']>) => {
        if (counted.commits++ >= commitsBeforeDying) return Promise.reject(new Error('killed'))
        return store.commit(...args)
      },
    }) as Store & { commits: number }
    return counted
  }

  it('ensureIndexed goes page by page, logs its progress and, killed midway, resumes where it got', async () => {
    const store = await unindexed(1200, 700)
    const logged: unknown[] = []
    const log = { info: (data: object, msg: string) => logged.push([msg, data]) }
    await expect(ensureIndexed(paged(store, 700), log, 100)).rejects.toThrow('killed')
    const resumed = paged(store)
    await ensureIndexed(resumed, log, 100)
    // the 600 or so drafts before the kill are not gone over again (page commits of progress aside)
    expect(resumed.commits).toBeLessThan(700)
    expect(await store.count('drafts', term.pending)).toBe(600)
    expect(await store.count('drafts', term.created)).toBe(1200)
    expect((await store.jobsOf('D700')).map((j) => j.id)).toEqual(['D700:stage-timeout:v1:s0'])
    expect((await store.pendingJobs()).filter((j) => j.id.startsWith('stage-timeout:'))).toEqual([])
    expect(logged.length).toBeGreaterThan(2)
    const again = paged(store)
    await ensureIndexed(again, log, 100)
    expect(again.commits).toBe(0)
  })

  it('two instances starting at once both finish, and index everything once over', async () => {
    const store = await unindexed(500, 300)
    await Promise.all([ensureIndexed(paged(store), undefined, 50), ensureIndexed(paged(store), undefined, 70)])
    expect(await store.count('drafts', term.created)).toBe(500)
    expect((await store.pendingJobs()).map((j) => j.subject).filter((s) => s === undefined)).toEqual([])
    expect(((await store.get('meta', 'index-terms')) as unknown as { version: number; pass?: unknown }).pass).toBeUndefined()
  })
})
