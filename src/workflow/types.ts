import type { StoredDoc } from '../store/store.js'
import type { Attachment, Hit } from '../checklist/types.js'

export type DraftStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'blocked'

/** One text of a draft. Approvals are bound to `hash`; a new version voids them. */
export interface DraftVersion {
  version: number
  hash: string
  title: string
  body: string
  at: number
  /** checklist findings of this version that reviewers must see */
  findings: Hit[]
  manual: string[]
  /** images and videos sent with the draft: part of what is approved */
  attachments?: Attachment[]
}

/** Who may stand for whom: a fallback approves in the primary's place, a transfer hands a turn over. */
export type ApprovalVia = 'primary' | 'fallback' | 'transfer' | 'designated' | 'repeat' | 'skip'

export interface Approval {
  stage: number
  /** person key of whoever approved */
  person: string
  at: number
  version: number
  hash: string
  via: ApprovalVia
  /** for fallback and transfer: the primary people this approval stands in for */
  onBehalfOf?: string[]
  /** what the approver wrote with the approval (#通过 D12 数据已核实) */
  comment?: string
}

export interface Transfer {
  stage: number
  from: string
  to: string
  at: number
}

/** A supervisor named a reviewer for one slot of a stage (#指定), e.g. when nobody could review it. */
export interface Designation {
  stage: number
  /** the slot of the stage: 0 for anyOf, the person's place for allOf (会签) */
  slot: number
  person: string
  /** the supervisor who designated */
  by: string
  at: number
  /** the person is not among those the preset allows for the stage; the supervisor confirmed it */
  exception: boolean
}

export interface Submitter {
  contactId: string
  /** person key, when the submitter is configured */
  person?: string
  name: string
}

export interface Draft extends StoredDoc {
  /** short typeable id: D12 */
  id: string
  rev: number
  /** the room it was submitted in: decisions from another group are refused */
  group: string
  account: string
  category: string
  chain: string
  submitter: Submitter
  versions: DraftVersion[]
  status: DraftStatus
  /** index of the current stage in the chain */
  stage: number
  stageSince: number
  /** set when the current stage's time ran out: its fallback people are called in */
  stageTimedOut: boolean
  /** approvals of the current version only */
  approvals: Approval[]
  transfers: Transfer[]
  /** reviewers designated by a supervisor in this round (absent in drafts stored before #指定) */
  designations?: Designation[]
  rejection?: { person: string; reason: string; at: number; stage: number }
  remarks: { by: string; text: string; at: number }[]
  /** when the submitter plans to publish (计划发布：…), for the late-draft warning */
  plannedPublishAt?: number
  createdAt: number
  updatedAt: number
}

export function currentVersion(draft: Draft): DraftVersion {
  const v = draft.versions[draft.versions.length - 1]
  if (!v) throw new Error(`draft ${draft.id} has no version`)
  return v
}

/** Everyone who touched a draft: submitter (person key and name), approvers of any version, rejecter, remarkers. */
/** The approval that completed an approved draft's last stage (终审), as the engine's `final` event names it. */
export function finalApproval(draft: Draft): Approval | undefined {
  return draft.status === 'approved' ? draft.approvals.at(-1) : undefined
}

export function peopleOf(d: Draft): string[] {
  return [
    d.submitter.person ?? '',
    d.submitter.name,
    ...d.approvals.map((a) => a.person),
    d.rejection?.person ?? '',
    ...d.remarks.map((r) => r.by),
  ].filter(Boolean)
}

/** When a person is away: their stages go to the fallback people until `until`. */
export interface Leave extends StoredDoc {
  /** person key */
  id: string
  until: number
  setBy: string
}
