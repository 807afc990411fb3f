import { createHash } from 'node:crypto'
import type { CheckResult, Hit } from '../../checklist/types.js'
import { labelsOf, verdictOf } from '../../checklist/verdict.js'
import type { AuditEntry, Store, StoredDoc } from '../../store/store.js'
import { collection } from '../collections.js'

/** Marks it takes, by different people on different drafts, before a finding stops being raised. */
export const LEARN_AFTER = 2

/** One #误报 of a finding: who marked it, on which draft, when. */
export interface FalseAlarmMark {
  by: string
  draft: string
  at: number
}

/**
 * A finding (category, term, text) reviewers of this organisation marked as a false alarm (#误报).
 * Once learned, later checks of drafts and replies no longer raise it, until a supervisor restores
 * it on the dashboard; a restored finding starts counting again from nothing.
 */
export interface FalseAlarmRecord extends StoredDoc {
  category: string
  term: string
  text: string
  marks: FalseAlarmMark[]
  /** when it reached LEARN_AFTER marks; absent while pending or after a restore */
  learnedAt?: number
  restored?: { by: string; at: number }
}

export const falseAlarms = collection<FalseAlarmRecord>('false-alarms')

/** Width and case do not make a finding another one: 「警钟常鸣 」 and 「警钟常鸣」 are the same mark. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase()
}

/** The record's id: short and safe in a URL and in every store's keys. */
export function falseAlarmId(h: Pick<Hit, 'category' | 'term' | 'text'>): string {
  return createHash('sha256')
    .update(`${h.category}\n${normalise(h.term)}\n${normalise(h.text)}`)
    .digest('hex')
    .slice(0, 20)
}

/** The audit subject of a record's learning and restoring. */
export const auditSubject = (id: string) => `FA-${id.slice(0, 8)}`

/** Marks that count: one person alone, or one draft alone, does not teach. */
export function markCount(r: Pick<FalseAlarmRecord, 'marks'>): number {
  return Math.min(new Set(r.marks.map((m) => m.by)).size, new Set(r.marks.map((m) => m.draft)).size)
}

/** Blocking findings (forbidden content) are raised whatever anyone marked. */
const learnable = (h: Pick<Hit, 'severity'>) => h.severity !== 'block'

/**
 * Records one #误报 of `hit` on `draft` by `by`; true when this mark made the finding learned.
 * A repeat of the same person on the same draft changes nothing; a blocking finding is not recorded.
 */
export async function recordMark(store: Store, hit: Hit, by: string, draft: string, now: number): Promise<boolean> {
  if (!learnable(hit)) return false
  const id = falseAlarmId(hit)
  // compare-and-set as updateDoc does, which cannot create: the first mark creates the record
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await falseAlarms.get(store, id)
    const r: FalseAlarmRecord = before ?? { id, rev: 0, category: hit.category, term: hit.term, text: hit.text, marks: [] }
    if (r.marks.some((m) => m.by === by && m.draft === draft)) return false
    const next: FalseAlarmRecord = { ...r, marks: [...r.marks, { by, draft, at: now }] }
    const learned = r.learnedAt === undefined && markCount(next) >= LEARN_AFTER
    if (learned) next.learnedAt = now
    const audit: AuditEntry[] = learned
      ? [{ at: now, actor: by, action: 'false-alarm-learned', subject: auditSubject(id), detail: learnedDetail(next) }]
      : []
    if ((await falseAlarms.commit(store, next, r.rev, audit)) !== false) return learned
  }
  throw new Error('the false-alarm record kept changing under us; please try again')
}

function learnedDetail(r: FalseAlarmRecord): Record<string, unknown> {
  return { category: r.category, term: r.term, text: r.text, drafts: [...new Set(r.marks.map((m) => m.draft))] }
}

/** A supervisor restores a learned finding: raised again, and counting starts afresh. False when it is not learned. */
export async function restoreFinding(store: Store, id: string, by: string, now: number): Promise<boolean> {
  const r = await falseAlarms.get(store, id)
  if (!r || r.learnedAt === undefined) return false
  const { learnedAt: _, ...rest } = r
  const next: FalseAlarmRecord = { ...rest, marks: [], restored: { by, at: now } }
  const audit: AuditEntry = { at: now, actor: by, action: 'false-alarm-restored', subject: auditSubject(id), detail: learnedDetail(r) }
  return (await falseAlarms.commit(store, next, r.rev, [audit])) !== false
}

/**
 * The check without the findings this organisation has learned are false alarms: verdict and labels
 * follow what is left. The checker itself stays as it is for every other caller.
 */
export async function withoutLearned(store: Store, check: CheckResult): Promise<CheckResult> {
  if (!check.hits.some(learnable)) return check
  // point reads of this check's few findings, not the whole (growing) record on every draft and reply
  const ids = [...new Set(check.hits.filter(learnable).map(falseAlarmId))]
  const records = await Promise.all(ids.map((id) => falseAlarms.get(store, id)))
  const learned = new Set(records.filter((r) => r?.learnedAt !== undefined).map((r) => r!.id))
  if (learned.size === 0) return check
  const hits = check.hits.filter((h) => !learnable(h) || !learned.has(falseAlarmId(h)))
  if (hits.length === check.hits.length) return check
  return { ...check, hits, verdict: verdictOf(hits), labels: labelsOf(hits) }
}
