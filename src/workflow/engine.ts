import { dutyOf, standingOf, type DutyContext } from './duty.js'
import type { Config } from '../config/schema.js'
import { resolveRefs } from '../config/people.js'
import { currentVersion, type Approval, type Draft, type DraftVersion, type Leave, type Submitter } from './types.js'

/**
 * The review workflow's state transitions: pure functions from a draft to a new draft plus the
 * events that happened, or a refusal with its reason. No I/O, time comes in through `now`.
 */
export interface EngineContext extends DutyContext {
  now: number
}

/** The engine's view of `now`: who is on leave at that moment (leaves that have not ended). */
export function engineContextAt(config: Config, now: number, leaves: readonly Leave[]): EngineContext {
  const away = new Set(leaves.filter((l) => l.until > now).map((l) => l.id))
  return { config, now, isAway: (p) => away.has(p) }
}

export type WorkflowEvent =
  | { type: 'submitted'; version: number; hash: string }
  | { type: 'revised'; version: number; hash: string; voided: number }
  | { type: 'approved'; person: string; stage: number; via: Approval['via']; onBehalfOf?: string[]; comment?: string }
  | { type: 'stage-complete'; stage: number; auto?: 'repeat' | 'skip'; since: number }
  | { type: 'stage-started'; stage: number }
  | { type: 'final'; person: string; hash: string }
  | { type: 'rejected'; person: string; stage: number; reason: string }
  | { type: 'withdrawn'; by: string }
  | { type: 'transferred'; stage: number; from: string; to: string }
  | { type: 'designated'; stage: number; person: string; by: string; exception: boolean }
  | { type: 'remarked'; by: string; text: string }
  | { type: 'false-alarm'; finding: number; category: string; term: string; text: string }
  | { type: 'stage-timed-out'; stage: number }
  | { type: 'blocked'; findings: number }
  | { type: 'amended'; version: number; hash: string; attachment: string }

export type RefusalCode =
  | 'not-pending'
  | 'wrong-group'
  | 'superseded'
  | 'own-draft'
  | 'already-approved'
  | 'fallback-not-active'
  | 'not-an-approver'
  | 'not-the-submitter'
  | 'reason-required'
  | 'transfer-to-self'
  | 'transfer-target-busy'
  | 'transfer-target-approved'
  | 'designee-not-allowed'

export interface Refusal {
  code: RefusalCode
  draft: Draft
}

export type Outcome = { ok: true; draft: Draft; events: WorkflowEvent[] } | { ok: false; refusal: Refusal }

/** Where a decision comes from: the group it was typed in and, when known, the version it names. */
export interface DecisionScope {
  group?: string
  /** a version number (v2) or a hash prefix the reviewer was looking at */
  version?: number | string
  /** a note written with the decision */
  comment?: string
}

export interface NewDraft {
  id: string
  group: string
  account: string
  category: string
  chain: string
  submitter: Submitter
  version: Omit<DraftVersion, 'version' | 'at'>
}

/** A review round from its first stage: what a new draft and a revised one both start with. */
function freshRound(now: number) {
  return { status: 'pending' as const, stage: 0, stageSince: now, stageTimedOut: false, approvals: [], transfers: [], designations: [] }
}

