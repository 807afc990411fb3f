import { collections } from '../collections.js'
import type { AuditEntry, Consequences } from '../../store/store.js'
import { consequencesOf, type FollowUps } from '../follow-ups.js'
import { followUpsOf, planAfterChange, type ChangePlan } from './announce.js'
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

/**
 * A decision and the context it was taken in: what follows it (announcements, refusals) reads no
 * leaves again. A change carries its plan and what was committed with it (afterChange sends it).
 */
export type Decided = Outcome & { ctx: EngineContext; plan?: ChangePlan; implied?: Consequences }

/**
 * Read, decide, write with compare-and-set (src/bot/update-doc.ts): the engine's context is taken
 * afresh on each attempt; the decision, its audit entries and its follow-ups (the next reviewer
 * asked, the stage time-out, `more`) land together or not at all; `no-follow-ups` for changes that
 * ask nobody and schedule nothing, `{ only }` for those whose one announcement is all that follows
 * (a withdrawal, a remark: no request, no reminder of a stuck stage).
 */
export async function updateDraft(
  deps: BotDeps,
  id: string,
  actor: string,
  decide: (draft: Draft, ctx: EngineContext) => Outcome | undefined,
  more?: ((draft: Draft, ctx: EngineContext) => FollowUps) | 'no-follow-ups' | { only: (draft: Draft) => FollowUps },
): Promise<Decided | undefined> {
  const updated = await updateDoc<Draft, WorkflowEvent, Decided | undefined>(
    deps.store,
    collections.drafts,
    id,
    actor,
    async (draft) => {
      const ctx = await engineContext(deps)
      const outcome = decide(draft, ctx)
      if (!outcome?.ok) return { result: outcome && { ...outcome, ctx } }
      // a remark, a withdrawal, a false alarm: said by their command, nothing scheduled
      if (more === 'no-follow-ups') return { result: { ...outcome, ctx }, change: { doc: outcome.draft, events: outcome.events, at: ctx.now } }
      if (typeof more === 'object') {
        const implied = await consequencesOf(deps, more.only(outcome.draft))
        return { result: { ...outcome, ctx, implied }, change: { doc: outcome.draft, events: outcome.events, at: ctx.now, implied } }
      }
      const plan = planAfterChange(deps.config, outcome.draft, outcome.events, ctx)
      const planned = followUpsOf(deps, outcome.draft, plan)
      const extra = typeof more === 'function' ? more(outcome.draft, ctx) : {}
      const implied = await consequencesOf(deps, {
        jobs: [...(planned.jobs ?? []), ...(extra.jobs ?? [])],
        say: [...(planned.say ?? []), ...(extra.say ?? [])],
      })
      return { result: { ...outcome, ctx, plan, implied }, change: { doc: outcome.draft, events: outcome.events, at: ctx.now, implied } }
    },
    auditOf,
  )
  if (!updated) return undefined
  const { result, rev } = updated
  return result?.ok ? { ...result, draft: { ...result.draft, rev } } : result
}
