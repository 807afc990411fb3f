/**
 * `npm run verify-record -- D12 3F2A-91BC-0D4E-77A1` (in the image:
 * `node dist/src/ops/verify-record-cli.js D12 …`): whether a printed 审签单 still matches the store
 * the environment names (REDIS_URL, else SANSHEN_DATA), as the dashboard's 核验审签单 does.
 * Exit code 0 when it matches, 1 when it does not or the check could not run (one sentence).
 */
import { verifySignSheet } from '../bot/drafts/verify-sign-sheet.js'
import { readEnv } from '../config/env.js'
import { loadConfig } from '../config/load.js'
import { createStoreFromEnv } from '../store/create-store.js'

const USAGE = 'usage: npm run verify-record -- <draft id, e.g. D12> <checksum printed on the 审签单>'

async function main(): Promise<boolean> {
  const [id, ...code] = process.argv.slice(2)
  if (!id || code.length === 0 || !/^D\d+$/i.test(id)) throw new Error(USAGE)
  const env = readEnv(process.env)
  const config = loadConfig(env.SANSHEN_CONFIG ?? 'config/sanshen.yaml')
  const store = await createStoreFromEnv(env)
  try {
    const result = await verifySignSheet(config, store, id, code.join(''))
    console.log(result.text)
    return result.ok
  } finally {
    await store.close()
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error(`sanshen verify-record failed: ${(err as Error).message}`)
    process.exit(1)
  },
)
