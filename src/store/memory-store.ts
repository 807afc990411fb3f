/**
 * A store in memory only, one per call: for tests, the playground and benchmarks. Nothing
 * survives the process; production uses the SQLite store (default) or Redis.
 */
import { byId, byScoreThenId, bySlot, type JobSlot } from './order.js'
import {
  MARKED_AT,
  markerDoc,
  type AuditEntry,
  type IndexTerms,
  type Job,
  type NewJob,
  type Page,
  type ScoreRange,
  type Store,
  type StoredDoc,
  type TermRange,
} from './store.js'

export function createMemoryStore(): Store {
  const seq = new Map<string, number>()
  const docs = new Map<string, Map<string, { doc: StoredDoc; terms: IndexTerms }>>()
  /** collection \0 term -> doc id -> score */
  const index = new Map<string, Map<string, number>>()
  const archived = new Map<string, StoredDoc>()
  const audit: AuditEntry[] = []
  const jobs = new Map<string, JobSlot>()
  const subjects = new Map<string, Set<string>>()
  let closed = false

  function open(): void {
    if (closed) throw new Error('the memory store is closed; open a new one with createMemoryStore')
  }

  function collection(name: string) {
    let found = docs.get(name)
    if (!found) docs.set(name, (found = new Map()))
    return found
  }

  function setTerms(name: string, id: string, before: IndexTerms, after: IndexTerms): void {
    for (const term of Object.keys(before)) index.get(`${name}\0${term}`)?.delete(id)
    for (const [term, score] of Object.entries(after)) {
      const key = `${name}\0${term}`
      let ids = index.get(key)
      if (!ids) index.set(key, (ids = new Map()))
      ids.set(id, score)
    }
  }

  function inRange(name: string, term: string, { min = -Infinity, max = Infinity }: ScoreRange): [string, number][] {
    return [...(index.get(`${name}\0${term}`) ?? [])].filter(([, score]) => score >= min && score <= max)
  }

  /** Up to `limit` documents under `term` scored below `before`, oldest first. */
  function below(name: string, term: string, before: number, limit: number): [string, number][] {
    return inRange(name, term, {})
      .filter(([, score]) => score < before)
      .sort(([, x], [, y]) => x - y)
      .slice(0, Math.max(0, limit))
  }

  /**
   * Passes under way (listPage, jobsPage) by cursor, ">" + the last id read: a Map's iterator goes
   * on over what was added meanwhile and skips what went, so a page costs its own size, not a sort
   * of everything. A cursor read twice (a pass resumed) starts over after that id.
   */
  const passes = new Map<string, Iterator<StoredDoc | Job>>()

  function pageOf<T extends StoredDoc | Job>(cursor: string, limit: number, start: () => Iterator<T>): Page<T> {
    let pass = passes.get(cursor) as Iterator<T> | undefined
    passes.delete(cursor)
    if (!pass) {
      pass = start()
      if (cursor) {
        // after the cursor's id, or from the start if it went meanwhile
        let next = pass.next()
        while (!next.done && next.value.id !== cursor.slice(1)) next = pass.next()
        if (next.done) pass = start()
      }
    }
    const items: T[] = []
    while (items.length < Math.max(1, limit)) {
      const next = pass.next()
      if (next.done) return structuredClone({ items, next: '' })
      items.push(next.value)
    }
    const next = `>${items.at(-1)!.id}`
    passes.set(next, pass)
    return structuredClone({ items, next })
  }

  function put(job: NewJob): void {
    drop(job.id)
    jobs.set(job.id, { job: { ...structuredClone(job), attempts: 0 }, claimableAt: job.dueAt })
    if (job.subject !== undefined) {
      let ids = subjects.get(job.subject)
      if (!ids) subjects.set(job.subject, (ids = new Set()))
      ids.add(job.id)
    }
  }

  function drop(id: string): boolean {
    const slot = jobs.get(id)
    if (!slot) return false
    jobs.delete(id)
    if (slot.job.subject !== undefined) subjects.get(slot.job.subject)?.delete(id)
    return true
  }

  return {
    async nextSeq(name) {
      open()
      const value = (seq.get(name) ?? 0) + 1
      seq.set(name, value)
      return value
    },

    async get<T extends StoredDoc>(name: string, id: string) {
      open()
      const doc = docs.get(name)?.get(id)?.doc ?? archived.get(`${name}\0${id}`)
      return doc && (structuredClone(doc) as T)
    },

    async list<T extends StoredDoc>(name: string) {
      open()
      const all = [...(docs.get(name)?.values() ?? [])].map((e) => e.doc)
      return structuredClone(all.sort(byId)) as T[]
    },

    async listPage<T extends StoredDoc>(name: string, cursor: string, limit: number) {
      open()
      return pageOf(cursor, limit, function* () {
        for (const entry of docs.get(name)?.values() ?? []) yield entry.doc as T
      })
    },

    async commit(name, doc, expectedRev, entries, terms = {}, then = {}) {
      open()
      const stored = collection(name)
      const before = stored.get(doc.id)
      if ((before?.doc.rev ?? 0) !== expectedRev) return false
      const markers = then.markers ?? []
      if (markers.some((m) => docs.get(m.collection)?.has(m.id) || archived.has(`${m.collection}\0${m.id}`))) return false
      const rev = expectedRev + 1
      stored.set(doc.id, { doc: { ...structuredClone(doc), rev }, terms: { ...terms } })
      setTerms(name, doc.id, before?.terms ?? {}, terms)
      audit.push(...structuredClone(entries))
      for (const subject of then.cancelSubjects ?? []) for (const id of [...(subjects.get(subject) ?? [])]) drop(id)
      for (const id of then.cancel ?? []) drop(id)
      for (const job of then.schedule ?? []) put(job)
      for (const m of markers) {
        const markerTerms = { [MARKED_AT]: m.at }
        collection(m.collection).set(m.id, { doc: markerDoc(m), terms: markerTerms })
        setTerms(m.collection, m.id, {}, markerTerms)
      }
      return rev
    },

    async findBy<T extends StoredDoc>(name: string, term: string, range: TermRange = {}) {
      open()
      const { limit = Infinity, offset = 0 } = range
      const hits: StoredDoc[] = []
      const scores: number[] = []
      for (const [id, score] of inRange(name, term, range)) {
        hits.push(docs.get(name)?.get(id)?.doc ?? archived.get(`${name}\0${id}`)!)
        scores.push(score)
      }
      const ordered = byScoreThenId(hits, scores)
      if (range.reverse) ordered.reverse()
      return structuredClone(ordered.slice(offset, offset + Math.max(0, limit))) as T[]
    },

    async count(name, term, range = {}) {
      open()
      return inRange(name, term, range).length
    },

    async archive(name, term, before, limit, keep = []) {
      open()
      const due = below(name, term, before, limit)
      for (const [id] of due) {
        const entry = docs.get(name)!.get(id)!
        const kept = Object.fromEntries(Object.entries(entry.terms).filter(([t]) => t !== term && keep.some((k) => t.startsWith(k))))
        setTerms(name, id, entry.terms, kept)
        docs.get(name)!.delete(id)
        archived.set(`${name}\0${id}`, entry.doc)
      }
      return due.length
    },

    async purge(name, term, before, limit) {
      open()
      const due = below(name, term, before, limit)
      for (const [id] of due) {
        setTerms(name, id, docs.get(name)!.get(id)!.terms, {})
        docs.get(name)!.delete(id)
      }
      return due.length
    },

    async audit(subject) {
      open()
      return structuredClone(audit.filter((e) => e.subject === subject))
    },

    async auditBetween(from, to) {
      open()
      // Stable sort: entries with the same time stay in commit order, as in the other stores.
      return structuredClone(audit.filter((e) => from <= e.at && e.at < to).sort((a, b) => a.at - b.at))
    },

    async schedule(job: NewJob) {
      open()
      put(job)
    },

    async cancel(jobId) {
      open()
      drop(jobId)
    },

    async claimDue(now, leaseMs, limit) {
      open()
      const due = [...jobs.values()]
        .filter((slot) => slot.claimableAt <= now)
        .sort(bySlot)
        .slice(0, Math.max(0, limit))
      for (const slot of due) {
        slot.claimableAt = now + leaseMs
        slot.job.attempts += 1
      }
      return due.map((slot) => structuredClone(slot.job))
    },

    async complete(jobId) {
      open()
      // A job scheduled again since it was claimed (attempts back to 0) is a new job: keep it.
      if ((jobs.get(jobId)?.job.attempts ?? 0) > 0) drop(jobId)
    },

    async jobsOf(subject) {
      open()
      const slots = [...(subjects.get(subject) ?? [])].map((id) => jobs.get(id)!)
      return structuredClone(slots.sort(bySlot).map((slot) => slot.job))
    },

    async job(id) {
      open()
      return structuredClone(jobs.get(id)?.job)
    },

    async jobsOfKind(kind, limit) {
      open()
      const slots = [...jobs.values()].filter((slot) => slot.job.kind === kind)
      return structuredClone(
        slots
          .sort(bySlot)
          .slice(0, Math.max(0, limit))
          .map((slot) => slot.job),
      )
    },

    async cancelSubject(subject) {
      open()
      const ids = [...(subjects.get(subject) ?? [])]
      for (const id of ids) drop(id)
      return ids.length
    },

    async pendingJobs() {
      open()
      return structuredClone([...jobs.values()].sort(bySlot).map((slot) => slot.job))
    },

    async jobsPage(cursor, limit) {
      open()
      return pageOf(cursor, limit, function* () {
        for (const slot of jobs.values()) yield slot.job
      })
    },

    async close() {
      closed = true
    },
  }
}
