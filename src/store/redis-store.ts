/**
 * The production store: Redis through ioredis. Every change that touches more than one key is one
 * Lua script (src/store/lua/), so it is atomic across bot instances; reads are plain commands.
 *
 * Keys, all under the prefix (default "sanshen"):
 *   <p>:seq                     hash   counter name -> last value
 *   <p>:doc:<collection>        hash   doc id -> JSON
 *   <p>:terms:<collection>      hash   doc id -> JSON {term: score} (what to remove on the next commit, or on an archive export)
 *   <p>:idx:<collection>:<term> zset   score -> doc id (findBy, count); an archived doc stays under the terms it kept
 *   <p>:archive:<collection>    hash   doc id -> deflated JSON (archived: read by get, and by findBy under kept terms;
 *                                      bounded by exportRedisArchive, which moves the oldest into a SQLite file)
 *   <p>:audit:next              string last audit entry id
 *   <p>:audit:entry             hash   entry id -> JSON
 *   <p>:audit:time              zset   at -> entry id (auditBetween)
 *   <p>:audit:subject:<subject> list   entry ids in commit order (audit)
 *   <p>:jobs:due                zset   claimable-at (due time or end of lease) -> job id
 *   <p>:jobs:body               hash   job id -> JSON without attempts
 *   <p>:jobs:attempts           hash   job id -> claims since last scheduled
 *   <p>:jobs:subject:<subject>  set    job ids of one subject (jobsOf, cancelSubject)
 *
 * Redis Cluster (REDIS_CLUSTER_NODES, or a redis+cluster:// URL): the prefix is written in braces
 * ("{sanshen}"), a hash tag, so every key of one installation lives in one slot. Each script then
 * touches one slot only — a commit with its audit and index terms, a claim of due jobs with their
 * bodies — and stays atomic as on a single Redis, while MULTI reads work unchanged. The price:
 * one installation's data sits on one master (a cluster spreads several installations, and
 * replicas take over on failure); a province's years of drafts fit in a few GB. Sharding one
 * installation would need per-slot job queues and indexes read across shards; not done.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { Cluster, Redis } from 'ioredis'
import { byId } from './order.js'
import { defineScripts } from './redis-scripts.js'
import { byScoreThenId } from './order.js'
import {
  StoreUnavailableError,
  type ArchivedDoc,
  type AuditEntry,
  type IndexTerms,
  type Job,
  type ScoreRange,
  type Store,
  type StoredDoc,
  type TermRange,
} from './store.js'

export interface RedisStoreOptions {
  /**
   * default redis://127.0.0.1:6379; ignored when `client` is given. A `redis+cluster://h1:p1,h2:p2`
   * URL (password as in redis://) means a Redis Cluster reached through those seed nodes.
   */
  url?: string
  /** an existing connection (a Cluster for a Redis Cluster); the store then leaves closing it to the caller */
  client?: Redis | Cluster
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
    /Command timed out|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|LOADING|READONLY|CLUSTERDOWN/.test(
      err.message,
    )
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
    terms: (collection: string) => `${prefix}:terms:${collection}`,
    index: (collection: string) => `${prefix}:idx:${collection}:`,
    archive: (collection: string) => `${prefix}:archive:${collection}`,
    auditNext: `${prefix}:audit:next`,
    auditEntry: `${prefix}:audit:entry`,
    auditTime: `${prefix}:audit:time`,
    auditSubject: `${prefix}:audit:subject:`,
    jobsDue: `${prefix}:jobs:due`,
    jobsBody: `${prefix}:jobs:body`,
    jobsAttempts: `${prefix}:jobs:attempts`,
    jobsSubject: `${prefix}:jobs:subject:`,
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

/** The seed nodes and password of a `redis+cluster://[:password@]host:port,host:port` URL, else undefined. */
export function clusterSeeds(url: string): { nodes: { host: string; port: number }[]; password?: string } | undefined {
  const match = /^redis\+cluster:\/\/(?:([^@]*)@)?([^/?#]+)/.exec(url)
  if (!match) return undefined
  const password = match[1] ? decodeURIComponent(match[1].replace(/^[^:]*:/, '')) : undefined
  const nodes = match[2]!.split(',').map((hostPort) => {
    const at = hostPort.lastIndexOf(':')
    return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) }
  })
  if (nodes.some((n) => !n.host || !Number.isInteger(n.port) || n.port <= 0))
    throw new Error(`${redactUrl(url)}: write the cluster's seed nodes as redis+cluster://host:port,host:port`)
  return { nodes, ...(password ? { password } : {}) }
}

async function connect(url: string, onConnectionError: (err: Error) => void): Promise<Redis | Cluster> {
  const seeds = clusterSeeds(url)
  const options = { lazyConnect: true, commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1 }
  const client = seeds
    ? new Cluster(seeds.nodes, { lazyConnect: true, redisOptions: { ...options, ...(seeds.password ? { password: seeds.password } : {}) } })
    : new Redis(url, options)
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
    throw new Error(
      `cannot reach Redis at ${redactUrl(url)} (${(e as Error).message}); check REDIS_URL (or REDIS_CLUSTER_NODES) and that redis-server is running`,
    )
  }
}

