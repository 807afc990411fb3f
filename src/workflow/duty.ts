import type { Config, Stage } from '../config/schema.js'
import { resolveRefs } from '../config/people.js'
import type { Draft } from './types.js'

/**
 * Who must act on a draft's current stage, derived from the config and the draft alone (never
 * stored), so a restart, a leave or a transfer can never leave stale "who's next" state behind.
 *
 * A stage is a list of slots: anyOf is one slot any candidate fills, allOf (会签) is one slot per
 * person. A slot falls back (its fallback people are asked and approve in its place) when its
 * candidates are all away or excluded, or the stage's time ran out.
 */
export interface Slot {
  /** who the stage names for this slot, after transfers and excluding the submitter */
  candidates: string[]
  /** the people the config names, before transfers and exclusions: who a fallback stands in for */
  primaries: string[]
  fallbackMode?: 'anyOf' | 'allOf' | undefined
  fallbackPeople: string[]
  fallbackActive: boolean
  satisfied: boolean
  /** how a slot was satisfied without a decision in this stage, if it was */
  auto?: 'repeat' | 'skip' | undefined
}

export interface Duty {
  index: number
  stage: Stage
  slots: Slot[]
  complete: boolean
  /** everybody who must act now: exactly the people the bot mentions */
  asked: string[]
  /** nobody can act: the supervisors must step in */
  stuck: boolean
}

export interface DutyContext {
  config: Config
  isAway: (person: string) => boolean
}

export function dutyOf(draft: Draft, ctx: DutyContext, index = draft.stage): Duty {
  const { config } = ctx
  const chain = config.chains[draft.chain]
  const stage = chain?.stages[index]
  if (!chain || !stage) throw new Error(`draft ${draft.id}: chain "${draft.chain}" has no stage ${index + 1}`)
  const self = draft.submitter.person
  const here = draft.approvals.filter((a) => a.stage === index)
  const earlier = draft.approvals.filter((a) => a.stage < index)
  const approvedHere = new Set(here.map((a) => a.person))
  const transfers = draft.transfers.filter((t) => t.stage === index)
  const fallbackMode = stage.fallback?.anyOf ? 'anyOf' : stage.fallback?.allOf ? 'allOf' : undefined
  // unit: places are the submitter's own unit (saws 五(一)5–6 本单位主要负责人)
  const relative = { submitter: self }
  // A distinct stage is closed to everyone who approved an earlier one: one person holding two roles is one 审, not two.
  const earlierPeople = new Set(stage.distinct ? earlier.map((a) => a.person) : [])
  const fallbackPeople = resolveRefs(config, stage.fallback?.anyOf ?? stage.fallback?.allOf ?? [], relative).filter(
    (p) => p !== self && !earlierPeople.has(p),
  )

  const named = resolveRefs(config, stage.anyOf ?? stage.allOf ?? [], relative)
  // An allOf that names nobody (a submitter without a unit) is one empty slot, never a passed stage.
  const groups = stage.anyOf || named.length === 0 ? [named] : named.map((p) => [p])
  const designated = (draft.designations ?? []).filter((x) => x.stage === index)
  const slots = groups.map((primaries, slot): Slot => {
    let candidates = primaries.map((p) => transfers.reduce((who, t) => (t.from === who ? t.to : who), p))
    candidates.push(...designated.filter((x) => x.slot === slot).map((x) => x.person))
    const excludedSelf = self !== undefined && candidates.includes(self)
    candidates = [...new Set(candidates)].filter((p) => p !== self && !earlierPeople.has(p))
    const skip = excludedSelf && candidates.length === 0 && config.policy.submitterIsApprover === 'skip'
    const repeat = !stage.distinct && config.policy.repeatedApprover === 'once' && earlier.some((a) => candidates.includes(a.person))
    const unavailable = candidates.length === 0 || candidates.every(ctx.isAway)
    const fallbackActive = fallbackPeople.length > 0 && !skip && (unavailable || draft.stageTimedOut)
    const byFallback =
      fallbackActive &&
      (fallbackMode === 'allOf' ? fallbackPeople.every((p) => approvedHere.has(p)) : fallbackPeople.some((p) => approvedHere.has(p)))
    const byCandidate = candidates.some((p) => approvedHere.has(p))
    return {
      candidates,
      primaries,
      fallbackMode,
      fallbackPeople,
      fallbackActive,
      satisfied: skip || repeat || byCandidate || byFallback,
      auto: skip ? 'skip' : repeat && !byCandidate ? 'repeat' : undefined,
    }
  })

  const open = slots.filter((s) => !s.satisfied)
  const asked: string[] = []
  let stuck = false
  for (const s of open) {
    const who = s.fallbackActive
      ? [...s.candidates.filter((p) => !ctx.isAway(p)), ...s.fallbackPeople].filter((p) => !approvedHere.has(p))
      : s.candidates.filter((p) => !ctx.isAway(p))
    if (who.length === 0) stuck = true
    for (const p of who) if (!asked.includes(p)) asked.push(p)
  }
  return { index, stage, slots, complete: open.length === 0, asked, stuck }
}

/** How `person` may approve the current stage now, or why not. */
export type Standing =
  | { may: true; via: 'primary' | 'transfer' | 'designated' | 'fallback'; onBehalfOf?: string[] }
  | { may: false; why: 'already-approved' | 'fallback-not-active' | 'not-an-approver' }

export function standingOf(draft: Draft, duty: Duty, person: string): Standing {
  if (draft.approvals.some((a) => a.stage === duty.index && a.person === person)) {
    return { may: false, why: 'already-approved' }
  }
  const open = duty.slots.filter((s) => !s.satisfied)
  const asCandidate = open.find((s) => s.candidates.includes(person))
  if (asCandidate) {
    if (asCandidate.primaries.includes(person)) return { may: true, via: 'primary' }
    const designated = (draft.designations ?? []).some((x) => x.stage === duty.index && x.person === person)
    return { may: true, via: designated ? 'designated' : 'transfer', onBehalfOf: asCandidate.primaries }
  }
  const asFallback = open.filter((s) => s.fallbackActive && s.fallbackPeople.includes(person))
  if (asFallback.length > 0) {
    return { may: true, via: 'fallback', onBehalfOf: [...new Set(asFallback.flatMap((s) => s.primaries))] }
  }
  if (open.some((s) => s.fallbackPeople.includes(person))) return { may: false, why: 'fallback-not-active' }
  return { may: false, why: 'not-an-approver' }
}
