import type { AuditEntry } from '../store/store.js'
import type { EngineContext, Outcome, WorkflowEvent } from '../workflow/engine.js'
import { currentVersion, type Draft, type Leave } from '../workflow/types.js'
import type { BotDeps } from './deps.js'

/** The engine's view of "now": the clock and who is on leave at this moment. */
export async function engineContext(deps: Pick<BotDeps, 'config' | 'store' | 'clock'>): Promise<EngineContext> {
  const now = deps.clock.now()
  const leaves = await deps.store.list<Leave>('leaves')
  const away = new Set(leaves.filter((l) => l.until > now).map((l) => l.id))
  return { config: deps.config, now, isAway: (p) => away.has(p) }
}

export function loadDraft(deps: BotDeps, id: string): Promise<Draft | undefined> {
  return deps.store.get<Draft>('drafts', id)
}

export function auditOf(draft: Draft, actor: string, events: WorkflowEvent[], at: number): AuditEntry[] {
  const v = currentVersion(draft)
  return events.map(({ type, ...detail }) => ({
    at,
    actor,
    action: type,
    subject: draft.id,
    version: v.version,
    hash: v.hash,
    ...(Object.keys(detail).length ? { detail } : {}),
  }))
}

/**
 * Read, decide, write with compare-and-set, retrying when another instance changed the draft
 * in between; the decision and its audit entries land together or not at all.
 */
export async function updateDraft(
  deps: BotDeps,
  id: string,
  actor: string,
  decide: (draft: Draft, ctx: EngineContext) => Outcome | undefined,
): Promise<Outcome | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const draft = await loadDraft(deps, id)
    if (!draft) return undefined
    const ctx = await engineContext(deps)
    const outcome = decide(draft, ctx)
    if (!outcome || !outcome.ok) return outcome
    const rev = await deps.store.commit('drafts', outcome.draft, draft.rev, auditOf(outcome.draft, actor, outcome.events, ctx.now))
    if (rev !== false) return { ...outcome, draft: { ...outcome.draft, rev } }
  }
  throw new Error(`draft ${id} kept changing under us; please try again`)
}
