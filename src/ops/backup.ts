import type { Env } from '../config/env.js'
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs'
import { copyFile, mkdir, open, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import { z } from 'zod'

/**
 * `npm run backup -- <file>` and `npm run restore -- <file>`, for both stores:
 * - SQLite: the backup is a SQLite file written with SQLite's online backup API (better-sqlite3
 *   `db.backup`), consistent while the bot keeps writing; restore copies it to SANSHEN_DATA.
 * - Redis: JSON lines, a header then one line per key under the prefix (DUMP, base64, and its TTL),
 *   read in one MULTI/EXEC so the copy is one moment's state; restore RESTOREs them under the
 *   target prefix, which may differ (a second instance, a test).
 * Restore only writes into an empty store: it never mixes a backup into live data, refuses a
 * `-wal`/`-shm` left beside the target by an earlier database, and reports success only after an
 * integrity check of the restored store.
 */
export class BackupError extends Error {
  override name = 'BackupError'
}

const SQLITE_MAGIC = 'SQLite format 3\0'
const header = z.object({
  sanshen: z.literal('redis-backup'),
  version: z.literal(1),
  prefix: z.string(),
  keys: z.number().int().min(0),
  at: z.string(),
})
const line = z.object({ k: z.string(), ttl: z.number().int(), v: z.string() })

export type Target = { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string; prefix: string }

export async function backup(from: Target, file: string): Promise<{ keys?: number; bytes: number }> {
  await mkdir(dirname(file), { recursive: true })
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name so no earlier backup is overwritten`)
  if (from.kind === 'sqlite') {
    if (!existsSync(from.path)) throw new BackupError(`no SQLite store at ${from.path}; check SANSHEN_DATA`)
    const db = new Database(from.path, { readonly: true, fileMustExist: true })
    try {
      await db.backup(file)
    } finally {
      db.close()
    }
    return { bytes: statSync(file).size }
  }
  const client = await connect(from.url)
  try {
    const keys = await scanPrefix(client, from.prefix)
    const multi = client.multi()
    for (const k of keys) multi.dumpBuffer(k).pttl(k)
    const replies = (await multi.exec()) ?? []
    const out = createWriteStream(file, { flags: 'wx' })
    const rows: string[] = []
    keys.forEach((k, i) => {
      const value = replies[2 * i]?.[1] as Buffer | null
      const ttl = replies[2 * i + 1]?.[1] as number
      if (value) rows.push(JSON.stringify({ k: k.slice(from.prefix.length), ttl: Math.max(ttl, 0), v: value.toString('base64') }))
    })
    out.write(`${JSON.stringify({ sanshen: 'redis-backup', version: 1, prefix: from.prefix, keys: rows.length, at: new Date().toISOString() })}\n`)
    for (const r of rows) out.write(`${r}\n`)
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
    return { keys: rows.length, bytes: statSync(file).size }
  } finally {
    client.disconnect()
  }
}

export async function restore(file: string, into: Target): Promise<{ keys?: number }> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`)
  const isSqlite = await startsWith(file, SQLITE_MAGIC)
  if (into.kind === 'sqlite') {
    if (!isSqlite) throw new BackupError(`${file} is not a SQLite backup; a Redis backup restores into Redis (set REDIS_URL)`)
    if (existsSync(into.path) && statSync(into.path).size > 0)
      throw new BackupError(`${into.path} already exists; restore into an empty data directory (move the old file away first)`)
    // SQLite would replay an earlier database's -wal into the copy on its first open: a malformed store
    const stale = ['-wal', '-shm'].map((suffix) => `${into.path}${suffix}`).filter((f) => existsSync(f))
    if (stale.length)
      throw new BackupError(
        `${stale.join(' and ')} belong to an earlier database and would be replayed into the restored one; stop sanshen, move ${stale.length > 1 ? 'them' : 'it'} away with the old database file, then restore again`,
      )
    await mkdir(dirname(into.path), { recursive: true })
    // an integrity check before the file becomes the store …
    integrityCheck(file, true, `${file} is damaged`, 'use another backup')
    await copyFile(file, into.path)
    // … and of the store as the bot will open it (read-write, its journal replayed), before success is reported
    try {
      integrityCheck(into.path, false, `the restored ${into.path} is damaged`, 'it was removed; check the disk and restore again')
    } catch (e) {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${into.path}${suffix}`, { force: true })
      throw e
    }
    return {}
  }
  if (isSqlite) throw new BackupError(`${file} is a SQLite backup; restore it with SANSHEN_DATA set and REDIS_URL unset`)
  const client = await connect(into.url)
  try {
    if ((await scanPrefix(client, into.prefix, 1)).length)
      throw new BackupError(`Redis already holds keys under "${into.prefix}:"; restore into an empty prefix or database`)
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
    let n = 0
    let head: z.infer<typeof header> | undefined
    for await (const text of lines) {
      if (!text.trim()) continue
      if (!head) {
        const h = header.safeParse(parseJson(text))
        if (!h.success) throw new BackupError(`${file} is not a sanshen backup (no header line)`)
        head = h.data
        continue
      }
      const row = line.safeParse(parseJson(text))
      if (!row.success) throw new BackupError(`${file}: line ${n + 2} is damaged; use another backup`)
      await client.restore(`${into.prefix}${row.data.k}`, row.data.ttl, Buffer.from(row.data.v, 'base64'))
      n++
    }
    if (!head) throw new BackupError(`${file} is empty`)
    if (n !== head.keys) throw new BackupError(`${file} is cut short: ${n} of ${head.keys} keys restored; use another backup`)
    return { keys: n }
  } finally {
    client.disconnect()
  }
}

function integrityCheck(path: string, readonly: boolean, what: string, todo: string): void {
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly, fileMustExist: true })
    const ok = db.pragma('integrity_check', { simple: true })
    if (ok !== 'ok') throw new BackupError(`${what} (${String(ok)}); ${todo}`)
  } catch (e) {
    throw e instanceof BackupError ? e : new BackupError(`${what} (${(e as Error).message}); ${todo}`)
  } finally {
    db?.close()
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

async function startsWith(file: string, magic: string): Promise<boolean> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(magic.length)
    await fh.read(buf, 0, magic.length, 0)
    return buf.toString('latin1') === magic
  } finally {
    await fh.close()
  }
}

async function connect(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  client.on('error', () => undefined) // the rejection below reports it
  try {
    await client.connect()
    return client
  } catch (e) {
    client.disconnect()
    throw new BackupError(`cannot reach Redis (${(e as Error).message}); check REDIS_URL and that redis-server is running`)
  }
}

/** Keys under `prefix:` (the store's own keys only, so several prefixes can share one Redis). */
async function scanPrefix(client: Redis, prefix: string, limit = Infinity): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`, 'COUNT', 500)
    found.push(...keys)
    cursor = next
  } while (cursor !== '0' && found.length < limit)
  return found
}

/** The store the environment names, as the bot would open it (src/store/create-store.ts). */
export function targetFromEnv(env: Env, dataPath: string): Target {
  if (env.REDIS_CLUSTER_NODES)
    throw new BackupError("backup of a Redis Cluster is not supported; use the cluster's own snapshots (BGSAVE on each node)")
  if (env.REDIS_URL) return { kind: 'redis', url: env.REDIS_URL, prefix: env.SANSHEN_REDIS_PREFIX || 'sanshen' }
  return { kind: 'sqlite', path: dataPath }
}
