import { OUTBOX, type Said } from '../chat/outbox.js'
import type { Consequences, NewJob } from '../store/store.js'
import type { BotDeps } from './deps.js'

/**
 * What a change implies: the jobs it schedules or cancels and what it says. They are committed
 * with the change (Store.commit's consequences, the transactional outbox), so a kill or a store
 * failure at any instant leaves the change with all of them or none: no approval whose next
 * reviewer is never asked, no message stored without its reminders.
 */
export interface FollowUps {
  /** every job of these subjects is removed first (reminders planned afresh) */
  cancelSubjects?: string[]
  cancel?: string[]
  jobs?: NewJob[]
  say?: Said[]
}

/** The store's consequences of `f`: what it says becomes outbox entries, committed with the change. */
export async function consequencesOf(deps: Pick<BotDeps, 'outbox'>, f: FollowUps): Promise<Consequences> {
  const said = f.say?.length ? await deps.outbox.entries(f.say) : []
  return {
    ...(f.cancelSubjects?.length ? { cancelSubjects: f.cancelSubjects } : {}),
    ...(f.cancel?.length ? { cancel: f.cancel } : {}),
    schedule: [...(f.jobs ?? []), ...said],
  }
}

/** Once committed: what the change says is sent now (what is not, the sweep sends). Never rejects. */
export function dispatch(deps: Pick<BotDeps, 'outbox'>, implied: Consequences | undefined): Promise<void> {
  const entries = (implied?.schedule ?? []).filter((j) => j.kind === OUTBOX)
  return entries.length ? deps.outbox.dispatch(entries) : Promise.resolve()
}
