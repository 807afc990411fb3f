import type { Store } from '../store/store.js'
import { engineContextAt, type EngineContext } from '../workflow/engine.js'
import type { Leave } from '../workflow/types.js'
import { collections } from './collections.js'
import type { BotDeps } from './deps.js'
import { term } from './index-terms.js'

/** The engine's view of "now": the clock and who is on leave at this moment (drafts, cards and the dashboard ask it). */
export async function engineContext(deps: Pick<BotDeps, 'config' | 'store' | 'clock'>): Promise<EngineContext> {
  const now = deps.clock.now()
  return engineContextAt(deps.config, now, await leavesNotEnded(deps.store, now))
}

/** The leaves that have not ended by `now` (ended ones stay stored, one per person, and are not read). */
export function leavesNotEnded(store: Store, now: number): Promise<Leave[]> {
  return collections.leaves.findBy(store, term.until, { min: now })
}