function toJobs(ids: string[], bodies: (string | null)[], attempts: (string | null)[]): Job[] {
  return ids.flatMap((_, i) => (bodies[i] ? [toJob(bodies[i], attempts[i] ?? undefined)] : []))
}

function toJob(body: string, attempts: number | string | undefined): Job {
  return { ...(JSON.parse(body) as Omit<Job, 'attempts'>), attempts: Number(attempts ?? 0) }
}

export async function createRedisStore(options: RedisStoreOptions = {}): Promise<Store> {
  const ownsClient = !options.client
  const client = options.client ?? (await connect(options.url ?? DEFAULT_REDIS_URL, options.onConnectionError ?? (() => undefined)))
  const prefix = options.prefix ?? 'sanshen'
  // On a cluster every key shares the prefix's hash tag (see the header).
  const keys = storeKeys(client instanceof Cluster ? `{${prefix}}` : prefix)
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
      if (body !== null) return JSON.parse(body) as T
      const archived = await client.hgetBuffer(keys.archive(collection), id)
      return archived === null ? undefined : (JSON.parse(inflateRawSync(archived).toString('utf8')) as T)
    },

    async list<T extends StoredDoc>(collection: string) {
      const bodies = await client.hvals(keys.docs(collection))
      return bodies.map((body) => JSON.parse(body) as T).sort(byId)
    },

    async commit(collection, doc, expectedRev, audit, terms = {}) {
      const auditArgs = audit.flatMap((entry) => [entry.at, entry.subject, JSON.stringify(entry)])
      const result = await run(
        'commitDoc',
        [keys.docs(collection), keys.auditNext, keys.auditEntry, keys.auditTime, keys.terms(collection)],
        [
          doc.id,
          expectedRev,
          JSON.stringify({ ...doc, rev: expectedRev + 1 }),
          keys.auditSubject,
          keys.index(collection),
          JSON.stringify(terms),
          ...auditArgs,
        ],
      )
      return result === -1 ? false : Number(result)
    },

    async findBy<T extends StoredDoc>(collection: string, term: string, range: TermRange = {}) {
      const min = range.min ?? '-inf'
      const max = range.max ?? '+inf'
      const key = keys.index(collection) + term
      const page = ['LIMIT', range.offset ?? 0, range.limit === undefined ? -1 : Math.max(0, range.limit)] as const
      const flat = range.reverse
        ? await client.zrevrangebyscore(key, max, min, 'WITHSCORES', ...page)
        : await client.zrangebyscore(key, min, max, 'WITHSCORES', ...page)
      if (flat.length === 0) return []
      const ids = flat.filter((_, i) => i % 2 === 0)
      const bodies: (string | null)[] = await client.hmget(keys.docs(collection), ...ids)
      const archivedIds = ids.filter((_, i) => bodies[i] === null)
      if (archivedIds.length > 0) {
        const deflated = await client.hmgetBuffer(keys.archive(collection), ...archivedIds)
        const byId = new Map(archivedIds.map((id, i) => [id, deflated[i]]))
        ids.forEach((id, i) => {
          const found = byId.get(id)
          if (bodies[i] === null && found) bodies[i] = inflateRawSync(found).toString('utf8')
        })
      }
      const docs: T[] = []
      const scores: number[] = []
      bodies.forEach((body, i) => {
        if (body === null) return
        docs.push(JSON.parse(body) as T)
        scores.push(Number(flat[2 * i + 1]))
      })
      const ordered = byScoreThenId(docs, scores)
      return range.reverse ? ordered.reverse() : ordered
    },

    async count(collection, term, range: ScoreRange = {}) {
      return client.zcount(keys.index(collection) + term, range.min ?? '-inf', range.max ?? '+inf')
    },

    async archive(collection, term, before, limit, keep = []) {
      if (limit <= 0) return 0
      const ids = await client.zrangebyscore(keys.index(collection) + term, '-inf', `(${before}`, 'LIMIT', 0, limit)
      if (ids.length === 0) return 0
      const bodies = await client.hmget(keys.docs(collection), ...ids)
      const args = ids.flatMap((id, i) => {
        const body = bodies[i]
        return body ? [id, (JSON.parse(body) as StoredDoc).rev, deflateRawSync(body)] : []
      })
      // Compressed here, moved by the script only if unchanged meanwhile.
      return Number(
        await run(
          'archiveDocs',
          [keys.docs(collection), keys.terms(collection), keys.archive(collection)],
          [keys.index(collection), JSON.stringify(keep), term, ...args],
        ),
      )
    },

    async purge(collection, term, before, limit) {
      if (limit <= 0) return 0
      return Number(await run('purgeDocs', [keys.docs(collection), keys.terms(collection)], [keys.index(collection), term, before, limit]))
    },

    async audit(subject) {
      return auditEntries(await client.lrange(keys.auditSubject + subject, 0, -1))
    },

    async auditBetween(from, to) {
      return auditEntries(await client.zrangebyscore(keys.auditTime, from, `(${to}`))
    },

    async schedule(job) {
      const { id, dueAt, kind, payload, subject } = job
      const body = JSON.stringify(subject === undefined ? { id, dueAt, kind, payload } : { id, dueAt, kind, payload, subject })
      await run('scheduleJob', jobKeys, [id, dueAt, body, keys.jobsSubject, subject ?? ''])
    },

    async cancel(jobId) {
      await run('cancelJob', jobKeys, [jobId, keys.jobsSubject])
    },

    async claimDue(now, leaseMs, limit) {
      if (limit <= 0) return []
      const flat = (await run('claimDue', jobKeys, [now, leaseMs, limit])) as (string | number)[]
      const jobs: Job[] = []
      for (let i = 0; i < flat.length; i += 2) jobs.push(toJob(String(flat[i]), flat[i + 1]))
      return jobs
    },

    async complete(jobId) {
      await run('completeJob', jobKeys, [jobId, keys.jobsSubject])
    },

    async jobsOf(subject) {
      const ids = await client.smembers(keys.jobsSubject + subject)
      if (ids.length === 0) return []
      const replies = await client
        .multi()
        .hmget(keys.jobsBody, ...ids)
        .hmget(keys.jobsAttempts, ...ids)
        .zmscore(keys.jobsDue, ...ids)
        .exec()
      const failed = replies?.find(([err]) => err)
      if (!replies || failed) throw new Error(`reading the jobs of ${subject} from Redis failed: ${failed?.[0]?.message ?? 'transaction aborted'}`)
      const [bodies, attempts, due] = replies.map(([, value]) => value) as [(string | null)[], (string | null)[], (string | null)[]]
      const order = ids.map((_, i) => i).sort((a, b) => Number(due[a]) - Number(due[b]) || (ids[a]! < ids[b]! ? -1 : 1))
      return toJobs(
        order.map((i) => ids[i]!),
        order.map((i) => bodies[i] ?? null),
        order.map((i) => attempts[i] ?? null),
      ).filter((job) => job.subject === subject)
    },

    async cancelSubject(subject) {
      return Number(await run('cancelSubject', [...jobKeys, keys.jobsSubject + subject], [subject]))
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

/** Archived documents handed to the writer per batch. */
const EXPORT_BATCH = 500

/**
 * Moves the Redis archive's documents whose kept terms are all scored before `before` (a draft's
 * creation, a message's arrival: see HISTORY_TERMS), and those that kept none, out of Redis: each
 * batch goes to `write`, which has stored it durably when it returns (a SQLite archive file), then
 * is deleted from Redis with the terms it kept (dropArchived-3.lua). A crash between the two
 * leaves a document in both places, never in neither; running the export again finishes it.
 * Returns how many documents moved.
 */
export async function exportRedisArchive(
  options: RedisStoreOptions,
  collections: readonly string[],
  before: number,
  write: (docs: ArchivedDoc[]) => void | Promise<void>,
): Promise<number> {
  const client = options.client ?? (await connect(options.url ?? DEFAULT_REDIS_URL, options.onConnectionError ?? (() => undefined)))
  const keys = storeKeys(client instanceof Cluster ? `{${options.prefix ?? 'sanshen'}}` : (options.prefix ?? 'sanshen'))
  const run = defineScripts(client)
  let moved = 0
  try {
    for (const collection of collections) {
      let cursor = '0'
      do {
        const [next, flat] = await client.hscanBuffer(keys.archive(collection), cursor, 'COUNT', EXPORT_BATCH)
        cursor = next.toString()
        const ids = flat.filter((_, i) => i % 2 === 0).map((id) => id.toString())
        if (ids.length === 0) continue
        const terms = await client.hmget(keys.terms(collection), ...ids)
        const docs = ids.flatMap((id, i): ArchivedDoc[] => {
          const kept = JSON.parse(terms[i] ?? '{}') as IndexTerms
          if (Object.values(kept).some((score) => score >= before)) return []
          return [{ collection, id, body: inflateRawSync(flat[2 * i + 1]!).toString('utf8'), terms: kept }]
        })
        if (docs.length === 0) continue
        await write(docs)
        const dropped = await run(
          'dropArchived',
          [keys.archive(collection), keys.terms(collection), keys.docs(collection)],
          [keys.index(collection), ...docs.map((d) => d.id)],
        )
        moved += Number(dropped)
      } while (cursor !== '0')
    }
    return moved
  } finally {
    if (!options.client) await client.quit()
  }
}
