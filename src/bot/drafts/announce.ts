import { dutyOf } from '../../workflow/duty.js'
import type { EngineContext, WorkflowEvent } from '../../workflow/engine.js'
import { resolveRefs, supervisorsOf } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import type { NewJob } from '../../store/store.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { draftBoxJobOf } from '../platform-sync/draft-box.js'
import type { BotDeps } from '../deps.js'
import { stageTimeoutId } from './stage-timeout-id.js'
import { msg } from './texts.js'
import { sayInGroup, toGroup, toPeople } from '../notify.js'
import { dispatch, type FollowUps } from '../follow-ups.js'
import type { Consequences } from '../../store/store.js'
import { cardsOf, repaintCards, sendReviewCard } from '../cards/show.js'
import { cardText } from '../cards/texts.js'

/**
 * What follows a committed change, decided without I/O: one group message (its lines, and exactly
 * the people who must act now to @-mention), the due-time jobs, the supervisors' private note when
 * nobody can act, and the stage durations for telemetry.
 */
export interface ChangePlan {
  lines: string[]
  /** configured people by key, and contact ids (the submitter need not be configured) */
  mentions: { people: string[]; contacts: string[] }
  jobs: NewJob[]
  private: { people: string[]; text: string }[]
  stagesCompleted: { stage: string; seconds: number }[]
  /** which of `lines` is the review request: where the platform has cards, a card and a short line stand for it */
  requestLine?: number
}

const stageTimeoutJob = (d: Draft) => stageTimeoutId(d.id, currentVersion(d).version, d.stage)

export function planAfterChange(config: Config, draft: Draft, events: WorkflowEvent[], ctx: EngineContext): ChangePlan {
  const plan: ChangePlan = { lines: [], mentions: { people: [], contacts: [] }, jobs: [], private: [], stagesCompleted: [] }
  const { lines } = plan
  let requestNeeded = false
  for (const e of events) {
    switch (e.type) {
      case 'approved':
        lines.push(msg.approvedStep(config, { ...draft, stage: e.stage }, e.person, e.via, e.onBehalfOf, e.comment))
        break
      case 'stage-complete':
        if (!e.auto)
          plan.stagesCompleted.push({
            stage: config.chains[draft.chain]?.stages[e.stage]?.name ?? String(e.stage),
            seconds: (ctx.now - e.since) / 1000,
          })
        if (e.auto) lines.push(msg.autoStage(draft, e.stage, e.auto))
        break
      case 'stage-started': {
        requestNeeded = true
        const job = stageTimeoutJobOf(config, draft)
        if (job) plan.jobs.push(job)
        break
      }
      case 'revised':
        lines.push(msg.revised(config, draft, e.voided))
        break
      case 'transferred':
        lines.push(msg.transferred(config, draft, e.from, e.to))
        requestNeeded = true
        break
      case 'designated':
        lines.push(msg.designated(config, { ...draft, stage: e.stage }, e.by, e.person, e.exception))
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
    lines.push(msg.final(config, draft, final.person))
    plan.mentions = { people: resolveRefs(config, config.chains[draft.chain]?.cc ?? []), contacts: [draft.submitter.contactId] }
    const box = draftBoxJobOf(config, draft, ctx.now)
    if (box) plan.jobs.push(box)
    return plan
  }
  const rejected = events.find((e) => e.type === 'rejected')
  if (rejected && rejected.type === 'rejected') {
    lines.push(msg.rejected(config, { ...draft, stage: rejected.stage }, rejected.person, rejected.reason))
    plan.mentions.contacts = [draft.submitter.contactId]
    return plan
  }
  if (draft.status !== 'pending') return plan
  const duty = dutyOf(draft, ctx)
  if (requestNeeded && duty.asked.length > 0) {
    const fallbackFor = duty.slots.filter((s) => !s.satisfied && s.fallbackActive).flatMap((s) => s.primaries)
    // The body goes out once per version: with the request that opens the version's round, or, when
    // nobody could review the first stage, with the request to the reviewer a supervisor designated.
    const opensVersion = events.some((e) => e.type === 'submitted' || e.type === 'revised')
    const firstAsked = draft.stage === 0 && draft.approvals.length === 0 && events.some((e) => e.type === 'designated')
    plan.requestLine = lines.push(msg.request(config, draft, duty.asked, fallbackFor, opensVersion || firstAsked)) - 1
    plan.mentions.people = duty.asked
  } else if (lines.length && !duty.complete && duty.asked.length) {
    lines.push(msg.waitingOthers(config, draft, duty.asked))
  }
  if (duty.stuck) plan.private.push({ people: supervisorsOf(config), text: msg.stuck(config, draft) })
  return plan
}

function stageTimeoutJobOf(config: Config, draft: Draft): NewJob | undefined {
  const minutes = config.chains[draft.chain]?.stages[draft.stage]?.timeoutMinutes
  if (!minutes) return undefined
  return {
    id: stageTimeoutJob(draft),
    dueAt: draft.stageSince + minutes * 60_000,
    kind: 'stage-timeout',
    payload: { draft: draft.id, stage: draft.stage, version: currentVersion(draft).version },
    subject: draft.id,
  }
}

/**
 * What the plan says and schedules, committed with the change (src/bot/follow-ups.ts). Where review
 * cards are on, the request line is the short @ line that points to the card sent after the commit.
 */
export function followUpsOf(deps: BotDeps, draft: Draft, plan: ChangePlan): FollowUps {
  const carded = plan.requestLine !== undefined && cardsOf(deps) !== undefined
  const lines = carded
    ? plan.lines.map((l, i) => (i === plan.requestLine ? cardText.requestLine(deps.config, draft, plan.mentions.people) : l))
    : plan.lines
  return {
    jobs: plan.jobs,
    say: [
      ...(lines.length ? [toGroup(deps, draft.group, lines.join('\n'), plan.mentions.people, plan.mentions.contacts)] : []),
      ...plan.private.flatMap((p) => toPeople(deps, p.people, p.text)),
    ],
  }
}

/**
 * Once the change is committed with its follow-ups: telemetry; the review card first (the committed
 * @ line points up to it; a card that cannot be sent is said as the full request in text); then what
 * was committed to say, sent now (the sweep sends what is not); then the draft's other cards repainted.
 */
export async function afterChange(
  deps: BotDeps,
  committed: { plan?: ChangePlan; implied?: Consequences; draft?: Draft; ctx?: EngineContext },
): Promise<void> {
  const { plan, draft, ctx } = committed
  for (const s of plan?.stagesCompleted ?? []) deps.telemetry.stageCompleted(s.stage, s.seconds)
  const wantsCard = draft && ctx && plan?.requestLine !== undefined && cardsOf(deps) !== undefined
  const carded = wantsCard ? await sendReviewCard(deps, draft, ctx) : false
  await dispatch(deps, committed.implied)
  if (wantsCard && !carded) await sayInGroup(deps, draft.group, plan.lines[plan.requestLine!]!, plan.mentions.people, plan.mentions.contacts)
  if (draft && ctx) await repaintCards(deps, draft, ctx, { sentNew: carded })
}
