import type { Incident } from '../../alerts/incident.js'
import type { MessageRefusal } from '../../public-messages/message.js'
import type { PublicMessage } from '../../public-messages/types.js'
import { alertTitle } from '../../config/deadlines-schema.js'
import type { Config } from '../../config/schema.js'
import { formatMinutes, type Deadline } from '../../deadlines/deadline.js'
import type { PlannedReminder } from '../../deadlines/reminder-plan.js'
import { formatShanghai } from '../../deadlines/shanghai-time.js'
import { accountName, personName } from '../../config/people.js'
import type { Hit } from '../../checklist/types.js'
import { formatHits } from '../texts.js'
import { citationWithWords, citeAfter, type CiteTopic } from '../../config/regulation.js'

/** 「（《规定》6：互动内容与发布内容同一标准）」 when the preset cites the rule, else nothing. */
function cited(config: Config, topic: CiteTopic): string {
  const c = citationWithWords(config.regulation, topic)
  return c ? `（${c}）` : ''
}

/**
 * The chat texts of public messages (C7) and public-opinion incidents (A1), Chinese first.
 * Every reminder shows the rule (the deadline's description) and the due time; every reply says
 * what happened and what comes next.
 */

function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > max ? `${flat.slice(0, max)}……` : flat
}

/** "剩余 45 分钟" / "已逾期 2 小时" */
function timeLeft(dueAt: number, now: number): string {
  const minutes = Math.round(Math.abs(dueAt - now) / 60_000)
  return dueAt >= now ? `剩余 ${formatMinutes(minutes)}` : `已逾期 ${formatMinutes(minutes)}`
}

function dueLine(d: Deadline, now: number): string {
  return `期限 ${formatShanghai(d.dueAt)}（${timeLeft(d.dueAt, now)}）\n规则：${d.description}`
}

export function messageLabel(config: Config, m: PublicMessage): string {
  return `留言 ${m.id}（${accountName(config, m.account)} · ${m.author}）`
}

function checkNotes(warnings: readonly string[]): string[] {
  return warnings.length ? ['检查提示：', ...warnings] : []
}

const LEVEL_ZH = { red: '🔴 红色', yellow: '🟡 黄色', blue: '🔵 蓝色' } as const

