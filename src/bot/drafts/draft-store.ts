import { collections } from '../collections.js'
import type { AuditEntry } from '../../store/store.js'
import type { EngineContext, Outcome, WorkflowEvent } from '../../workflow/engine.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import type { BotDeps } from '../deps.js'
import { engineContext } from '../engine-context.js'
import { updateDoc } from '../update-doc.js'

export function loadDraft(deps: BotDeps, id: string): Promise<Draft | undefined> {
  return collections.drafts.get(deps.store, id)
}

export function auditOf(draft: Draft, actor: string, events: readonly WorkflowEvent[], at: number): AuditEntry[] {
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

/** A decision and the context it was taken in: what follows it (announcements, refusals) reads no leaves again. */
export type Decided = Outcome & { ctx: EngineContext }

/**
 * Read, decide, write with compare-and-set (src/bot/update-doc.ts): the engine's context is taken
 * afresh on each attempt; the decision and its audit entries land together or not at all.
 */
export async function updateDraft(
  deps: BotDeps,
  id: string,
  actor: string,
  decide: (draft: Draft, ctx: EngineContext) => Outcome | undefined,
): Promise<Decided | undefined> {
  const updated = await updateDoc<Draft, WorkflowEvent, Decided | undefined>(
    deps.store,
    collections.drafts,
    id,
    actor,
    async (draft) => {
      const ctx = await engineContext(deps)
      const outcome = decide(draft, ctx)
      const result = outcome && { ...outcome, ctx }
      return result?.ok ? { result, change: { doc: result.draft, events: result.events, at: ctx.now } } : { result }
    },
    auditOf,
  )
  if (!updated) return undefined
  const { result, rev } = updated
  return result?.ok ? { ...result, draft: { ...result.draft, rev } } : result
}
