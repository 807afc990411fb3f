import { dutyOf } from '../../workflow/duty.js'
import { timeOutStage } from '../../workflow/engine.js'
import { supervisorsOf } from '../../config/people.js'
import { currentVersion } from '../../workflow/types.js'
import { sayInGroup, tellPeople, toPeople } from '../notify.js'
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
  if (draft?.status !== 'pending' || draft.stage !== stage || currentVersion(draft).version !== version) return 'nothing-to-do'
  const ctx = await engineContext(deps)
  const minutes = deps.config.chains[draft.chain]?.stages[stage]?.timeoutMinutes
  // with its subject, so that a later replan or cancel of the draft's jobs finds it
  const again = minutes ? { id: job.id, dueAt: ctx.now + minutes * 60_000, kind: job.kind, payload: job.payload, subject: id } : undefined
  if (draft.stageTimedOut) {
    const duty = dutyOf(draft, ctx)
    const waited = msg.stillWaiting(deps.config, draft, duty.asked, (ctx.now - draft.stageSince) / 60_000)
    const carded = await remindOnCards(deps, draft, ctx, waited)
    await sayInGroup(deps, draft.group, carded ? `${waited}${cardText.seeCard}` : waited, duty.asked)
    await tellPeople(deps, supervisorsOf(deps.config), waited)
    if (again) await deps.store.schedule(again)
    return 'said'
  }
  // the time-out, who is called in or told, and the next reminder are one commit: said once, never lost
  const outcome = await updateDraft(
    deps,
    id,
    'bot',
    (d, c) => timeOutStage(d, stage, version, c),
    (d, c) => {
      const duty = dutyOf(d, c)
      const nobody = !duty.slots.some((s) => !s.satisfied && s.fallbackActive)
      return {
        ...(again ? { jobs: [again] } : {}),
        ...(nobody ? { say: toPeople(deps, supervisorsOf(deps.config), msg.overdue(deps.config, d, duty.asked)) } : {}),
      }
    },
  )
  if (!outcome?.ok) return 'nothing-to-do'
  await afterChange(deps, outcome)
  return 'said'
}