export const commentMsg = {
  usage(accounts: string): string {
    return `格式：#留言 账号 留言人：留言内容 [链接] [@经办人]\n例如「#留言 微信 张三：活动怎么报名？」（账号可写：${accounts}）`
  },
  received(config: Config, m: PublicMessage, now: number): string {
    const lines = [`已登记${messageLabel(config, m)}，经办：${personName(config, m.handler)}。`, `内容：${excerpt(m.text)}`, dueLine(m.deadline, now)]
    if (m.sensitive)
      lines.splice(
        1,
        0,
        `⚠️ 敏感留言（${sensitiveBy(config, m)}），已即时上报主管，须 ${formatMinutes(config.replies.sensitive.limitMinutes)}内答复。`,
      )
    if (m.acknowledge) lines.push(`另须在 ${formatShanghai(m.acknowledge.dueAt)} 前给出"正在研究办理"的受理回复，发送「#受理 ${m.id}」登记。`)
    lines.push(`答复后发送「#已回复 ${m.id} 回复内容」；不能按时答复的发送「#承诺 ${m.id} 答复时间」。`)
    return lines.join('\n')
  },
  sensitiveReport(config: Config, m: PublicMessage, now: number, findings: string[] = []): string {
    return [
      `⚠️ 敏感留言上报：${messageLabel(config, m)}（${sensitiveBy(config, m)}）`,
      `全文：${m.text}`,
      ...(m.link ? [`链接：${m.link}`] : []),
      ...(findings.length ? [`检查提示：${findings.join('；')}`] : []),
      `经办：${personName(config, m.handler)}`,
      dueLine(m.deadline, now),
    ].join('\n')
  },
  assumed(subject: string, d: Deadline): string {
    return [`⚠️ ${subject} 的期限 ${formatShanghai(d.dueAt)} 是推算的，请核对：`, ...d.reasons].join('\n')
  },
  assigned(config: Config, m: PublicMessage, now: number): string {
    return [
      `你是${messageLabel(config, m)}的经办人。`,
      `内容：${excerpt(m.text)}`,
      dueLine(m.deadline, now),
      `答复后发送「#已回复 ${m.id} 回复内容」。`,
    ].join('\n')
  },
  reminder(config: Config, m: PublicMessage, d: Deadline, r: PlannedReminder, now: number): string {
    if (r.audience === 'handler') {
      const what = d.kind === 'acknowledge' ? `请给出受理回复，完成后发送「#受理 ${m.id}」` : `请尽快答复，完成后发送「#已回复 ${m.id} 回复内容」`
      return [`⏰ 提醒 ${personName(config, m.handler)}：${messageLabel(config, m)}${what}。`, `内容：${excerpt(m.text)}`, dueLine(d, now)].join('\n')
    }
    const what = d.kind === 'acknowledge' ? '未按时给出受理回复' : '已超过答复期限'
    return [
      `⏰ 督办：${messageLabel(config, m)}${what}${m.status === 'in-review' ? '（回复待审核）' : ''}，经办 ${personName(config, m.handler)}。`,
      `内容：${excerpt(m.text)}`,
      dueLine(d, now),
      `答复后经办人发送「#已回复 ${m.id}」即停止督办。`,
    ].join('\n')
  },
  reclassified(config: Config, m: PublicMessage, now: number): string {
    const head = m.sensitive ? `已将${messageLabel(config, m)}标为敏感，已上报主管。` : `已将${messageLabel(config, m)}改为一般留言。`
    return [head, dueLine(m.deadline, now), `提醒已按新期限重新安排。`].join('\n')
  },
  promised(config: Config, m: PublicMessage, now: number): string {
    return [`已记录${messageLabel(config, m)}的承诺答复期限。`, dueLine(m.deadline, now), `到期前会提醒经办人；答复后发送「#已回复 ${m.id}」。`].join(
      '\n',
    )
  },
  handedOver(config: Config, m: PublicMessage, from: string, now: number): string {
    return [
      `${personName(config, from)} 已将${messageLabel(config, m)}转交给 ${personName(config, m.handler)}（已记录）。`,
      dueLine(m.deadline, now),
      `之后的提醒发给新经办人。`,
    ].join('\n')
  },
  acknowledged(config: Config, m: PublicMessage, now: number): string {
    return [`已记录${messageLabel(config, m)}的受理回复。`, `仍须答复办理结果：${dueLine(m.deadline, now)}`].join('\n')
  },
  /** `warnings`: the checklist's findings on the reply text (formatted hits), shown, never holding it. */
  replied(config: Config, m: PublicMessage, warnings: readonly string[] = []): string {
    const late = m.reply && m.reply.at > m.deadline.dueAt ? `（超过期限 ${formatShanghai(m.deadline.dueAt)}，已记入周报）` : '（按时）'
    return [`✅ ${messageLabel(config, m)}已答复${late}，不再提醒。`, ...checkNotes(warnings)].join('\n')
  },
  inReview(config: Config, m: PublicMessage, reviewers: string[], warnings: readonly string[] = []): string {
    return [
      `${messageLabel(config, m)}的回复须先审核${cited(config, 'replyReview')}。`,
      `回复：${m.pendingReply?.text ?? ''}`,
      ...checkNotes(warnings),
      `请 ${reviewers.map((p) => personName(config, p)).join('、')} 审核：「#通过 ${m.id}」或「#驳回 ${m.id} 理由」。审核通过前期限照常计算（${formatShanghai(m.deadline.dueAt)}）。`,
    ].join('\n')
  },
  replyRejected(config: Config, m: PublicMessage, by: string, reason: string): string {
    return `❌ ${personName(config, by)} 驳回了${messageLabel(config, m)}的回复：${reason}\n请修改后重新发送「#已回复 ${m.id} 回复内容」，期限仍为 ${formatShanghai(m.deadline.dueAt)}。`
  },
  replyBlocked(m: PublicMessage, findings: string[]): string {
    return [`⛔ 回复未提交：检查发现禁止发布的内容，${m.id} 仍按未答复计。`, ...findings, `请修改后重新发送「#已回复 ${m.id} 回复内容」。`].join('\n')
  },
  refusal(config: Config, m: PublicMessage, r: MessageRefusal): string {
    switch (r.code) {
      case 'closed':
        return `${messageLabel(config, m)}已答复，无需再处理。`
      case 'already':
        return {
          sensitive: `${m.id} 已是敏感留言。`,
          ordinary: `${m.id} 已是一般留言。`,
          acknowledged: `${m.id} 已记录过受理回复。`,
          handler: `${personName(config, m.handler)} 已是 ${m.id} 的经办人。`,
        }[r.what]
      case 'no-acknowledge':
        return `${accountName(config, m.account)} 的留言不要求单独的受理回复${m.sensitive ? `（敏感留言须 ${formatMinutes(config.replies.sensitive.limitMinutes)}内直接答复）` : ''}；答复后发送「#已回复 ${m.id}」。`
      case 'promise':
        return r.message
      case 'reply-text-required':
        return `本账号的回复须先审核，请写上回复内容：「#已回复 ${m.id} 回复内容」。`
      case 'not-in-review':
        return `${m.id} 没有待审核的回复。`
      case 'own-reply':
        return `不能审核自己写的回复 ${m.id}，请由其他审核人处理。`
      case 'reason-required':
        return `驳回回复需要写明理由，例如「#驳回 ${m.id} 口吻不妥」。`
    }
  },
  unknown(id?: string): string {
    return id ? `找不到留言 ${id}。发送「#留言状态」查看未答复的留言。` : '请写明留言编号，例如「#已回复 C7」。发送「#留言状态」查看未答复的留言。'
  },
  parseProblem(problem: 'no-account' | 'no-author' | 'no-text', hint?: string): string {
    return { 'no-account': `没认出账号${hint ? `「${hint}」` : ''}。`, 'no-author': '缺少留言人。', 'no-text': '缺少留言内容。' }[problem]
  },
  notServed(accounts: string): string {
    return `本群不负责该账号。\n${commentMsg.usage(accounts)}`
  },
  unknownHandler(): string {
    return '被 @ 的经办人不在配置的人员名单中，留言未登记。请 @ 名单中的同事，或不 @ 由账号的默认经办人处理。'
  },
  notAMessageId(id: string): string {
    return `${id} 不是留言编号；留言编号以 C 开头，例如 C7。`
  },
  /** No id given: the asker's open messages to choose from, or how to write one. */
  needId(mine: PublicMessage[]): string {
    return mine.length ? `你有 ${mine.length} 条未答复的留言（${mine.map((m) => m.id).join('、')}），请写明编号。` : commentMsg.unknown()
  },
  transferUsage(id = 'C7'): string {
    return `请 @ 要转交的同事（须在配置的人员名单中），例如「#转交 ${id} @小编乙」。`
  },
  /** A reply text's check, as warnings: the findings, then the checker's notes. */
  replyWarnings(hits: Hit[], notes: string[]): string[] {
    return [...formatHits(hits), ...notes.map((n) => `说明：${n}`)]
  },
  /** The findings that made a received message sensitive, for the supervisors' report. */
  findingLines(findings: readonly Hit[]): string[] {
    return findings.map((h) => `「${h.text || h.term}」${h.reason ?? h.category}`)
  },
  notHandler(config: Config, m: PublicMessage): string {
    return `${m.id} 的经办人是 ${personName(config, m.handler)}，只有经办人或主管可以处理（可用「#转交 ${m.id} @同事」转交）。`
  },
  notReviewer(config: Config, reviewers: string[]): string {
    return `只有 ${reviewers.map((p) => personName(config, p)).join('、')} 可以审核留言回复。`
  },
  badPromise(id: string): string {
    return `没看懂承诺的时间。例如「#承诺 ${id} 明天下午5点」「#承诺 ${id} 11月25日 18:00」。`
  },
  status(config: Config, open: PublicMessage[], now: number): string {
    if (open.length === 0) return '目前没有未答复的留言。'
    const lines = open.map((m) => {
      const tag = m.sensitive ? '⚠️敏感 ' : ''
      const review = m.status === 'in-review' ? '，回复待审核' : ''
      return `${tag}${m.id} ${accountName(config, m.account)} · ${m.author}：${excerpt(m.text, 30)} —— ${personName(config, m.handler)}，${formatShanghai(m.deadline.dueAt)}（${timeLeft(m.deadline.dueAt, now)}）${review}`
    })
    return [`未答复的留言 ${open.length} 条（按期限排序）：`, ...lines].join('\n')
  },
}

