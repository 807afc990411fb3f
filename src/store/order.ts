import type { Job, StoredDoc } from './store.js'

const idCollator = new Intl.Collator('en', { numeric: true })

/** Documents in id order with numbers compared as numbers (D2 before D10), the same in every store. */
export function byId(a: StoredDoc, b: StoredDoc): number {
  return idCollator.compare(a.id, b.id)
}

/** Index hits by ascending score, equal scores in id order; `docs` and `scores` are parallel. */
export function byScoreThenId<T extends StoredDoc>(docs: T[], scores: number[]): T[] {
  const order = docs.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]! || byId(docs[a]!, docs[b]!))
  return order.map((i) => docs[i]!)
}

/** Jobs by the time they can next be claimed, then by id (the order of claimDue and pendingJobs). */
export function bySlot(a: { claimableAt: number; job: Job }, b: { claimableAt: number; job: Job }): number {
  return a.claimableAt - b.claimableAt || (a.job.id < b.job.id ? -1 : a.job.id > b.job.id ? 1 : 0)
}
