import type { BotDeps } from './deps.js'
import { ARCHIVED, term } from './index-terms.js'

export const DEFAULT_ARCHIVE_AFTER_DAYS = 180
/** Documents moved per collection and sweep: each sweep stays short, the backlog shrinks steadily. */
const ARCHIVE_BATCH = 500

/**
 * Moves drafts, public messages and incidents closed more than `afterDays` ago into the store's
 * archive, so the live set stays bounded by what is open; `get` (the dashboard's pages, #记录)
 * still reads them and their audit stays. Returns how many moved.
 */
export async function archiveClosed(deps: Pick<BotDeps, 'store' | 'clock'>, afterDays: number): Promise<number> {
  const before = deps.clock.now() - afterDays * 86_400_000
  let moved = 0
  for (const collection of ARCHIVED) moved += await deps.store.archive(collection, term.closed, before, ARCHIVE_BATCH)
  return moved
}
