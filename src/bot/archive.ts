import { MARKED, OUTBOX_MARKS } from '../chat/outbox.js'
import type { BotDeps } from './deps.js'
import { MARKED_AT } from '../store/store.js'
import { COMMANDS } from './command-outcome.js'
import { ARCHIVED, HISTORY_TERMS, term } from './index-terms.js'

export const DEFAULT_ARCHIVE_AFTER_DAYS = 180
/** Documents moved per collection and sweep: each sweep stays short, the backlog shrinks steadily. */
const ARCHIVE_BATCH = 500
/**
 * A job message's marker matters only while its job may run again (a lease that ran out after a
 * failed complete(): minutes, hours in an outage); a week later it is deleted.
 */
const MARK_DAYS = 7

/**
 * Moves drafts, public messages and incidents closed more than `afterDays` ago into the store's
 * archive, so the live set stays bounded by what is open; `get` (the dashboard's pages, #记录)
 * still reads them, the dashboard's history still finds them by date, account, status and person
 * (HISTORY_TERMS), and their audit stays. Deletes job-message and command markers older than MARK_DAYS.
 * Returns how many documents moved or went.
 */
export async function archiveClosed(deps: Pick<BotDeps, 'store' | 'clock'>, afterDays: number): Promise<number> {
  const now = deps.clock.now()
  const before = now - afterDays * 86_400_000
  let moved = 0
  for (const collection of ARCHIVED) moved += await deps.store.archive(collection, term.closed, before, ARCHIVE_BATCH, HISTORY_TERMS)
  const marks = now - MARK_DAYS * 86_400_000
  return (
    moved + (await deps.store.purge(OUTBOX_MARKS, MARKED, marks, ARCHIVE_BATCH)) + (await deps.store.purge(COMMANDS, MARKED_AT, marks, ARCHIVE_BATCH))
  )
}
