import { createHash } from 'node:crypto'
import { accountName, personName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import type { AuditEntry } from '../../store/store.js'
import { auditActionName } from '../../workflow/audit-actions.js'
import type { Approval, Draft, DraftVersion } from '../../workflow/types.js'
import { currentVersion } from '../../workflow/types.js'

/**
 * 审签单: one draft's review as the record an inspection asks for (互联网政务应用安全管理规定: review by
 * designated people, the record kept). Built only from what is stored (the draft and its audit
 * trail), so the same stored state always gives the same sheet and the same checksum: a printed
 * sheet's checksum, computed again later from the store, says whether the record still reads so.
 */
export interface SignSheet {
  id: string
  account: string
  category: string
  title: string
  status: Draft['status']
  submitter: string
  submittedAt: number
  versions: { version: number; hash: string; title: string; at: number; chars: number }[]
  /** every stage of the chain, for the version under review now (or the approved one) */
  stages: { name: string; decisions: SheetDecision[] }[]
  /** what happened, oldest first: submissions, revisions, rejections, transfers, remarks … */
  history: { at: number; who: string; action: string; version?: number; remark?: string }[]
  findings: SheetFinding[]
  /** the publish guard's verdicts on what the account then published */
  published: { at: number; verdict: string; post?: string }[]
}

export interface SheetDecision {
  who: string
  decision: string
  at: number
  version: number
  remark?: string
}

export interface SheetFinding {
  version: number
  category: string
  text: string
  note?: string
  resolution: string
}

const VIA: Record<Approval['via'], string> = {
  primary: '',
  fallback: '候补审核',
  transfer: '转交审核',
  repeat: '同一人已审，自动通过',
  skip: '投稿人本人，跳过',
  designated: '主管指定审核',
}

/** actions worth a line of the sheet's history (the rest is bookkeeping: stage-started, schedule runs …) */
const HISTORY = new Set([
  'submitted',
  'revised',
  'amended',
  'rejected',
  'withdrawn',
  'transferred',
  'remarked',
  'designated',
  'blocked',
  'stage-timed-out',
  'false-alarm',
])

const findingKey = (category: string, text: string) => `${category}\u0000${text}`

function resolutionOf(draft: Draft, v: DraftVersion, key: string, falseAlarms: Map<string, string>): string {
  const marked = falseAlarms.get(key)
  if (marked) return `审核人标为误报（${marked}）`
  const later = draft.versions.find((x) => x.version > v.version)
  if (later) {
    const kept = later.findings.some((h) => findingKey(h.category, h.text) === key)
    return kept ? `第${later.version}版仍有` : `第${later.version}版已修改`
  }
  if (draft.status === 'approved') return '审核人审阅后保留'
  if (draft.status === 'pending') return '待审核人审阅'
  return '未发布'
}

export function buildSignSheet(config: Config, draft: Draft, trail: AuditEntry[]): SignSheet {
  const who = (actor: string) => (actor === 'bot' ? '三审助手' : personName(config, actor))
  const chain = config.chains[draft.chain]
  const v = currentVersion(draft)
  const stages = (chain?.stages ?? []).map((stage, i) => ({
    name: stage.name,
    decisions: draft.approvals
      .filter((a) => a.stage === i)
      .map((a) => {
        const behalf = a.onBehalfOf?.length ? `代 ${a.onBehalfOf.map((p) => personName(config, p)).join('、')}` : ''
        const remark = [VIA[a.via], behalf, a.comment ?? ''].filter(Boolean).join('；')
        return { who: personName(config, a.person), decision: '通过', at: a.at, version: a.version, ...(remark ? { remark } : {}) }
      }),
  }))
  if (draft.status === 'rejected' && draft.rejection && stages[draft.rejection.stage]) {
    const r = draft.rejection
    stages[r.stage]!.decisions.push({ who: personName(config, r.person), decision: '驳回', at: r.at, version: v.version, remark: r.reason })
  }
  const falseAlarms = new Map<string, string>()
  for (const e of trail) {
    const d = e.detail ?? {}
    if (e.action === 'false-alarm' && typeof d.category === 'string' && typeof d.text === 'string')
      falseAlarms.set(findingKey(d.category, d.text), who(e.actor))
  }
  const history = trail
    .filter((e) => HISTORY.has(e.action))
    .map((e) => {
      const d = e.detail ?? {}
      const remark = ['reason', 'text', 'to'].map((k) => d[k]).find((x): x is string => typeof x === 'string')
      return {
        at: e.at,
        who: who(e.actor),
        action: auditActionName(e.action),
        ...(e.version !== undefined ? { version: e.version } : {}),
        ...(remark ? { remark: nameIfPerson(config, remark) } : {}),
      }
    })
  return {
    id: draft.id,
    account: accountName(config, draft.account),
    category: config.categories[draft.category]?.name ?? draft.category,
    title: v.title,
    status: draft.status,
    submitter: draft.submitter.name,
    submittedAt: draft.createdAt,
    versions: draft.versions.map((x) => ({ version: x.version, hash: x.hash, title: x.title, at: x.at, chars: [...x.title, ...x.body].length })),
    stages,
    history,
    findings: draft.versions.flatMap((x) =>
      x.findings.map((h) => {
        const note = h.reason ?? h.suggestion
        return {
          version: x.version,
          category: config.checklist.categories[h.category]?.name ?? h.category,
          text: h.text || h.term,
          ...(note ? { note } : {}),
          resolution: resolutionOf(draft, x, findingKey(h.category, h.text), falseAlarms),
        }
      }),
    ),
    published: trail
      .filter((e) => e.action.startsWith('published-'))
      .map((e) => ({
        at: e.at,
        verdict: auditActionName(e.action),
        ...(typeof e.detail?.title === 'string' ? { post: e.detail.title } : {}),
      })),
  }
}

/** A person key in a remark (a transfer's target) as the person's name; other text as it is. */
function nameIfPerson(config: Config, text: string): string {
  return config.people[text] ? personName(config, text) : text
}

/**
 * The sheet's checksum: SHA-256 of its canonical JSON, the first 16 hex digits in four groups
 * (3F2A-91BC-0D4E-77A1): short enough to type from paper, long enough that no edit goes unseen.
 */
export function signSheetChecksum(sheet: SignSheet): string {
  const hex = createHash('sha256').update(canonicalJson(sheet)).digest('hex').slice(0, 16).toUpperCase()
  return hex.match(/.{4}/g)!.join('-')
}

/** Whether a checksum typed from a printed sheet is this one (case, spaces and dashes ignored). */
export function sameChecksum(typed: string, actual: string): boolean {
  const norm = (s: string) => s.replace(/[\s\-－—]/g, '').toUpperCase()
  return norm(typed) === norm(actual)
}

/** JSON with object keys sorted, so the checksum does not depend on the order fields were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}
