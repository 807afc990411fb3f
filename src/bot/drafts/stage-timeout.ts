import { dutyOf } from '../../workflow/duty.js'
import { timeOutStage } from '../../workflow/engine.js'
import { supervisorsOf } from '../../config/people.js'
import { currentVersion } from '../../workflow/types.js'
import { sayInGroup, tellPeople } from '../notify.js'
import type { JobHandler } from '../sweep.js'
import { afterChange } from './announce.js'
import { engineContext } from '../engine-context.js'
import { loadDraft, updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { remindOnCards } from '../cards/show.js'
import { cardText } from '../cards/texts.js'

/**
 * A stage waited too long. The first time: call in its fallback people, or tell the supervisors
 * when there are none. After that, every stage time again while it still waits: remind whoever
 * must act and the supervisors (the same escalation reply deadlines get), until the stage moves.
 */
export const stageTimeout: JobHandler = async (deps, job) => {
  const { draft: id, stage, version } = job.payload as { draft: string; stage: number; version: number }
  const draft = await loadDraft(deps, id)
  if (draft?.status !== 'pending' || draft.stage !== stage || currentVersion(draft).version !== version) return false
  const ctx = await engineContext(deps)
  if (draft.stageTimedOut) {
    const duty = dutyOf(draft, ctx)
    const waited = msg.stillWaiting(deps.config, draft, duty.asked, (ctx.now - draft.stageSince) / 60_000)
    const carded = await remindOnCards(deps, draft, ctx, waited)
    await sayInGroup(deps, draft.group, carded ? `${waited}${cardText.seeCard}` : waited, duty.asked)
    await tellPeople(deps, supervisorsOf(deps.config), waited)
  } else {
    const outcome = await updateDraft(deps, id, 'bot', (d, c) => timeOutStage(d, stage, version, c))
    if (!outcome?.ok) return false
    const duty = dutyOf(outcome.draft, ctx)
    if (!duty.slots.some((s) => !s.satisfied && s.fallbackActive)) {
      await tellPeople(deps, supervisorsOf(deps.config), msg.overdue(deps.config, outcome.draft, duty.asked))
    }
    await afterChange(deps, outcome.draft, outcome.events, ctx)
  }
  const minutes = deps.config.chains[draft.chain]?.stages[stage]?.timeoutMinutes
  // with its subject, so that a later replan or cancel of the draft's jobs finds it
  if (minutes) await deps.store.schedule({ id: job.id, dueAt: ctx.now + minutes * 60_000, kind: job.kind, payload: job.payload, subject: id })
  return true
}
