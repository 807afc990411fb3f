import { dutyOf } from '../../workflow/duty.js'
import type { EngineContext, WorkflowEvent } from '../../workflow/engine.js'
import { resolveRefs, supervisorsOf } from '../../config/people.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { scheduleDraftBox } from '../../platform-sync/publish-guard.js'
import type { BotDeps } from '../deps.js'
import { msg } from './texts.js'
import { sayInGroup, tellPeople } from '../notify.js'

const stageTimeoutJob = (d: Draft) => `stage-timeout:${d.id}:v${currentVersion(d).version}:s${d.stage}`

/**
 * What follows a committed change: due-time jobs for the new stage, then one message to the group
 * that says what happened and @-mentions exactly the people who must act now.
 */
export async function afterChange(deps: BotDeps, draft: Draft, events: WorkflowEvent[], ctx: EngineContext): Promise<void> {
  const { config } = deps
  const lines: string[] = []
  let requestNeeded = false
  for (const e of events) {
    switch (e.type) {
      case 'approved':
        lines.push(msg.approvedStep(config, { ...draft, stage: e.stage }, e.person, e.via, e.onBehalfOf, e.comment))
        break
      case 'stage-complete':
        if (!e.auto) deps.telemetry.stageCompleted(config.chains[draft.chain]?.stages[e.stage]?.name ?? String(e.stage), (ctx.now - e.since) / 1000)
        if (e.auto) lines.push(msg.autoStage(draft, e.stage, e.auto))
        break
      case 'stage-started':
        requestNeeded = true
        await scheduleStageTimeout(deps, draft)
        break
      case 'revised':
        lines.push(msg.revised(config, draft, e.voided))
        break
      case 'transferred':
        lines.push(msg.transferred(config, draft, e.from, e.to))
        requestNeeded = true
        break
      case 'stage-timed-out': {
        const fallback = dutyOf(draft, ctx).slots.some((s) => !s.satisfied && s.fallbackActive)
        lines.push(fallback ? msg.timedOut(config, draft) : msg.overdue(config, draft, dutyOf(draft, ctx).asked))
        requestNeeded = true
        break
      }
      default:
        break
    }
  }
  const final = events.find((e) => e.type === 'final')
  if (final && final.type === 'final') {
    const cc = resolveRefs(config, config.chains[draft.chain]?.cc ?? [])
    await sayInGroup(deps, draft.group, [...lines, msg.final(config, draft, final.person)].join('\n'), cc, [draft.submitter.contactId])
    await scheduleDraftBox(deps, draft)
    return
  }
  const rejected = events.find((e) => e.type === 'rejected')
  if (rejected && rejected.type === 'rejected') {
    const text = msg.rejected(config, { ...draft, stage: rejected.stage }, rejected.person, rejected.reason)
    await sayInGroup(deps, draft.group, [...lines, text].join('\n'), [], [draft.submitter.contactId])
    return
  }
  if (draft.status !== 'pending') {
    if (lines.length) await sayInGroup(deps, draft.group, lines.join('\n'))
    return
  }
  const duty = dutyOf(draft, ctx)
  if (requestNeeded && duty.asked.length > 0) {
    const fallbackFor = duty.slots.filter((s) => !s.satisfied && s.fallbackActive).flatMap((s) => s.primaries)
    await sayInGroup(deps, draft.group, [...lines, msg.request(config, draft, duty.asked, fallbackFor)].join('\n'), duty.asked)
  } else if (lines.length) {
    if (!duty.complete && duty.asked.length) lines.push(msg.waitingOthers(config, draft, duty.asked))
    await sayInGroup(deps, draft.group, lines.join('\n'))
  }
  if (duty.stuck) await tellPeople(deps, supervisorsOf(config), msg.stuck(config, draft))
}

async function scheduleStageTimeout(deps: BotDeps, draft: Draft): Promise<void> {
  const minutes = deps.config.chains[draft.chain]?.stages[draft.stage]?.timeoutMinutes
  if (!minutes) return
  await deps.store.schedule({
    id: stageTimeoutJob(draft),
    dueAt: draft.stageSince + minutes * 60_000,
    kind: 'stage-timeout',
    payload: { draft: draft.id, stage: draft.stage, version: currentVersion(draft).version },
    subject: draft.id,
  })
}
