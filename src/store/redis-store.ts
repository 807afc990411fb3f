/**
 * The production store: Redis through ioredis. Every change that touches more than one key is one
 * Lua script (src/store/lua/), so it is atomic across bot instances; reads are plain commands,
 * but for jobs, whose packed records a script (readJobs) picks out.
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
 *   <p>:jobs:due:<kind code>    zset   claimable-at (due time or end of lease) -> job id, one per kind
 *   <p>:jobs:kinds              hash   kind -> code, "#" + code -> kind (a handful, given on first use)
 *   <p>:jobs:records            hash   subject -> the records of its jobs, packed (jobsOf, cancelSubject); a subject
 *                                      with many (an outbox during an outage) spread over "<subject>\0<n>" buckets
 *   <p>:jobs:subject-of:<xxx>   hash   job id -> subject, only where it is not the id up to its first ":";
 *                                      4096 of them by the id's SHA-1, each small enough to stay a listpack
 *   <p>:jobs:attempts           hash   job id -> claims since last scheduled (claimed jobs only)
 *
 * Jobs are the one thing a province keeps by the hundred thousand, so they are packed (memory per
 * pending job: docs/benchmarks.md). A record is `id \x1f kind code \x1f length \x1f body`,
 * the id written from its ":" on when it starts with "<subject>:", the body the due time in base 36,
 * "|" and the payload's JSON with its subject and due time marked (\x01, \x02) and deflated with a
 * preset dictionary of the bot's payloads (JOB_DICTIONARY); a job without a subject has a records
 * field of its own ("\0" + id). A reply reminder "C12:sensitive:remind:1" of C12, or a stage
 * time-out "D3:stage-timeout:v1:s0" of D3, thus costs its due-zset entry and a record of ~50 B in
 * its subject's field, and no key of its own. Each kind's zset lets a kind's jobs be read without
 * the others (jobsOfKind: the outbox); claimDue merges the kinds' due heads. The Lua side is
 * src/store/lua/include/jobs.lua. Jobs stored in the layout before this one (jobs:body
 * JSON, jobs:due, jobs:subject:<subject> sets) are moved into this one when the store opens; stop
 * bots of an older version first, as one still running would go on writing (and reading) the old.
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
import { byId, byScoreThenId, bySlot, type JobSlot } from './order.js'
import { defineScripts, type RunScript } from './redis-scripts.js'
import {
  StoreNotWritableError,
  MARKED_AT,
  markerDoc,
  StoreUnavailableError,
  type ArchivedDoc,
  type AuditEntry,
  type Consequences,
  type IndexTerms,
  type Job,
  type NewJob,
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

/** Every method of the store with a lost connection reported as StoreUnavailableError, a disk Redis cannot write as StoreNotWritableError. */
function withUnavailability(store: Store): Store {
  const wrapped = {} as Record<string, unknown>
  for (const [name, method] of Object.entries(store) as [string, (...a: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = (...args: unknown[]) =>
      method(...args).catch((err: unknown) => {
        // MISCONF: Redis cannot write its AOF or snapshot (a full or read-only disk) and refuses every write before it runs
        if (err instanceof Error && err.message.startsWith('MISCONF')) throw new StoreNotWritableError('full', err.message, err)
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
    jobsDue: `${prefix}:jobs:due:`,
    jobsKinds: `${prefix}:jobs:kinds`,
    jobsRecords: `${prefix}:jobs:records`,
    jobsSubjectOf: `${prefix}:jobs:subject-of`,
    jobsAttempts: `${prefix}:jobs:attempts`,
    /** the layout before v3, moved into the one above on open */
    oldJobsDue: `${prefix}:jobs:due`,
    oldJobsBody: `${prefix}:jobs:body`,
    oldJobsSubject: `${prefix}:jobs:subject:`,
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

/**
 * What job payloads look like once their subject and due time are marked (see jobBody): the
 * outbox's, a stage time-out's, reply reminders' (the commonest last, nearest), so that deflate
 * finds most of a small payload here. Stored bodies need this very text to be read: never change
 * it (another one needs another body format and a migration).
 */
const JOB_DICTIONARY = Buffer.from(
  '{"to":"room:","text":"","mentions":["wxid_"],"seq":1,"key":"","createdAt":17,"tries":0,"lastError":"not logged in","once":true}' +
    '{"draft":"\x01","stage":0,"version":1}' +
    '{"collection":"incidents","subject":"\x01","deadlineKind":"sensitive","dueAt":17,"reminder":{"key":"escalate:1","kind":"escalate","at":\x02,"audience":"supervisors"}}' +
    '{"collection":"comments","subject":"\x01","deadlineKind":"ordinary","dueAt":17,"reminder":{"key":"overdue","kind":"overdue","at":\x02,"audience":"supervisors"}}' +
    '{"collection":"comments","subject":"\x01","deadlineKind":"ordinary","dueAt":17,"reminder":{"key":"remind:1","kind":"remind","at":\x02,"audience":"handler"}}',
)

/**
 * Ids and subjects delimit the packed records (and an id starting with ":" would read as relative
 * to its subject); a kind starting with "#" would read as a kind code.
 */
const UNFIT_ID = /[\x00\x1f]|^:/
const UNFIT_SUBJECT = /[\x00\x1f]/
const UNFIT_KIND = /^#/
function checkJob({ id, subject = '', kind }: NewJob): void {
  if (UNFIT_ID.test(id) || UNFIT_SUBJECT.test(subject) || UNFIT_KIND.test(kind))
    throw new Error(
      `job ids and subjects hold no \\x00 or \\x1f, ids do not start with ":" nor kinds with "#": ${JSON.stringify(id)}, ${JSON.stringify(subject)}, ${JSON.stringify(kind)}`,
    )
}

/** Jobs read per script call when reading them all. */
const PAGE = 1000

/**
 * Payloads often repeat their job's subject and due time (a reminder's subject, its `at`): each
 * occurrence becomes one control character, which JSON text never holds raw, so it is undone exactly.
 */
const SUBJECT_MARK = '\x01'
const DUE_MARK = '\x02'

/** Due times are whole milliseconds, written in base 36; anything else is written as it is, after a "~". */
const dueText = (dueAt: number) => (Number.isSafeInteger(dueAt) ? dueAt.toString(36) : `~${dueAt}`)
const dueFrom = (text: string) => (text.startsWith('~') ? Number(text.slice(1)) : Number.parseInt(text, 36))

function jobBody(job: NewJob): Buffer {
  let json = JSON.stringify(job.payload)
  if (job.subject) json = json.split(job.subject).join(SUBJECT_MARK)
  json = json.split(String(job.dueAt)).join(DUE_MARK)
  const payload = deflateRawSync(json, { dictionary: JOB_DICTIONARY, level: 9 })
  return Buffer.concat([Buffer.from(`${dueText(job.dueAt)}|`), payload])
}

function payloadOf(body: Buffer, dueAt: number, subject: string): Job['payload'] {
  let json = inflateRawSync(body, { dictionary: JOB_DICTIONARY }).toString()
  json = json.split(DUE_MARK).join(String(dueAt))
  if (subject) json = json.split(SUBJECT_MARK).join(subject)
  return JSON.parse(json) as Job['payload']
}

/** The jobs of a readJobs or claimDue reply (six entries a job, see readJobs-4.lua), soonest claimable first. */
function toJobs(flat: Buffer[]): Job[] {
  const jobs: JobSlot[] = []
  for (let i = 0; i < flat.length; i += 6) {
    const body = flat[i + 3]!
    const bar = body.indexOf('|')
    const dueAt = dueFrom(body.subarray(0, bar).toString())
    const subject = flat[i + 2]!.toString()
    const payload = payloadOf(body.subarray(bar + 1), dueAt, subject)
    const job: Job = { id: flat[i]!.toString(), dueAt, kind: flat[i + 1]!.toString(), payload, attempts: Number(flat[i + 4]!.toString()) }
    if (subject !== '') job.subject = subject
    jobs.push({ job, claimableAt: Number(flat[i + 5]!.toString()) })
  }
  return jobs.sort(bySlot).map((j) => j.job)
}

/**
 * Moves jobs stored in the layout before v3 (see the header) into today's, in batches, keeping
 * their claimable time and attempts. Runs on every open and costs one EXISTS once done.
 */
async function migrateOldJobs(client: Redis | Cluster, run: RunScript, keys: ReturnType<typeof storeKeys>, jobKeys: string[]): Promise<void> {
  let cursor = '0'
  while (cursor !== '0' || (await client.exists(keys.oldJobsBody)) > 0) {
    const [next, flat] = await client.hscan(keys.oldJobsBody, cursor, 'COUNT', 500)
    cursor = next
    const args: (string | number | Buffer)[] = []
    for (let i = 0; i < flat.length; i += 2) {
      const job = JSON.parse(flat[i + 1]!) as NewJob
      args.push(flat[i]!, flat[i + 1]!, job.kind, job.subject ?? '', jobBody(job), job.dueAt)
    }
    if (args.length) await run('migrateJobs', [...jobKeys, keys.oldJobsBody, keys.oldJobsDue], [keys.jobsDue, keys.oldJobsSubject, ...args])
  }
  // what is left of the old schedule are entries without a body, which the old claimDue dropped too
  await client.del(keys.oldJobsDue)
}

/** The client (connected if not given), its keys and scripts, for the store and the archive export. */
async function open(options: RedisStoreOptions) {
  const client = options.client ?? (await connect(options.url ?? DEFAULT_REDIS_URL, options.onConnectionError ?? (() => undefined)))
  const prefix = options.prefix ?? 'sanshen'
  // On a cluster every key shares the prefix's hash tag (see the header).
  const keys = storeKeys(client instanceof Cluster ? `{${prefix}}` : prefix)
  return { client, keys, run: defineScripts(client) }
}

export async function createRedisStore(options: RedisStoreOptions = {}): Promise<Store> {
  const ownsClient = !options.client
  const { client, keys, run } = await open(options)
  const jobKeys = [keys.jobsRecords, keys.jobsSubjectOf, keys.jobsAttempts, keys.jobsKinds]

  await migrateOldJobs(client, run, keys, jobKeys)

  /** readJobs' reply (see readJobs-4.lua): one subject's jobs, one job, a page of a kind's or of a ZSCAN. */
  async function readJobs(what: 'subject' | 'job' | 'kind' | 'scanned', of: string, ...rest: (string | number)[]): Promise<Buffer[]> {
    return (await run('readJobs', jobKeys, [keys.jobsDue, what, of, ...rest], 'buffers')) as Buffer[]
  }

  /** The kinds in use, in code order (jobs:kinds holds kind -> code and "#" + code -> kind). */
  async function kinds(): Promise<{ code: number; kind: string }[]> {
    return Object.entries(await client.hgetall(keys.jobsKinds))
      .filter(([field]) => field.startsWith('#'))
      .map(([field, kind]) => ({ code: Number(field.slice(1)), kind }))
      .sort((a, b) => a.code - b.code)
  }

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

    async listPage<T extends StoredDoc>(collection: string, cursor: string, limit: number) {
      const [next, flat] = await client.hscan(keys.docs(collection), cursor || '0', 'COUNT', Math.max(1, limit))
      return { items: flat.filter((_, i) => i % 2 === 1).map((body) => JSON.parse(body) as T), next: next === '0' ? '' : next }
    },

    async commit(collection, doc, expectedRev, audit, terms = {}, then: Consequences = {}) {
      const { cancelSubjects = [], cancel = [], schedule = [], markers = [] } = then
      for (const job of schedule) checkJob(job)
      const result = await run(
        'commitChange',
        [...jobKeys, keys.docs(collection), keys.auditNext, keys.auditEntry, keys.auditTime, keys.terms(collection)],
        [
          doc.id,
          expectedRev,
          JSON.stringify({ ...doc, rev: expectedRev + 1 }),
          keys.auditSubject,
          keys.index(collection),
          JSON.stringify(terms),
          keys.jobsDue,
          audit.length,
          cancelSubjects.length,
          cancel.length,
          schedule.length,
          markers.length,
          ...audit.flatMap((entry) => [entry.at, entry.subject, JSON.stringify(entry)]),
          ...cancelSubjects,
          ...cancel,
          ...schedule.flatMap((job) => [job.id, job.dueAt, job.kind, job.subject ?? '', jobBody(job)]),
          ...markers.flatMap((m) => [
            keys.docs(m.collection),
            keys.terms(m.collection),
            keys.index(m.collection),
            m.id,
            JSON.stringify(markerDoc(m)),
            MARKED_AT,
            m.at,
          ]),
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
      checkJob(job)
      await run('scheduleJob', jobKeys, [job.id, job.dueAt, job.kind, job.subject ?? '', jobBody(job), keys.jobsDue])
    },

    async cancel(jobId) {
      await run('cancelJob', jobKeys, [jobId, keys.jobsDue])
    },

    async claimDue(now, leaseMs, limit) {
      if (limit <= 0) return []
      return toJobs((await run('claimDue', jobKeys, [now, leaseMs, limit, keys.jobsDue], 'buffers')) as Buffer[])
    },

    async complete(jobId) {
      await run('completeJob', jobKeys, [jobId, keys.jobsDue])
    },

    async jobsOf(subject) {
      return toJobs(await readJobs('subject', subject))
    },

    async job(id) {
      return toJobs(await readJobs('job', id))[0]
    },

    async jobsOfKind(kind, limit) {
      if (limit <= 0) return []
      return toJobs(await readJobs('kind', kind, 0, limit))
    },

    async cancelSubject(subject) {
      return Number(await run('cancelSubject', jobKeys, [subject, keys.jobsDue]))
    },

    async pendingJobs() {
      // Page by page, so no script runs long however many jobs there are (not one instant's view).
      const flat: Buffer[] = []
      for (const { code, kind } of await kinds()) {
        const count = await client.zcard(keys.jobsDue + code)
        for (let skip = 0; skip < count; skip += PAGE) flat.push(...(await readJobs('kind', kind, skip, PAGE)))
      }
      return toJobs(flat)
    },

    async jobsPage(cursor, limit) {
      // "<kind code>:<ZSCAN cursor of that kind's due zset>", the kinds in code order
      const all = await kinds()
      const colon = cursor.indexOf(':')
      const code = cursor ? Number(cursor.slice(0, colon)) : all[0]?.code
      if (code === undefined) return { items: [], next: '' }
      const scan = cursor ? cursor.slice(colon + 1) : '0'
      const [next, flat] = await client.zscan(keys.jobsDue + code, scan, 'COUNT', Math.max(1, limit))
      const kind = all.find((k) => k.code === code)!.kind
      const items = flat.length ? toJobs(await readJobs('scanned', kind, ...flat)) : []
      const following = all.find((k) => k.code > code)?.code
      return { items, next: next !== '0' ? `${code}:${next}` : following === undefined ? '' : `${following}:0` }
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
  const { client, keys, run } = await open(options)
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
