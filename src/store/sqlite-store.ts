/**
 * The embedded store: one SQLite file (better-sqlite3, WAL mode). Every change is one transaction
 * (a commit writes its document, its index terms and its audit entries together), so a crash
 * leaves all of a change or none of it — its jobs and outbox messages included — and nothing is held in memory between calls: a write that
 * fails changes nothing anywhere.
 *
 * Safe for several processes on one file (a second bot, a CLI backup): writes take SQLite's write
 * lock (BEGIN IMMEDIATE) and wait up to the busy timeout for it, so claimDue hands each job to one
 * process only. synchronous=NORMAL: a change survives a crash of the process (kill -9); a power
 * cut may lose the last few transactions, never corrupt the file.
 *
 * Tables:
 *   seq(name, value)                                counters
 *   docs(collection, id, rev, body)                 documents as JSON
 *   terms(collection, term, score, id)              index terms, replaced on each commit; an archived document keeps the history's
 *   audit(n, at, subject, body)                     audit entries, n in commit order
 *   jobs(id, claimable_at, attempts, subject, body) due jobs; claimable_at is the due time or the end of a lease,
 *                                                  indexed by subject and by the body's kind (jobsOfKind)
 *   archive(collection, id, body)                   documents moved out of the live set (Store.archive)
 *   meta(key, value)                                schema version, migration marker
 */
