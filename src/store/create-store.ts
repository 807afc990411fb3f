import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { createFileStore } from './file-store.js'
import { createRedisStore } from './redis-store.js'
import type { Store } from './store.js'

export const DEFAULT_DATA_FILE = 'data/sanshen.json'

/**
 * The store an operator configured: Redis when REDIS_URL is set (production, several instances),
 * otherwise the embedded file store at SANSHEN_DATA (default data/sanshen.json).
 */
export async function createStoreFromEnv(env: NodeJS.ProcessEnv = process.env, o: { onConnectionError?: (err: Error) => void } = {}): Promise<Store> {
  if (env.REDIS_URL) return createRedisStore({ url: env.REDIS_URL, ...(o.onConnectionError ? { onConnectionError: o.onConnectionError } : {}) })
  const path = resolve(env.SANSHEN_DATA || DEFAULT_DATA_FILE)
  await mkdir(dirname(path), { recursive: true })
  return createFileStore(path)
}
