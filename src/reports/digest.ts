import type { Incident } from '../alerts/incident.js'
import { isOpen, type PublicMessage } from '../public-messages/types.js'
import type { Config } from '../config/schema.js'
import { formatShanghai } from '../deadlines/shanghai-time.js'
import { personName } from '../config/people.js'
import { currentVersion, type Draft } from '../workflow/types.js'

/**
 * The working-day morning digest for the supervisors: what is pending and what is overdue. Pure;
 * undefined when there is nothing to report (no message for an empty morning).
 */
export interface DigestData {
  config: Config
  now: number
  drafts: Draft[]
  comments: PublicMessage[]
  incidents: Incident[]
}

function stageName(config: Config, d: Draft): string {
  return config.chains[d.chain]?.stages[d.stage]?.name ?? `第${d.stage + 1}级`
}

export function buildDigest({ config, now, drafts, comments, incidents }: DigestData): string | undefined {
  const pending = drafts.filter((d) => d.status === 'pending').sort((a, b) => a.stageSince - b.stageSince)
  const late = (d: Draft) => {
    const limit = config.chains[d.chain]?.stages[d.stage]?.timeoutMinutes
    return limit !== undefined && now - d.stageSince > limit * 60_000
  }
  const open = comments.filter(isOpen).sort((a, b) => a.deadline.dueAt - b.deadline.dueAt)
  const overdueComments = open.filter((m) => m.deadline.dueAt <= now)
  const openIncidents = incidents.filter((i) => i.status === 'open')
  if (pending.length + open.length + openIncidents.length === 0) return undefined
  const lines = [`🌅 每日待办汇总（${formatShanghai(now)}）`]
  // A heading with a colon only over a list: an empty section is one plain line.
  if (pending.length === 0) lines.push('在审稿件：无。')
  else lines.push(`在审稿件 ${pending.length} 篇${pending.some(late) ? `，其中超时 ${pending.filter(late).length} 篇` : ''}：`)
  for (const d of pending)
    lines.push(`  ${late(d) ? '⏰' : ''}${d.id}「${currentVersion(d).title}」${stageName(config, d)}，自 ${formatShanghai(d.stageSince)}`)
  if (open.length === 0) lines.push('未答复留言：无。')
  else lines.push(`未答复留言 ${open.length} 条${overdueComments.length ? `，其中逾期 ${overdueComments.length} 条` : ''}：`)
  for (const m of open) {
    const tag = m.deadline.dueAt <= now ? '⏰逾期 ' : m.sensitive ? '⚠️敏感 ' : ''
    lines.push(`  ${tag}${m.id} ${m.author}，经办 ${personName(config, m.handler)}，期限 ${formatShanghai(m.deadline.dueAt)}`)
  }
  if (openIncidents.length) {
    lines.push(`未启动预案的舆情 ${openIncidents.length} 起：`)
    for (const i of openIncidents)
      lines.push(
        `  ${i.deadline && i.deadline.dueAt <= now ? '⏰' : ''}${i.id} ${i.description}，时限 ${i.deadline ? formatShanghai(i.deadline.dueAt) : '—'}`,
      )
  }
  lines.push('发送「#状态」「#留言状态」查看详情。')
  return lines.join('\n')
}
