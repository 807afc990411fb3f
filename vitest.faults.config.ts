import { defineConfig } from 'vitest/config'

/** npm run test:faults: kills, outages and races against real processes; slower than the README's test command. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1 } },
  },
})
