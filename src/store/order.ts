import type { StoredDoc } from './store.js'

const idCollator = new Intl.Collator('en', { numeric: true })

/** Documents in id order with numbers compared as numbers (D2 before D10), the same in every store. */
export function byId(a: StoredDoc, b: StoredDoc): number {
  return idCollator.compare(a.id, b.id)
}
