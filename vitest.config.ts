import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // e2e tests start real Wechaty bots; two cores, so keep the pool small.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
  },
})
