import type { Env } from '../config/env.js'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { withArchiveFiles } from './archive-files.js'
import { createMemoryStore } from './memory-store.js'
import { createRedisStore, type RedisStoreOptions } from './redis-store.js'
import { createSqliteStore } from './sqlite-store.js'
import type { Store } from './store.js'

export const DEFAULT_DATA_FILE = 'data/sanshen.db'

/**
 * Where the embedded store lives for a SANSHEN_DATA value, and the former JSON snapshot to migrate.
 * A `.json` value (what SANSHEN_DATA named before SQLite) means the database beside it with a
 * `.db` extension, so existing deployments keep their setting; any other value is the database
 * itself and its legacy snapshot is the same name with `.json`.
 */
export function embeddedPaths(setting: string | undefined): { db: string; legacyJson: string } {
  const path = resolve(setting || DEFAULT_DATA_FILE)
  const base = extname(path) ? path.slice(0, -extname(path).length) : path
  return extname(path) === '.json' ? { db: `${base}.db`, legacyJson: path } : { db: path, legacyJson: `${base}.json` }
}

/**
 * The embedded store at `path` (SQLite, migrating a JSON snapshot found under the legacy name), or
 * a memory-only store for `null`. Kept under this name for the public API of sanshen 0.1.
 */
export async function createFileStore(path: string | null): Promise<Store> {
  if (path === null) return createMemoryStore()
  const paths = embeddedPaths(path)
  await mkdir(dirname(paths.db), { recursive: true })
  return createSqliteStore(paths.db, { migrateFrom: paths.legacyJson })
}

/**
 * The store an operator configured: a Redis Cluster when REDIS_CLUSTER_NODES lists its seed nodes
 * (`host:port,host:port`, password as `:password@host:port,…`), Redis when REDIS_URL is set
 * (several instances; keys under SANSHEN_REDIS_PREFIX, default "sanshen"), otherwise the SQLite store at SANSHEN_DATA (default data/sanshen.db).
 * SANSHEN_ARCHIVE_FILES (comma-separated, oldest first) names SQLite files the Redis archive was
 * exported to (`npm run archive -- export`): the store reads them too (withArchiveFiles).
 */
export async function createStoreFromEnv(env: Env, o: { onConnectionError?: (err: Error) => void } = {}): Promise<Store> {
  const files = await openArchiveFiles(env.SANSHEN_ARCHIVE_FILES)
  return withArchiveFiles(await configuredStore(env, o), files)
}

/** The Redis the environment names (REDIS_CLUSTER_NODES, else REDIS_URL with SANSHEN_REDIS_PREFIX), if any. */
export function redisFromEnv(env: Env): RedisStoreOptions | undefined {
  if (env.REDIS_CLUSTER_NODES) return { url: `redis+cluster://${env.REDIS_CLUSTER_NODES}` }
  if (env.REDIS_URL) return { url: env.REDIS_URL, ...(env.SANSHEN_REDIS_PREFIX ? { prefix: env.SANSHEN_REDIS_PREFIX } : {}) }
  return undefined
}

async function configuredStore(env: Env, o: { onConnectionError?: (err: Error) => void }): Promise<Store> {
  const redis = redisFromEnv(env)
  if (redis) return createRedisStore({ ...redis, ...(o.onConnectionError ? { onConnectionError: o.onConnectionError } : {}) })
  return createFileStore(env.SANSHEN_DATA || DEFAULT_DATA_FILE)
}

async function openArchiveFiles(setting: string | undefined): Promise<Store[]> {
  const paths = (setting ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  const missing = paths.find((p) => !existsSync(p))
  if (missing) throw new Error(`SANSHEN_ARCHIVE_FILES names ${missing}, which does not exist; list the files \`npm run archive -- export\` wrote`)
  return Promise.all(paths.map((p) => createSqliteStore(resolve(p))))
}
