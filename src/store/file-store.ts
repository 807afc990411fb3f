/**
 * The embedded store: one process, the whole state in memory, every change persisted to one
 * snapshot file before its promise resolves. Changes apply synchronously in memory (so one
 * process needs no locks) and the file writes are serialised through one queue; changes made
 * while a write is waiting share the next write.
 *
 * The audit log lives inside the snapshot rather than in a JSONL file beside it: a commit changes
 * a document and appends audit entries, and one rename makes both durable together, with no
 * reconciling after a crash between two files. The price is rewriting the whole log on each
 * change, which suits the small installation this store is for; larger ones use Redis.
 */
import { byId } from './order.js'
import { readSnapshot, serialiseState, emptyState, writeFileAtomically, type JobSlot, type StoreState } from './snapshot-file.js'
import type { AuditEntry, Job, NewJob, Store, StoredDoc } from './store.js'

/**
 * Opens the store persisted at `path` (created on the first change), or a memory-only store for
 * `null`. Rejects with a StoreFileError if the file exists but cannot be used.
 */
export async function createFileStore(path: string | null): Promise<Store> {
  const state = path === null ? emptyState() : await readSnapshot(path)
  let closed = false
  let lastWrite: Promise<void> = Promise.resolve()
  let waitingWrite: Promise<void> | null = null

  /** Resolves once a write that includes every change made so far is on disk. */
  function persist(): Promise<void> {
    if (path === null) return Promise.resolve()
    if (!waitingWrite) {
      waitingWrite = lastWrite.then(() => {
        waitingWrite = null
        return writeFileAtomically(path, serialiseState(state))
      })
      lastWrite = waitingWrite.catch(() => undefined)
    }
    return waitingWrite
  }

  function open(): StoreState {
    if (closed) throw new Error(`the store${path ? ` at ${path}` : ''} is closed; open a new one with createFileStore`)
    return state
  }

  function collection(name: string): Map<string, StoredDoc> {
    let docs = state.docs.get(name)
    if (!docs) state.docs.set(name, (docs = new Map()))
    return docs
  }

  function pendingSlots(): JobSlot[] {
    return [...open().jobs.values()].sort(
      (a, b) => a.claimableAt - b.claimableAt || (a.job.id < b.job.id ? -1 : a.job.id > b.job.id ? 1 : 0),
    )
  }

  return {
    async nextSeq(name) {
      const seq = open().seq
      const value = (seq.get(name) ?? 0) + 1
      seq.set(name, value)
      await persist()
      return value
    },

    async get<T extends StoredDoc>(name: string, id: string) {
      const doc = open().docs.get(name)?.get(id)
      return doc && (structuredClone(doc) as T)
    },

    async list<T extends StoredDoc>(name: string) {
      const docs = [...(open().docs.get(name)?.values() ?? [])]
      return structuredClone(docs.sort(byId)) as T[]
    },

    async commit(name, doc, expectedRev, audit) {
      open()
      const docs = collection(name)
      if ((docs.get(doc.id)?.rev ?? 0) !== expectedRev) return false
      const rev = expectedRev + 1
      docs.set(doc.id, { ...structuredClone(doc), rev })
      state.audit.push(...structuredClone(audit))
      await persist()
      return rev
    },

    async audit(subject) {
      return structuredClone(open().audit.filter((e) => e.subject === subject))
    },

    async auditBetween(from, to) {
      const entries = open().audit.filter((e) => from <= e.at && e.at < to)
      // Stable sort: entries with the same time stay in commit order, as in the Redis store.
      return structuredClone(entries.sort((a, b) => a.at - b.at)) as AuditEntry[]
    },

    async schedule(job: NewJob) {
      open().jobs.set(job.id, { job: { ...structuredClone(job), attempts: 0 }, claimableAt: job.dueAt })
      await persist()
    },

    async cancel(jobId) {
      if (open().jobs.delete(jobId)) await persist()
    },

    async claimDue(now, leaseMs, limit) {
      const due = pendingSlots()
        .filter((slot) => slot.claimableAt <= now)
        .slice(0, Math.max(0, limit))
      if (due.length === 0) return []
      for (const slot of due) {
        slot.claimableAt = now + leaseMs
        slot.job.attempts += 1
      }
      await persist()
      return due.map((slot) => structuredClone(slot.job))
    },

    async complete(jobId) {
      // A job scheduled again since it was claimed (attempts back to 0) is a new job: keep it.
      const slot = open().jobs.get(jobId)
      if (slot && slot.job.attempts > 0) {
        state.jobs.delete(jobId)
        await persist()
      }
    },

    async pendingJobs(): Promise<Job[]> {
      return pendingSlots().map((slot) => structuredClone(slot.job))
    },

    async close() {
      closed = true
      await lastWrite
    },
  }
}
