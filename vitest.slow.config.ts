import { defineConfig } from 'vitest/config'

/**
 * npm run test:slow: what starts real processes — `npm start` itself (each preset, each chat
 * platform, each start-up failure) and the fault suite (kills, outages, locks, races against its
 * own redis-servers). Slower than the README's test command; .ci/run runs both.
 */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts', 'test/faults/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // one file at a time: the fault tests time kills and stalls against real processes, and two at once on
    // 2 cores made their timing, not the product, the thing tested
    poolOptions: { forks: { maxForks: 1 } },
  },
})
