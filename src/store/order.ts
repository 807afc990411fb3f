import type { Job, StoredDoc } from './store.js'

const idCollator = new Intl.Collator('en', { numeric: true })
/** Strings by code unit, as SQLite and Redis compare them (but for characters beyond U+FFFF). */
const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Documents in id order with numbers compared as numbers (D2 before D10), the same in every store. */
export function byId(a: StoredDoc, b: StoredDoc): number {
  return idCollator.compare(a.id, b.id)
}

/**
 * Index hits by ascending score, equal scores in plain id order (not byId's): the order SQLite and a
 * Redis sorted set cut a page by, so that pages read one after another join up. `docs` and
 * `scores` are parallel.
 */
export function byScoreThenId<T extends StoredDoc>(docs: T[], scores: number[]): T[] {
  const order = docs.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]! || plain(docs[a]!.id, docs[b]!.id))
  return order.map((i) => docs[i]!)
}

/** A scheduled job and the time it can next be claimed (its due time, or the end of its lease). */
export interface JobSlot {
  job: Job
  claimableAt: number
}

/** Jobs by the time they can next be claimed, then by id (the order of claimDue and pendingJobs). */
export function bySlot(a: JobSlot, b: JobSlot): number {
  return a.claimableAt - b.claimableAt || plain(a.job.id, b.job.id)
}
