/**
 * A store that also reads archive files: SQLite files holding documents exported from a Redis
 * archive (exportRedisArchive, `npm run archive -- export`), so the dashboard's history and
 * `#记录` still find them. Everything is written to, and read first from, the store itself;
 * `get` falls back to the files, `count` adds theirs, and `findBy` pages through the store's
 * documents and then the files' (newest file first with `reverse`, oldest first otherwise):
 * exported documents are the oldest, so the order stays by score except for a document that
 * stayed live longer than the ones exported (it comes with the store's).
 */
import type { ScoreRange, Store, StoredDoc, TermRange } from './store.js'

/** `files` in the order they were exported (oldest first). */
export function withArchiveFiles(store: Store, files: readonly Store[]): Store {
  if (files.length === 0) return store
  const count = async (collection: string, term: string, range?: ScoreRange) => {
    const counts = await Promise.all([store, ...files].map((s) => s.count(collection, term, range)))
    return counts.reduce((a, b) => a + b, 0)
  }
  return {
    ...store,

    async get<T extends StoredDoc>(collection: string, id: string) {
      const own = await store.get<T>(collection, id)
      if (own) return own
      for (const file of files) {
        const found = await file.get<T>(collection, id)
        if (found) return found
      }
      return undefined
    },

    async findBy<T extends StoredDoc>(collection: string, term: string, range: TermRange = {}) {
      const sources = range.reverse ? [store, ...[...files].reverse()] : [...files, store]
      let offset = range.offset ?? 0
      let limit = range.limit ?? Infinity
      const found: T[] = []
      for (const source of sources) {
        if (limit <= 0) break
        // skip a whole source by its count rather than by reading it
        const n = offset > 0 ? await source.count(collection, term, range) : Infinity
        if (offset >= n) {
          offset -= n
          continue
        }
        const page = await source.findBy<T>(collection, term, { ...range, offset, ...(limit < Infinity ? { limit } : {}) })
        found.push(...page)
        limit -= page.length
        offset = 0
      }
      return found
    },

    count,

    async close() {
      await Promise.all([store, ...files].map((s) => s.close()))
    },
  }
}