function sensitiveBy(config: Config, m: PublicMessage): string {
  if (m.sensitiveBy === 'intake') return '接收时已标记敏感'
  if (m.sensitiveBy === 'checker') return '检查命中敏感内容'
  return m.sensitiveBy ? `${personName(config, m.sensitiveBy)} 标记` : '已标记敏感'
}

export const alertMsg = {
  usage(): string {
    return '格式：#舆情 红|黄|蓝 情况描述，例如「#舆情 红 某校食堂视频在微博发酵」。'
  },
  opened(config: Config, i: Incident, notify: string[], now: number): string {
    const head = `${LEVEL_ZH[i.level]}舆情 ${i.id}：${i.description}（${personName(config, i.reportedBy)} 报告）`
    if (!i.deadline)
      return [head, `已记录。建议：加强监测，做好解释引导，研判变化后如有升级及时报告${citeAfter(config.regulation, 'alerts')}。`].join('\n')
    const who = notify.map((p) => personName(config, p)).join('、')
    const title = alertTitle(config.replies, i.level === 'red' ? 'red' : 'yellow')
    const next = i.level === 'red' ? `已即时以快报形式报告${title} ${who}。` : `已报告${title} ${who}，请提出处置预案。`
    const upward = i.report
      ? [
          `同时须向上级主管部门（${i.report.to}）报告，期限 ${formatShanghai(i.report.deadline.dueAt)}；报告后发送「#已上报 ${i.id}」记录报告人和时间，在此之前会持续提醒。`,
        ]
      : []
    return [head, next, dueLine(i.deadline, now), `预案启动后发送「#启动预案 ${i.id}」，在此之前会持续提醒。`, ...upward].join('\n')
  },
  reminder(config: Config, i: Incident, d: Deadline, r: PlannedReminder, now: number): string {
    if (d.kind === 'upward-report') {
      const head =
        r.audience === 'handler'
          ? `⏰ 红色舆情 ${i.id} 尚未记录向${i.report!.to}报告：${i.description}`
          : `⏰ 督办：红色舆情 ${i.id} 超过时限仍未记录向${i.report!.to}报告：${i.description}`
      return [head, dueLine(d, now), `报告后发送「#已上报 ${i.id}」即停止提醒。`].join('\n')
    }
    const head =
      r.audience === 'handler'
        ? `⏰ ${LEVEL_ZH[i.level]}舆情 ${i.id} 尚未启动预案：${i.description}`
        : `⏰ 督办：${LEVEL_ZH[i.level]}舆情 ${i.id} 超过时限仍未启动预案：${i.description}`
    return [head, dueLine(d, now), `启动后发送「#启动预案 ${i.id}」即停止提醒。`].join('\n')
  },
  planStarted(config: Config, i: Incident): string {
    const late = i.deadline && i.plan && i.plan.at > i.deadline.dueAt ? `（超过时限 ${formatShanghai(i.deadline.dueAt)}）` : '（在时限内）'
    return `✅ 舆情 ${i.id} 已由 ${personName(config, i.plan!.by)} 启动预案${late}，不再提醒。${i.plan?.note ? `说明：${i.plan.note}` : ''}`
  },
  refused(i: Incident, code: 'no-plan-needed' | 'already-started'): string {
    return code === 'no-plan-needed'
      ? `${i.id} 是蓝色预警，只需记录和提出简要建议，无需启动预案。`
      : `${i.id} 已在 ${formatShanghai(i.plan!.at)} 启动预案。`
  },
  reported(config: Config, i: Incident): string {
    const r = i.report!
    const late = r.at! > r.deadline.dueAt ? `（超过时限 ${formatShanghai(r.deadline.dueAt)}）` : '（在时限内）'
    return `✅ 舆情 ${i.id} 已由 ${personName(config, r.by!)} 于 ${formatShanghai(r.at!)} 向${r.to}报告${late}，不再提醒。${r.note ? `说明：${r.note}` : ''}`
  },
  reportRefused(config: Config, i: Incident, code: 'no-report-needed' | 'already-reported'): string {
    return code === 'no-report-needed'
      ? `${i.id} 无需记录向上级主管部门报告（${config.replies.alerts.red.reportUpward ? '只有红色舆情须向上级主管部门报告' : '本单位的规定没有要求向上级主管部门报告舆情'}）。`
      : `${i.id} 已由 ${personName(config, i.report!.by!)} 于 ${formatShanghai(i.report!.at!)} 记录上报。`
  },
  unknown(id?: string): string {
    return id ? `找不到舆情 ${id}。` : '请写明舆情编号（以 A 开头），例如「#启动预案 A1」。'
  },
}
