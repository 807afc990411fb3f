import type { Config } from '../../config/schema.js'
import { groupCount, groupSummaries, type DurationSummary } from '../../deadlines/weekly-report.js'
import type { Store } from '../../store/store.js'
import type { Draft } from '../../workflow/types.js'
import { listMessages } from './store-views.js'

/**
 * The figures of the weekly report (每周总结阅评) for the seven days before `now`, computed from
 * the audit log and the stored documents with the report arithmetic of src/deadlines.
 */
export interface WeeklyFigures {
  from: number
  to: number
  published: number
  submitted: number
  /** approval time per stage name, in ms */
  stageTimes: [string, DurationSummary][]
  rejections: [string, number][]
  findings: [string, number][]
  replies: { met: number; missed: number }
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000

export async function weeklyFigures(config: Config, store: Store, now: number): Promise<WeeklyFigures> {
  const from = now - WEEK_MS
  // inclusive of `now`: what happened at this very moment belongs to the week
  const entries = await store.auditBetween(from, now + 1)
  const drafts = new Map((await store.list<Draft>('drafts')).map((d) => [d.id, d]))

  // A stage's time runs from its stage-started entry to the stage-complete entry of that stage.
  const started = new Map<string, number>()
  const stageTimes: { stage: string; ms: number }[] = []
  for (const e of entries) {
    const stage = (e.detail as { stage?: number } | undefined)?.stage
    if (stage === undefined) continue
    const key = `${e.subject}/${stage}`
    if (e.action === 'stage-started') started.set(key, e.at)
    if (e.action === 'stage-complete' && started.has(key)) {
      const chain = config.chains[drafts.get(e.subject)?.chain ?? '']
      stageTimes.push({ stage: chain?.stages[stage]?.name ?? `第${stage + 1}级`, ms: e.at - started.get(key)! })
      started.delete(key)
    }
  }

  const findings = [...drafts.values()].flatMap((d) => d.versions.filter((v) => v.at >= from && v.at <= now).flatMap((v) => v.findings))
  const messages = await listMessages(store)
  // Deadlines that fell due this week: met when the reply came by then, missed otherwise.
  const replies = { met: 0, missed: 0 }
  for (const m of messages) {
    const due = m.deadline?.dueAt
    if (due === undefined || due < from || due >= now) continue
    const repliedAt = m.status === 'replied' ? (m.reply?.at ?? m.updatedAt) : undefined
    replies[repliedAt !== undefined && repliedAt <= due ? 'met' : 'missed']++
  }

  return {
    from,
    to: now,
    published: entries.filter((e) => e.action === 'final').length,
    submitted: entries.filter((e) => e.action === 'submitted').length,
    stageTimes: [...groupSummaries(stageTimes, (t) => t.stage, (t) => t.ms)],
    rejections: groupCount(
      entries.filter((e) => e.action === 'rejected'),
      (e) => String((e.detail as { reason?: unknown } | undefined)?.reason ?? '未说明'),
    ),
    findings: groupCount(findings, (h) => h.category),
    replies,
  }
}