import { existsSync, statSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import Database from 'better-sqlite3'
import { readSnapshot, StoreFileError, type StoreState } from './legacy-json.js'
import { byId, byScoreThenId } from './order.js'
import { guardedSqliteStore } from './sqlite-guard.js'
import {
  MARKED_AT,
  markerDoc,
  type ArchivedDoc,
  type AuditEntry,
  type Consequences,
  type IndexTerms,
  type Job,
  type NewJob,
  type Page,
  type ScoreRange,
  type Store,
  type StoredDoc,
  type TermRange,
} from './store.js'

export interface SqliteStoreOptions {
  /** How long a write waits for another process's write lock before failing (default 5000 ms). */
  busyTimeoutMs?: number
  /**
   * A JSON snapshot of the former file store to migrate on first start: imported in one
   * transaction, then renamed to `<file>.migrated` as a backup.
   */
  migrateFrom?: string
}

const SCHEMA_VERSION = 1

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seq (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs (
  collection TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS terms (
  collection TEXT NOT NULL, term TEXT NOT NULL, score REAL NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (collection, term, score, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS terms_of_doc ON terms (collection, id);
CREATE TABLE IF NOT EXISTS archive (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (n INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_by_subject ON audit (subject, n);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at, n);
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY, claimable_at INTEGER NOT NULL, attempts INTEGER NOT NULL, subject TEXT, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jobs_by_time ON jobs (claimable_at, id);
CREATE INDEX IF NOT EXISTS jobs_by_subject ON jobs (subject) WHERE subject IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_by_kind ON jobs (json_extract(body, '$.kind'), claimable_at, id);
`

interface JobRow {
  id: string
  attempts: number
  body: string
}

/**
 * A page of rows read in id order (listPage, jobsPage), `limit` at most. If it is full the next
 * one takes ids >= its last id + "\0", the least string above that id.
 */
function page<R extends { id: string }, T>(rows: R[], limit: number, item: (row: R) => T): Page<T> {
  return { items: rows.map(item), next: rows.length >= Math.max(1, limit) ? `${rows.at(-1)!.id}\0` : '' }
}

function toJob(row: JobRow): Job {
  return { ...(JSON.parse(row.body) as NewJob), attempts: row.attempts }
}

function jobBody(job: NewJob): string {
  const { id, dueAt, kind, payload, subject } = job
  return JSON.stringify(subject === undefined ? { id, dueAt, kind, payload } : { id, dueAt, kind, payload, subject })
}

function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database | undefined
  const replaying = existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0
  try {
    db = new Database(path, { timeout: busyTimeoutMs })
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(SCHEMA)
    // A damaged file is refused at start, not discovered by a failing write. A -wal replayed at this open (after a
    // crash, or one left by an earlier database beside a restored copy) gets the full check; otherwise the quick one.
    const check = db.pragma(replaying ? 'integrity_check(1)' : 'quick_check(1)', { simple: true })
    if (check !== 'ok') throw new Error(`the file is damaged (${String(check)}); restore it from a backup (npm run restore)`)
    const version = db.prepare<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema'`).get()?.value
    if (version === undefined) db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)`).run(String(SCHEMA_VERSION))
    else if (Number(version) > SCHEMA_VERSION)
      throw new Error(`it was written by a newer sanshen (schema ${version}, this one reads ${SCHEMA_VERSION}); upgrade sanshen`)
    return db
  } catch (e) {
    db?.close()
    throw new StoreFileError(
      `${path}: cannot open the SQLite store (${(e as Error).message}). Check that it is a sanshen database sanshen may read and write (SANSHEN_DATA).`,
    )
  }
}

export async function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const db = openDatabase(path, options.busyTimeoutMs ?? 5000)
  try {
    if (options.migrateFrom) await migrate(db, path, options.migrateFrom)
  } catch (e) {
    db.close()
    throw e
  }

  /** A term's documents, live or archived, one page of them in score order. */
  function findStatement(order: 'ASC' | 'DESC') {
    return db.prepare<{ body: string | null; score: number }>(
      `SELECT COALESCE(d.body, a.body) AS body, t.score FROM terms t
       LEFT JOIN docs d ON d.collection = t.collection AND d.id = t.id
       LEFT JOIN archive a ON a.collection = t.collection AND a.id = t.id
       WHERE t.collection = ? AND t.term = ? AND t.score >= ? AND t.score <= ? ORDER BY t.score ${order}, t.id ${order} LIMIT ? OFFSET ?`,
    )
  }

  const sql = {
    nextSeq: db.prepare<{ value: number }>(
      'INSERT INTO seq (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    get: db.prepare<{ body: string }>(
      'SELECT body FROM docs WHERE collection = @collection AND id = @id UNION ALL SELECT body FROM archive WHERE collection = @collection AND id = @id LIMIT 1',
    ),
    /** the documents under a term scored below a time, oldest first (to archive or purge) */
    toArchive: db.prepare<{ id: string }>('SELECT id FROM terms WHERE collection = ? AND term = ? AND score < ? ORDER BY score, id LIMIT ?'),
    putArchive: db.prepare(
      'INSERT OR REPLACE INTO archive (collection, id, body) SELECT collection, id, body FROM docs WHERE collection = ? AND id = ?',
    ),
    dropDoc: db.prepare('DELETE FROM docs WHERE collection = ? AND id = ?'),
    list: db.prepare<{ body: string }>('SELECT body FROM docs WHERE collection = ?'),
    listPage: db.prepare<{ id: string; body: string }>('SELECT id, body FROM docs WHERE collection = ? AND id >= ? ORDER BY id LIMIT ?'),
    rev: db.prepare<{ rev: number }>('SELECT rev FROM docs WHERE collection = ? AND id = ?'),
    putDoc: db.prepare(
      'INSERT INTO docs (collection, id, rev, body) VALUES (?, ?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET rev = excluded.rev, body = excluded.body',
    ),
    dropTerms: db.prepare('DELETE FROM terms WHERE collection = ? AND id = ?'),
    putTerm: db.prepare('INSERT OR REPLACE INTO terms (collection, term, score, id) VALUES (?, ?, ?, ?)'),
    findBy: findStatement('ASC'),
    findByReverse: findStatement('DESC'),
    count: db.prepare<{ n: number }>('SELECT COUNT(*) AS n FROM terms WHERE collection = ? AND term = ? AND score >= ? AND score <= ?'),
    termsOfDoc: db.prepare<{ term: string }>('SELECT term FROM terms WHERE collection = ? AND id = ?'),
    dropTerm: db.prepare('DELETE FROM terms WHERE collection = ? AND id = ? AND term = ?'),
    putAudit: db.prepare('INSERT INTO audit (at, subject, body) VALUES (?, ?, ?)'),
    audit: db.prepare<{ body: string }>('SELECT body FROM audit WHERE subject = ? ORDER BY n'),
    auditBetween: db.prepare<{ body: string }>('SELECT body FROM audit WHERE at >= ? AND at < ? ORDER BY at, n'),
    putJob: db.prepare(
      'INSERT INTO jobs (id, claimable_at, attempts, subject, body) VALUES (?, ?, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET claimable_at = excluded.claimable_at, attempts = 0, subject = excluded.subject, body = excluded.body',
    ),
    dropJob: db.prepare('DELETE FROM jobs WHERE id = ?'),
    completeJob: db.prepare('DELETE FROM jobs WHERE id = ? AND attempts > 0'),
    due: db.prepare<JobRow>('SELECT id, attempts, body FROM jobs WHERE claimable_at <= ? ORDER BY claimable_at, id LIMIT ?'),
    lease: db.prepare('UPDATE jobs SET claimable_at = ?, attempts = attempts + 1 WHERE id = ?'),
    jobsOf: db.prepare<JobRow>('SELECT id, attempts, body FROM jobs WHERE subject = ? ORDER BY claimable_at, id'),
    job: db.prepare<JobRow>('SELECT id, attempts, body FROM jobs WHERE id = ?'),
    jobsOfKind: db.prepare<JobRow>("SELECT id, attempts, body FROM jobs WHERE json_extract(body, '$.kind') = ? ORDER BY claimable_at, id LIMIT ?"),
    dropSubject: db.prepare('DELETE FROM jobs WHERE subject = ?'),
    pending: db.prepare<JobRow>('SELECT id, attempts, body FROM jobs ORDER BY claimable_at, id'),
    jobsPage: db.prepare<JobRow>('SELECT id, attempts, body FROM jobs WHERE id >= ? ORDER BY id LIMIT ?'),
  }

  const commitTx = db.transaction(
    (collection: string, doc: StoredDoc, expectedRev: number, audit: AuditEntry[], terms: IndexTerms, then: Consequences): number | false => {
      if ((sql.rev.get(collection, doc.id)?.rev ?? 0) !== expectedRev) return false
      const markers = then.markers ?? []
      if (markers.some((m) => sql.get.get({ collection: m.collection, id: m.id }))) return false
      const rev = expectedRev + 1
      sql.putDoc.run(collection, doc.id, rev, JSON.stringify({ ...doc, rev }))
      if (expectedRev > 0) sql.dropTerms.run(collection, doc.id)
      for (const [term, score] of Object.entries(terms)) sql.putTerm.run(collection, term, score, doc.id)
      for (const entry of audit) sql.putAudit.run(entry.at, entry.subject, JSON.stringify(entry))
      for (const subject of then.cancelSubjects ?? []) sql.dropSubject.run(subject)
      for (const id of then.cancel ?? []) sql.dropJob.run(id)
      for (const job of then.schedule ?? []) sql.putJob.run(job.id, job.dueAt, job.subject ?? null, jobBody(job))
      for (const m of markers) {
        sql.putDoc.run(m.collection, m.id, 1, JSON.stringify(markerDoc(m)))
        sql.putTerm.run(m.collection, MARKED_AT, m.at, m.id)
      }
      return rev
    },
  )

  const archiveTx = db.transaction((collection: string, term: string, before: number, limit: number, keep: readonly string[]): number => {
    const ids = sql.toArchive.all(collection, term, before, limit)
    for (const { id } of ids) {
      sql.putArchive.run(collection, id)
      sql.dropDoc.run(collection, id)
      for (const row of sql.termsOfDoc.all(collection, id))
        if (row.term === term || !keep.some((k) => row.term.startsWith(k))) sql.dropTerm.run(collection, id, row.term)
    }
    return ids.length
  })

  const purgeTx = db.transaction((collection: string, term: string, before: number, limit: number): number => {
    const ids = sql.toArchive.all(collection, term, before, limit)
    for (const { id } of ids) {
      sql.dropDoc.run(collection, id)
      sql.dropTerms.run(collection, id)
    }
    return ids.length
  })

  const claim = db.transaction((now: number, leaseMs: number, limit: number): Job[] => {
    const rows = sql.due.all(now, limit)
    for (const row of rows) {
      sql.lease.run(now + leaseMs, row.id)
      row.attempts += 1
    }
    return rows.map(toJob)
  })

  function open(): void {
    if (!db.open) throw new Error(`the store at ${path} is closed; open a new one with createSqliteStore`)
  }

  return guardedSqliteStore(path, {
    async nextSeq(name) {
      open()
      return sql.nextSeq.get(name)!.value
    },

    async get<T extends StoredDoc>(collection: string, id: string) {
      open()
      const row = sql.get.get({ collection, id })
      return row && (JSON.parse(row.body) as T)
    },

    async list<T extends StoredDoc>(collection: string) {
      open()
      return sql.list
        .all(collection)
        .map((row) => JSON.parse(row.body) as T)
        .sort(byId)
    },

    async listPage<T extends StoredDoc>(collection: string, cursor: string, limit: number) {
      open()
      return page(sql.listPage.all(collection, cursor, Math.max(1, limit)), limit, (row) => JSON.parse(row.body) as T)
    },

    async commit(collection, doc, expectedRev, audit, terms = {}, then = {}) {
      open()
      return commitTx.immediate(collection, doc, expectedRev, audit, terms, then)
    },

    async findBy<T extends StoredDoc>(collection: string, term: string, range: TermRange = {}) {
      open()
      const statement = range.reverse ? sql.findByReverse : sql.findBy
      const rows = statement
        .all(collection, term, range.min ?? -Infinity, range.max ?? Infinity, range.limit ?? -1, range.offset ?? 0)
        .filter((row): row is { body: string; score: number } => row.body !== null)
      const docs = byScoreThenId(
        rows.map((row) => JSON.parse(row.body) as T),
        rows.map((row) => row.score),
      )
      return range.reverse ? docs.reverse() : docs
    },

    async count(collection, term, range: ScoreRange = {}) {
      open()
      return sql.count.get(collection, term, range.min ?? -Infinity, range.max ?? Infinity)!.n
    },

    async archive(collection, term, before, limit, keep = []) {
      open()
      if (limit <= 0) return 0
      return archiveTx.immediate(collection, term, before, limit, keep)
    },

    async purge(collection, term, before, limit) {
      open()
      if (limit <= 0) return 0
      return purgeTx.immediate(collection, term, before, limit)
    },

    async audit(subject) {
      open()
      return sql.audit.all(subject).map((row) => JSON.parse(row.body) as AuditEntry)
    },

    async auditBetween(from, to) {
      open()
      return sql.auditBetween.all(from, to).map((row) => JSON.parse(row.body) as AuditEntry)
    },

    async schedule(job) {
      open()
      sql.putJob.run(job.id, job.dueAt, job.subject ?? null, jobBody(job))
    },

    async cancel(jobId) {
      open()
      sql.dropJob.run(jobId)
    },

    async claimDue(now, leaseMs, limit) {
      open()
      if (limit <= 0) return []
      // IMMEDIATE takes the write lock before reading, so two processes never claim the same job.
      return claim.immediate(now, leaseMs, limit)
    },

    async complete(jobId) {
      open()
      // A job scheduled again since it was claimed (attempts back to 0) is a new job: keep it.
      sql.completeJob.run(jobId)
    },

    async jobsOf(subject) {
      open()
      return sql.jobsOf.all(subject).map(toJob)
    },

    async job(id) {
      open()
      const row = sql.job.get(id)
      return row && toJob(row)
    },

    async jobsOfKind(kind, limit) {
      open()
      return sql.jobsOfKind.all(kind, Math.max(0, limit)).map(toJob)
    },

    async cancelSubject(subject) {
      open()
      return sql.dropSubject.run(subject).changes
    },

    async pendingJobs() {
      open()
      return sql.pending.all().map(toJob)
    },

    async jobsPage(cursor, limit) {
      open()
      return page(sql.jobsPage.all(cursor, Math.max(1, limit)), limit, toJob)
    },

    async close() {
      if (db.open) db.close()
    },
  })
}

/**
 * A SQLite file that receives archived documents (an export of the Redis archive, one file per
 * year for instance): each batch one transaction into the `archive` table with the terms they kept,
 * so a SQLite store opened on the file (withArchiveFiles) finds them as it finds its own archive.
 */
export function openArchiveFile(path: string): { write(docs: ArchivedDoc[]): void; close(): void } {
  const db = openDatabase(path, 5000)
  const putArchive = db.prepare('INSERT OR REPLACE INTO archive (collection, id, body) VALUES (?, ?, ?)')
  const putTerm = db.prepare('INSERT OR REPLACE INTO terms (collection, term, score, id) VALUES (?, ?, ?, ?)')
  const write = db.transaction((docs: ArchivedDoc[]) => {
    for (const d of docs) {
      putArchive.run(d.collection, d.id, d.body)
      for (const [term, score] of Object.entries(d.terms)) putTerm.run(d.collection, term, score, d.id)
    }
  })
  return { write: (docs) => write.immediate(docs), close: () => db.close() }
}

/**
 * Imports the former JSON snapshot at `jsonPath` into a new database, then keeps the file as
 * `<file>.migrated`. The import and its marker are one transaction: after a crash before the
 * rename, the next start only renames.
 */
async function migrate(db: Database.Database, dbPath: string, jsonPath: string): Promise<void> {
  if (!existsSync(jsonPath)) return
  const marker = db.prepare<{ value: string }>(`SELECT value FROM meta WHERE key = 'migrated-from'`)
  if (!marker.get()) {
    const hasData = db.prepare('SELECT 1 FROM docs UNION ALL SELECT 1 FROM jobs UNION ALL SELECT 1 FROM seq LIMIT 1').get()
    if (hasData)
      throw new StoreFileError(
        `${jsonPath}: a JSON store file lies beside the SQLite store ${dbPath}, which already holds data. Move one of them aside; sanshen will not merge them.`,
      )
    const state = await readSnapshot(jsonPath)
    db.transaction(() => {
      importState(db, state)
      db.prepare(`INSERT INTO meta (key, value) VALUES ('migrated-from', ?)`).run(jsonPath)
    })()
  }
  await rename(jsonPath, `${jsonPath}.migrated`)
}

function importState(db: Database.Database, state: StoreState): void {
  const seq = db.prepare('INSERT INTO seq (name, value) VALUES (?, ?)')
  for (const [name, value] of state.seq) seq.run(name, value)
  const doc = db.prepare('INSERT INTO docs (collection, id, rev, body) VALUES (?, ?, ?, ?)')
  for (const [collection, docs] of state.docs) for (const d of docs.values()) doc.run(collection, d.id, d.rev, JSON.stringify(d))
  const audit = db.prepare('INSERT INTO audit (at, subject, body) VALUES (?, ?, ?)')
  for (const entry of state.audit) audit.run(entry.at, entry.subject, JSON.stringify(entry))
  const job = db.prepare('INSERT INTO jobs (id, claimable_at, attempts, subject, body) VALUES (?, ?, ?, ?, ?)')
  for (const { job: j, claimableAt } of state.jobs.values()) job.run(j.id, claimableAt, j.attempts, j.subject ?? null, jobBody(j))
}
