import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // What starts real processes (npm start, the fault suite) has its own command: npm run test:slow.
    exclude: ['test/slow/**', 'test/faults/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // e2e tests start real Wechaty bots; two cores, so keep the pool small.
    pool: 'forks',
    // Modules (Wechaty, the checker's tables) are loaded once per worker, not once per file: each
    // test builds its own bot, store and clock, so nothing is shared between files but code.
    poolOptions: { forks: { maxForks: 2, isolate: false } },
  },
})
