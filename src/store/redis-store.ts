/**
 * The production store: Redis through ioredis. Every change that touches more than one key is one
 * Lua script (src/store/lua/), so it is atomic across bot instances; reads are plain commands.
 *
 * Keys, all under the prefix (default "sanshen"):
 *   <p>:seq                     hash   counter name -> last value
 *   <p>:doc:<collection>        hash   doc id -> JSON
 *   <p>:audit:next              string last audit entry id
 *   <p>:audit:entry             hash   entry id -> JSON
 *   <p>:audit:time              zset   at -> entry id (auditBetween)
 *   <p>:audit:subject:<subject> list   entry ids in commit order (audit)
 *   <p>:jobs:due                zset   claimable-at (due time or end of lease) -> job id
 *   <p>:jobs:body               hash   job id -> JSON without attempts
 *   <p>:jobs:attempts           hash   job id -> claims since last scheduled
 */
import { Redis } from 'ioredis'
import { byId } from './order.js'
import { defineScripts } from './redis-scripts.js'
import { StoreUnavailableError, type AuditEntry, type Job, type Store, type StoredDoc } from './store.js'

export interface RedisStoreOptions {
  /** default redis://127.0.0.1:6379; ignored when `client` is given */
  url?: string
  /** an existing connection; the store then leaves closing it to the caller */
  client?: Redis
  /** default "sanshen"; two stores with different prefixes share nothing */
  prefix?: string
  /** connection errors after the first connect (ioredis keeps reconnecting): for the logger */
  onConnectionError?: (err: Error) => void
}

/**
 * How long a command may wait for Redis. ioredis would otherwise queue commands while it
 * reconnects and answer a chat command only when Redis is back (73 s in an outage test); this way
 * the bot says within seconds that the store is away and nothing was changed.
 */
const COMMAND_TIMEOUT_MS = 2_500

/** ioredis' ways of saying the server is not there (not a script's or a command's own error). */
function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /Command timed out|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|LOADING|READONLY|CLUSTERDOWN/.test(err.message)
  )
}

/** Every method of the store with a lost connection reported as StoreUnavailableError. */
function withUnavailability(store: Store): Store {
  const wrapped = {} as Record<string, unknown>
  for (const [name, method] of Object.entries(store) as [string, (...a: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = (...args: unknown[]) =>
      method(...args).catch((err: unknown) => {
        throw isConnectionError(err) ? new StoreUnavailableError('Redis', err) : err
      })
  }
  return wrapped as unknown as Store
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

function storeKeys(prefix: string) {
  return {
    seq: `${prefix}:seq`,
    docs: (collection: string) => `${prefix}:doc:${collection}`,
    auditNext: `${prefix}:audit:next`,
    auditEntry: `${prefix}:audit:entry`,
    auditTime: `${prefix}:audit:time`,
    auditSubject: `${prefix}:audit:subject:`,
    jobsDue: `${prefix}:jobs:due`,
    jobsBody: `${prefix}:jobs:body`,
    jobsAttempts: `${prefix}:jobs:attempts`,
  }
}

/** The URL without its password, for error messages and logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(an unparsable REDIS_URL)'
  }
}

async function connect(url: string, onConnectionError: (err: Error) => void): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1 })
  // A failed first connect is reported by the rejection below, not as an unhandled error event.
  const reportedByRejection = () => undefined
  client.on('error', reportedByRejection)
  try {
    await client.connect()
    client.off('error', reportedByRejection)
    client.on('error', onConnectionError)
    return client
  } catch (e) {
    client.disconnect()
    throw new Error(`cannot reach Redis at ${redactUrl(url)} (${(e as Error).message}); check REDIS_URL and that redis-server is running`)
  }
}

function toJob(body: string, attempts: number | string | undefined): Job {
  return { ...(JSON.parse(body) as Omit<Job, 'attempts'>), attempts: Number(attempts ?? 0) }
}

export async function createRedisStore(options: RedisStoreOptions = {}): Promise<Store> {
  const ownsClient = !options.client
  const client = options.client ?? (await connect(options.url ?? DEFAULT_REDIS_URL, options.onConnectionError ?? (() => undefined)))
  const keys = storeKeys(options.prefix ?? 'sanshen')
  const jobKeys = [keys.jobsDue, keys.jobsBody, keys.jobsAttempts]
  const run = defineScripts(client)

  async function auditEntries(ids: string[]): Promise<AuditEntry[]> {
    if (ids.length === 0) return []
    const bodies = await client.hmget(keys.auditEntry, ...ids)
    return bodies.flatMap((body) => (body ? [JSON.parse(body) as AuditEntry] : []))
  }

  return withUnavailability({
    async nextSeq(name) {
      return client.hincrby(keys.seq, name, 1)
    },

    async get<T extends StoredDoc>(collection: string, id: string) {
      const body = await client.hget(keys.docs(collection), id)
      return body === null ? undefined : (JSON.parse(body) as T)
    },

    async list<T extends StoredDoc>(collection: string) {
      const bodies = await client.hvals(keys.docs(collection))
      return bodies.map((body) => JSON.parse(body) as T).sort(byId)
    },

    async commit(collection, doc, expectedRev, audit) {
      const auditArgs = audit.flatMap((entry) => [entry.at, entry.subject, JSON.stringify(entry)])
      const result = await run(
        'commitDoc',
        [keys.docs(collection), keys.auditNext, keys.auditEntry, keys.auditTime],
        [doc.id, expectedRev, JSON.stringify({ ...doc, rev: expectedRev + 1 }), keys.auditSubject, ...auditArgs],
      )
      return result === -1 ? false : Number(result)
    },

    async audit(subject) {
      return auditEntries(await client.lrange(keys.auditSubject + subject, 0, -1))
    },

    async auditBetween(from, to) {
      return auditEntries(await client.zrangebyscore(keys.auditTime, from, `(${to}`))
    },

    async schedule(job) {
      const { id, dueAt, kind, payload } = job
      await run('scheduleJob', jobKeys, [id, dueAt, JSON.stringify({ id, dueAt, kind, payload })])
    },

    async cancel(jobId) {
      await run('cancelJob', jobKeys, [jobId])
    },

    async claimDue(now, leaseMs, limit) {
      if (limit <= 0) return []
      const flat = (await run('claimDue', jobKeys, [now, leaseMs, limit])) as (string | number)[]
      const jobs: Job[] = []
      for (let i = 0; i < flat.length; i += 2) jobs.push(toJob(String(flat[i]), flat[i + 1]))
      return jobs
    },

    async complete(jobId) {
      await run('completeJob', jobKeys, [jobId])
    },

    async pendingJobs() {
      // One MULTI so the schedule and the bodies are read at the same instant.
      const replies = await client.multi().zrange(keys.jobsDue, '0', '-1').hgetall(keys.jobsBody).hgetall(keys.jobsAttempts).exec()
      const failed = replies?.find(([err]) => err)
      if (!replies || failed) throw new Error(`reading the pending jobs from Redis failed: ${failed?.[0]?.message ?? 'transaction aborted'}`)
      const [ids, bodies, attempts] = replies.map(([, value]) => value) as [string[], Record<string, string>, Record<string, string>]
      return ids.flatMap((id) => (bodies[id] ? [toJob(bodies[id], attempts[id])] : []))
    },

    async close() {
      if (ownsClient) await client.quit()
    },
  })
}
