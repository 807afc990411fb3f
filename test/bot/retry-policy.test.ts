import { afterEach, describe, expect, it } from 'vitest'
import { sweep } from '../../src/bot/sweep.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { backoff, MAX_ATTEMPTS, PermanentFailure } from '../../src/retry.js'
import { createMemoryStore } from '../../src/store/index.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup | undefined
afterEach(async () => g?.stop())

/** The one retry policy (src/retry.ts): one back-off, one attempts limit, and an error that ends a job at once. */
describe('the retry policy', () => {
  it('backs off exponentially from the first delay to the ceiling', () => {
    expect([1, 2, 3, 4, 9].map((n) => backoff(n, { firstMs: 5_000, maxMs: 60_000 }))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000])
    expect(backoff(0, { firstMs: 1_000, maxMs: 30_000 })).toBe(1_000)
  })

  it('a failing job is run MAX_ATTEMPTS times, one that fails for good only once; neither comes back after', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    g = await simGroup(config, { store, clock })
    const runs = { flaky: 0, refused: 0 }
    const handlers = {
      flaky: async () => {
        runs.flaky++
        throw new Error('the platform did not answer')
      },
      refused: async () => {
        runs.refused++
        throw new PermanentFailure('the platform refuses this for good')
      },
    }
    await store.schedule({ id: 'flaky:1', dueAt: clock.now(), kind: 'flaky', payload: {}, subject: 'X1' })
    await store.schedule({ id: 'refused:1', dueAt: clock.now(), kind: 'refused', payload: {}, subject: 'X2' })
    for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
      await sweep(g.bot().deps, handlers, 1_000)
      clock.advance(2_000) // past the lease: a failed job is claimed again
    }
    expect(runs).toEqual({ flaky: MAX_ATTEMPTS, refused: 1 })
    expect(await store.jobsOf('X1')).toEqual([])
    expect(await store.jobsOf('X2')).toEqual([])
  })
})
