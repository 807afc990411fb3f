import { constants } from 'node:fs'
import { access, statfs } from 'node:fs/promises'
import { StoreNotWritableError, type Store } from '../store/store.js'

/**
 * What /healthz reports: the store answers a read within 3 s, and each directory the bot writes
 * (the SQLite data directory, the push spool) may be written and has room. Nothing is written to
 * find out: access(2) says whether a write would be refused (read-only, immutable, permissions),
 * statfs(2) how much room is left. Requests that arrive while a check runs share it, and the
 * route is flood-limited per source like the intake endpoints.
 */
export interface HealthProblem {
  status: 'store-unreachable' | 'store-not-writable' | 'data-dir-not-writable' | 'data-dir-full'
  err: unknown
}

export interface HealthCheckOptions {
  store: Store
  /** directories that must stay writable */
  dataDirs: readonly string[]
  /** below this many free bytes a data directory counts as full (default 16 MiB) */
  minFreeBytes?: number
}

const STORE_TIMEOUT_MS = 3_000
const MIN_FREE_BYTES = 16 * 1024 * 1024

export function createHealthCheck(o: HealthCheckOptions): () => Promise<HealthProblem | undefined> {
  const minFree = o.minFreeBytes ?? MIN_FREE_BYTES
  let running: Promise<HealthProblem | undefined> | undefined

  async function storeProblem(): Promise<HealthProblem | undefined> {
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        o.store.get('health', 'probe'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS))),
      ])
      return undefined
    } catch (err) {
      return { status: err instanceof StoreNotWritableError ? 'store-not-writable' : 'store-unreachable', err }
    } finally {
      clearTimeout(timer)
    }
  }

  async function dirProblem(dir: string): Promise<HealthProblem | undefined> {
    try {
      await access(dir, constants.W_OK)
    } catch (err) {
      return { status: 'data-dir-not-writable', err }
    }
    const fs = await statfs(dir)
    const free = fs.bavail * fs.bsize
    return free < minFree ? { status: 'data-dir-full', err: new Error(`${dir}: ${free} bytes free, fewer than ${minFree}`) } : undefined
  }

  async function check(): Promise<HealthProblem | undefined> {
    const store = await storeProblem()
    if (store) return store
    for (const dir of o.dataDirs) {
      const problem = await dirProblem(dir).catch((err: unknown): HealthProblem => ({ status: 'data-dir-not-writable', err }))
      if (problem) return problem
    }
    return undefined
  }

  return () => {
    running ??= check().finally(() => {
      running = undefined
    })
    return running
  }
}