export function createDraft(input: NewDraft, ctx: EngineContext): { draft: Draft; events: WorkflowEvent[] } {
  const draft: Draft = {
    id: input.id,
    rev: 0,
    group: input.group,
    account: input.account,
    category: input.category,
    chain: input.chain,
    submitter: input.submitter,
    versions: [{ ...input.version, version: 1, at: ctx.now }],
    ...freshRound(ctx.now),
    remarks: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  const events: WorkflowEvent[] = [
    { type: 'submitted', version: 1, hash: input.version.hash },
    { type: 'stage-started', stage: 0 },
  ]
  return { draft, events: [...events, ...settle(draft, ctx)] }
}

/** A blocked draft is recorded but never reaches a reviewer. */
export function blockDraft(draft: Draft, findings: number): { draft: Draft; events: WorkflowEvent[] } {
  return { draft: { ...draft, status: 'blocked' }, events: [{ type: 'blocked', findings }] }
}

function refuse(code: RefusalCode, draft: Draft): Outcome {
  return { ok: false, refusal: { code, draft } }
}

function checkDecidable(draft: Draft, person: string, scope: DecisionScope): RefusalCode | undefined {
  if (draft.status !== 'pending') return 'not-pending'
  if (scope.group !== undefined && scope.group !== draft.group) return 'wrong-group'
  const v = currentVersion(draft)
  if (typeof scope.version === 'number' && scope.version !== v.version) return 'superseded'
  if (typeof scope.version === 'string' && !v.hash.startsWith(scope.version.toLowerCase())) return 'superseded'
  if (draft.submitter.person === person) return 'own-draft'
  return undefined
}

export function approve(draft: Draft, person: string, ctx: EngineContext, scope: DecisionScope = {}): Outcome {
  const bad = checkDecidable(draft, person, scope)
  if (bad) return refuse(bad, draft)
  const standing = standingOf(draft, dutyOf(draft, ctx), person)
  if (!standing.may) return refuse(standing.why, draft)
  const v = currentVersion(draft)
  const approval: Approval = {
    stage: draft.stage,
    person,
    at: ctx.now,
    version: v.version,
    hash: v.hash,
    via: standing.via,
    ...(standing.onBehalfOf ? { onBehalfOf: standing.onBehalfOf } : {}),
    ...(scope.comment ? { comment: scope.comment } : {}),
  }
  const next: Draft = { ...draft, approvals: [...draft.approvals, approval], updatedAt: ctx.now }
  const events: WorkflowEvent[] = [
    {
      type: 'approved',
      person,
      stage: draft.stage,
      via: standing.via,
      ...(standing.onBehalfOf ? { onBehalfOf: standing.onBehalfOf } : {}),
      ...(scope.comment ? { comment: scope.comment } : {}),
    },
  ]
  events.push(...settle(next, ctx, person))
  return { ok: true, draft: next, events }
}

/**
 * Moves the draft past every stage that is complete, including stages completed without a
 * decision (a repeated approver counted once, a skipped submitter). Mutates the fresh copy it is
 * given; returns what happened.
 */
function settle(draft: Draft, ctx: EngineContext, lastApprover?: string): WorkflowEvent[] {
  const events: WorkflowEvent[] = []
  const stages = ctx.config.chains[draft.chain]?.stages.length ?? 0
  for (;;) {
    const duty = dutyOf(draft, ctx)
    if (!duty.complete) return events
    const auto = duty.slots.every((s) => s.auto) ? duty.slots[0]?.auto : undefined
    events.push({ type: 'stage-complete', stage: draft.stage, since: draft.stageSince, ...(auto ? { auto } : {}) })
    if (draft.stage + 1 >= stages) {
      draft.status = 'approved'
      const final = lastApprover ?? draft.approvals[draft.approvals.length - 1]?.person ?? ''
      events.push({ type: 'final', person: final, hash: currentVersion(draft).hash })
      return events
    }
    draft.stage += 1
    draft.stageSince = ctx.now
    draft.stageTimedOut = false
    events.push({ type: 'stage-started', stage: draft.stage })
  }
}

export function reject(draft: Draft, person: string, reason: string, ctx: EngineContext, scope: DecisionScope = {}): Outcome {
  const bad = checkDecidable(draft, person, scope)
  if (bad) return refuse(bad, draft)
  const standing = standingOf(draft, dutyOf(draft, ctx), person)
  // Someone who already approved this stage may still reject it: they can change their mind.
  if (!standing.may && standing.why !== 'already-approved') return refuse(standing.why, draft)
  if (reason.trim() === '') return refuse('reason-required', draft)
  const next: Draft = {
    ...draft,
    status: 'rejected',
    rejection: { person, reason, at: ctx.now, stage: draft.stage },
    updatedAt: ctx.now,
  }
  return { ok: true, draft: next, events: [{ type: 'rejected', person, stage: draft.stage, reason }] }
}

/** Who may change or withdraw a draft: its submitter (by contact id or person) or a supervisor. */
export function isOwnerOrSupervisor(draft: Draft, actor: { contactId: string; person?: string }, supervisors: string[]): boolean {
  if (actor.contactId === draft.submitter.contactId) return true
  if (actor.person && (actor.person === draft.submitter.person || supervisors.includes(actor.person))) return true
  return false
}

export function revise(draft: Draft, version: Omit<DraftVersion, 'version' | 'at'>, ctx: EngineContext): Outcome {
  if (draft.status === 'withdrawn') return refuse('not-pending', draft)
  const number = currentVersion(draft).version + 1
  const next: Draft = {
    ...draft,
    versions: [...draft.versions, { ...version, version: number, at: ctx.now }],
    ...freshRound(ctx.now),
    updatedAt: ctx.now,
  }
  delete next.rejection
  const events: WorkflowEvent[] = [
    { type: 'revised', version: number, hash: version.hash, voided: draft.approvals.length },
    { type: 'stage-started', stage: 0 },
  ]
  events.push(...settle(next, ctx))
  return { ok: true, draft: next, events }
}

/**
 * An attachment arrived for the current version. While nobody has approved that version it is
 * amended in place (no new round, no new request); once someone has, the attachment makes a new
 * version and the chain starts again, like any other change.
 */
export function attach(draft: Draft, version: Omit<DraftVersion, 'version' | 'at'>, attachment: string, ctx: EngineContext): Outcome {
  if (draft.status !== 'pending' || draft.approvals.length > 0) return revise(draft, version, ctx)
  const current = currentVersion(draft)
  const amended: DraftVersion = { ...version, version: current.version, at: ctx.now }
  const next: Draft = { ...draft, versions: [...draft.versions.slice(0, -1), amended], updatedAt: ctx.now }
  return { ok: true, draft: next, events: [{ type: 'amended', version: current.version, hash: version.hash, attachment }] }
}

export function withdraw(draft: Draft, by: string, ctx: EngineContext): Outcome {
  if (draft.status === 'withdrawn' || draft.status === 'approved') return refuse('not-pending', draft)
  return { ok: true, draft: { ...draft, status: 'withdrawn', updatedAt: ctx.now }, events: [{ type: 'withdrawn', by }] }
}

/** An approver hands their turn on this draft's current stage to a colleague. */
export function transfer(draft: Draft, from: string, to: string, ctx: EngineContext, scope: DecisionScope = {}): Outcome {
  const bad = checkDecidable(draft, from, scope)
  if (bad) return refuse(bad, draft)
  if (from === to) return refuse('transfer-to-self', draft)
  if (to === draft.submitter.person) return refuse('own-draft', draft)
  const duty = dutyOf(draft, ctx)
  const standing = standingOf(draft, duty, from)
  if (!standing.may) return refuse(standing.why, draft)
  if (duty.slots.some((s) => !s.satisfied && s.candidates.includes(to))) return refuse('transfer-target-busy', draft)
  // One approval must never fill two places of a 会签, nor carry over from an earlier stage under "once".
  const counted = draft.approvals.some((a) => a.person === to && (a.stage === draft.stage || ctx.config.policy.repeatedApprover === 'once'))
  if (counted) return refuse('transfer-target-approved', draft)
  const next: Draft = {
    ...draft,
    transfers: [...draft.transfers, { stage: draft.stage, from, to, at: ctx.now }],
    updatedAt: ctx.now,
  }
  return { ok: true, draft: next, events: [{ type: 'transferred', stage: draft.stage, from, to }, ...settle(next, ctx)] }
}

/**
 * Whom a supervisor may designate for the current stage: the stage's `designees`, else the people
 * the stage and its fallback name (resolved for this draft's submitter), never the submitter.
 */
export function designeesOf(draft: Draft, config: Config): string[] {
  const stage = config.chains[draft.chain]?.stages[draft.stage]
  const refs = stage?.designees ?? [...(stage?.anyOf ?? stage?.allOf ?? []), ...(stage?.fallback?.anyOf ?? stage?.fallback?.allOf ?? [])]
  return resolveRefs(config, refs, { submitter: draft.submitter.person }).filter((p) => p !== draft.submitter.person)
}

/**
 * A supervisor designates `person` to review the current stage (#指定): in the first place nobody
 * can fill (on leave, the submitter, no one in the submitter's unit), else the first open place.
 * Someone the preset does not allow for the stage takes the supervisor's explicit `exception`.
 */
export function designate(draft: Draft, by: string, person: string, exception: boolean, ctx: EngineContext, scope: { group?: string } = {}): Outcome {
  if (draft.status !== 'pending') return refuse('not-pending', draft)
  if (scope.group !== undefined && scope.group !== draft.group) return refuse('wrong-group', draft)
  if (person === draft.submitter.person) return refuse('own-draft', draft)
  const duty = dutyOf(draft, ctx)
  if (duty.slots.some((s) => !s.satisfied && s.candidates.includes(person))) return refuse('transfer-target-busy', draft)
  if (draft.approvals.some((a) => a.stage === draft.stage && a.person === person)) return refuse('transfer-target-approved', draft)
  const allowed = designeesOf(draft, ctx.config).includes(person)
  if (!allowed && !exception) return refuse('designee-not-allowed', draft)
  const open = duty.slots.map((s, i) => ({ s, i })).filter(({ s }) => !s.satisfied)
  const unfilled = open.find(({ s }) => s.candidates.every(ctx.isAway) && !(s.fallbackActive && s.fallbackPeople.some((p) => !ctx.isAway(p))))
  const slot = (unfilled ?? open[0])?.i ?? 0
  const next: Draft = {
    ...draft,
    designations: [...(draft.designations ?? []), { stage: draft.stage, slot, person, by, at: ctx.now, exception: !allowed }],
    updatedAt: ctx.now,
  }
  return {
    ok: true,
    draft: next,
    events: [{ type: 'designated', stage: draft.stage, person, by, exception: !allowed }, ...settle(next, ctx)],
  }
}

export function remark(draft: Draft, by: string, text: string, ctx: EngineContext): Outcome {
  return {
    ok: true,
    draft: { ...draft, remarks: [...draft.remarks, { by, text, at: ctx.now }], updatedAt: ctx.now },
    events: [{ type: 'remarked', by, text }],
  }
}

/** A reviewer marks finding n (1-based, of the current version) as a false alarm (误报); undefined when there is none. */
export function markFalseAlarm(draft: Draft, finding: number, ctx: EngineContext): Outcome | undefined {
  const h = currentVersion(draft).findings[finding - 1]
  if (!h) return undefined
  return {
    ok: true,
    draft: { ...draft, updatedAt: ctx.now },
    events: [{ type: 'false-alarm', finding, category: h.category, term: h.term, text: h.text }],
  }
}

/** The stage's time ran out: its fallback people are called in (if it still waits on that stage). */
export function timeOutStage(draft: Draft, stage: number, version: number, ctx: EngineContext): Outcome | undefined {
  if (draft.status !== 'pending' || draft.stage !== stage || currentVersion(draft).version !== version || draft.stageTimedOut) {
    return undefined
  }
  const next: Draft = { ...draft, stageTimedOut: true, updatedAt: ctx.now }
  return { ok: true, draft: next, events: [{ type: 'stage-timed-out', stage }] }
}
