import { leadTimeHoursOf, textLimitOf, UNIT_REF, type Config } from '../../config/schema.js'
import { countChars } from '../../checklist/count-chars.js'
import { auditActionName } from '../../workflow/audit-actions.js'
import { formatHit, formatHits } from '../texts.js'
import { PROOFREADING, type CheckResult, type Hit } from '../../checklist/types.js'
import type { AuditEntry } from '../../store/index.js'
import { formatShanghai } from '../../deadlines/shanghai-time.js'
import { designeesOf, type RefusalCode } from '../../workflow/engine.js'
import { shortHash } from '../../workflow/hash.js'
import { personName, resolveRefs } from '../../config/people.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { formatMinutes } from '../../deadlines/deadline.js'
import { citationWithWords } from '../../config/regulation.js'

/**
 * Every text the bot writes in the chat, in one place and Chinese first, so wording can be
 * reviewed and changed without reading the handlers. Each reply says what happened and what next.
 */
const STATUS: Record<Draft['status'], string> = {
  pending: '审核中',
  approved: '已通过，可发布',
  rejected: '已驳回',
  withdrawn: '已撤回',
  blocked: '被检查拦截',
}

function draftLabel(config: Config, d: Draft): string {
  const v = currentVersion(d)
  const account = config.accounts[d.account]
  const category = config.categories[d.category]?.name ?? d.category
  return `${d.id}「${v.title}」第${v.version}版 · ${account?.name ?? d.account} · ${category}`
}

function stageLabel(config: Config, d: Draft, index = d.stage): string {
  const stages = config.chains[d.chain]?.stages ?? []
  return `第${index + 1}/${stages.length}级「${stages[index]?.name ?? '?'}」`
}

/** Why a draft was stopped, in the words of the rule that stopped it: a length is not forbidden content. */
function blockedWhy(config: Config, d: Draft, check: CheckResult): string {
  const categories = new Set(check.hits.filter((h) => h.severity === 'block').map((h) => h.category))
  const why: string[] = []
  const account = config.accounts[d.account]
  if (categories.delete('length') && account) {
    const v = currentVersion(d)
    const platform = { wechat: '微信', weibo: '微博' }[account.platform]
    why.push(
      `超过${platform} ${textLimitOf(account)} 字上限，现 ${countChars(v.title) + countChars(v.body)} 字（${account.name}，标题与正文合计，含标点）`,
    )
  }
  if (categories.size || !why.length) why.push('检查发现禁止发布的内容')
  return why.join('；')
}

/**
 * 「请 王主任 审核」; with the fallback called in, who stands in for whom in words a reader follows:
 * 「请 李副主任 审核，或由 舆情部陈部长、舆情部林部长 代为审核（代审须两位都通过）」.
 */
function whoIsAsked(config: Config, d: Draft, asked: string[], fallbackFor: string[]): string {
  const stage = config.chains[d.chain]?.stages[d.stage]
  if (!fallbackFor.length) return `请 ${names(config, asked)} 审核${stage?.allOf ? '（会签，每位都需通过）' : ''}`
  const standIns = new Set(resolveRefs(config, stage?.fallback?.anyOf ?? stage?.fallback?.allOf ?? [], { submitter: d.submitter.person }))
  const own = asked.filter((p) => !standIns.has(p))
  const stand = asked.filter((p) => standIns.has(p))
  const all = stage?.fallback?.allOf && stand.length > 1 ? `（代审须${stand.length === 2 ? '两' : stand.length}位都通过）` : ''
  if (own.length && stand.length) return `请 ${names(config, own)} 审核，或由 ${names(config, stand)} 代为审核${all}`
  return `请 ${names(config, stand.length ? stand : own)} 代 ${names(config, fallbackFor)} 审核${all}`
}

/** Where a stage's reviewers depend on the submitter's unit: which unit, so a head of another unit knows why. */
function unitNote(config: Config, d: Draft): string {
  const stage = config.chains[d.chain]?.stages[d.stage]
  if (![...(stage?.anyOf ?? []), ...(stage?.allOf ?? [])].some((r) => r.startsWith(UNIT_REF))) return ''
  const unit = config.units[config.people[d.submitter.person ?? '']?.unit ?? '']
  return `（本级由投稿人所在单位${unit ? `「${unit.name}」` : ''}的负责人审核）`
}

function names(config: Config, people: string[]): string {
  return people.map((p) => personName(config, p)).join('、')
}

/** The check as its author sees it; the manual items go to the reviewers with the request instead. */
export function checkSummary(result: CheckResult, withManual = false): string[] {
  const lines: string[] = []
  if (result.hits.length === 0) lines.push('检查：未发现问题')
  else lines.push(`检查：${result.verdict === 'block' ? '发现禁止内容' : `${result.hits.length} 项需人工留意`}`, ...formatHits(result.hits))
  if (withManual && result.manual.length) lines.push(`人工核对：${result.manual.join('；')}`)
  for (const n of result.notes) lines.push(`说明：${n}`)
  return lines
}

/** 三校 findings shown in a review request; the rest are behind #检查 D12 */
const PROOF_SHOWN = 3

/**
 * A draft's findings numbered as #误报 counts them (their place in the version's findings): the
 * other findings in full, the proofreading ones up to `proofLimit` with a pointer to the rest.
 */
function numberedFindings(d: Draft, proofLimit = Infinity): string[] {
  const all = currentVersion(d).findings.map((h, i) => ({ h, n: i + 1 }))
  const proof = all.filter(({ h }) => PROOFREADING.has(h.category))
  const lines = [...all.filter(({ h }) => !PROOFREADING.has(h.category)), ...proof.slice(0, proofLimit)]
    .sort((a, b) => a.n - b.n)
    .map(({ h, n }) => formatHit(h, n))
  if (proof.length > proofLimit) lines.push(`……另有 ${proof.length - proofLimit} 项校对提示，发送「#检查 ${d.id}」查看全部`)
  return lines
}

export const msg = {
  draftFindings(config: Config, d: Draft): string {
    const lines = numberedFindings(d)
    if (lines.length === 0) return `${draftLabel(config, d)}：检查未发现问题。`
    return [`${draftLabel(config, d)} 的检查提示（共 ${lines.length} 项）：`, ...lines, `误报请回复「#误报 ${d.id} 序号」。`].join('\n')
  },
  falseAlarmMarked(d: Draft, n: number, by: string): string {
    const h = currentVersion(d).findings[n - 1]
    return `已记录：${by} 将 ${d.id} 第 ${n} 项检查提示${h?.text ? `「${h.text}」` : ''}标为误报，计入本周误报统计。`
  },
  noSuchFinding(id: string, n: string, count: number): string {
    return `${id} 没有第 ${n} 项检查提示（共 ${count} 项）。发送「#检查 ${id}」查看序号。`
  },
  submitted(config: Config, d: Draft, check: CheckResult, raisedFrom?: string): string {
    const raised = raisedFrom
      ? `（检查将类别由「${config.categories[raisedFrom]?.name ?? raisedFrom}」提升为「${config.categories[d.category]?.name}」，走更严格的审批链）`
      : ''
    return [`已收稿 ${draftLabel(config, d)}${raised}`, ...checkSummary(check)].join('\n')
  },
  /** `#投稿 微信 紧急 标题`: ask, rather than make 「紧急」 part of the title or guess a category. */
  unknownCategory(config: Config, word: string, minutes: number): string {
    const known = Object.values(config.categories)
      .map((c) => [c.name, ...c.aliases].join('/'))
      .join('、')
    return [
      `「${word}」不是稿件类别，未送审。已有类别：${known}。`,
      `如果「${word}」是类别，请改用上面的写法重新发送，例如「#投稿 微信 ${Object.values(config.categories).at(-1)?.name ?? ''} 标题」；`,
      `如果它是标题的一部分，${minutes} 分钟内回复「#是」（或 /yes）即按标题「${word}……」送审，不必重打。`,
    ].join('\n')
  },
  blocked(config: Config, d: Draft, check: CheckResult): string {
    return [
      `⛔ ${d.id}「${currentVersion(d).title}」未送审：${blockedWhy(config, d, check)}。`,
      ...formatHits(check.hits.filter((h) => h.severity === 'block')),
      `请修改后发送「#修改 ${d.id}」加新标题和正文，修改稿会重新检查。`,
    ].join('\n')
  },
  /**
   * The request to the people who must act now. `full`: the first request of this version, with the
   * body, the findings and the manual checks; later ones (next stage, timeout, transfer, leave)
   * refer to it by version and hash instead of posting it again.
   */
  request(config: Config, d: Draft, asked: string[], fallbackFor: string[] = [], full = true): string {
    const v = currentVersion(d)
    const stage = config.chains[d.chain]?.stages[d.stage]
    const details = full
      ? [
          // Reviewers decide from this message, hours later and far up the scroll: show the whole text
          // (a draft within its account's limit is at most 680 characters).
          `正文：${excerpt(v.body)}`,
          ...(v.attachments?.length ? [`附件：${v.attachments.map((a) => a.name).join('、')}`] : []),
          ...(v.findings.length ? ['检查提示：', ...numberedFindings(d, PROOF_SHOWN), `误报请回复「#误报 ${d.id} 序号」。`] : []),
          ...(v.manual.length ? [`人工核对：${v.manual.join('；')}`] : []),
        ]
      : [
          `${v.findings.length ? '正文与检查提示' : '正文'}同第${v.version}版（哈希 ${shortHash(v.hash)}）首次送审时所发，未改动；发送「#状态 ${d.id}」查看全文${v.findings.length ? `，「#检查 ${d.id}」查看 ${v.findings.length} 项检查提示` : ''}。`,
        ]
    return [
      `【待审】${draftLabel(config, d)}`,
      `${stageLabel(config, d)}${stage?.note ? `（${stage.note}）` : ''}：${whoIsAsked(config, d, asked, fallbackFor)}`,
      ...details,
      `回复「#通过 ${d.id}」或「#驳回 ${d.id} 理由」，也可引用本条直接回复「通过」。哈希 ${shortHash(v.hash)}`,
    ].join('\n')
  },
  approvedStep(config: Config, d: Draft, person: string, via: string, onBehalfOf?: string[], comment?: string): string {
    const standsFor = names(config, onBehalfOf ?? [])
    const how =
      via === 'designated'
        ? `（主管指定${standsFor ? `，代 ${standsFor}` : ''}）`
        : (via === 'fallback' || via === 'transfer') && standsFor
          ? `（代 ${standsFor}）`
          : ''
    return `✔️ ${personName(config, person)}${how} 已通过 ${d.id} ${stageLabel(config, d)}${comment ? `，意见：${comment}` : ''}。`
  },
  waitingOthers(config: Config, d: Draft, asked: string[]): string {
    return `${d.id} ${stageLabel(config, d)} 还需 ${names(config, asked)} 通过。`
  },
  final(config: Config, d: Draft, person: string): string {
    const v = currentVersion(d)
    return `✅ ${draftLabel(config, d)} 已完成全部审核，可以发布。终审：${personName(config, person)}，哈希 ${shortHash(v.hash)}（仅限此版本，改动须重新送审）。`
  },
  rejected(config: Config, d: Draft, person: string, reason: string): string {
    return `❌ ${d.id}「${currentVersion(d).title}」被 ${personName(config, person)}（${stageLabel(config, d)}）驳回：${reason}\n请修改后发送「#修改 ${d.id}」加新标题和正文重新送审，或「#撤回 ${d.id}」。`
  },
  /** The first answer to #修改: whose revision of which draft arrived, and what the check found. */
  revisionReceived(config: Config, d: Draft, by: string, check: CheckResult): string {
    return [`已收到 ${by} 的修改稿：${draftLabel(config, d)}`, ...checkSummary(check)].join('\n')
  },
  revised(config: Config, d: Draft, voided: number): string {
    const note = voided > 0 ? `原版本的 ${voided} 个通过意见已作废，` : ''
    return `已更新为 ${draftLabel(config, d)}，${note}从第一级重新审核。`
  },
  withdrawn(d: Draft, by: string): string {
    return `${d.id}「${currentVersion(d).title}」已由 ${by} 撤回，不再审核。`
  },
  transferred(config: Config, d: Draft, from: string, to: string): string {
    return `${personName(config, from)} 已将 ${d.id} ${stageLabel(config, d)} 转交给 ${personName(config, to)}（已记录）。`
  },
  designated(config: Config, d: Draft, by: string, person: string, exception: boolean): string {
    return `${personName(config, by)} 指定 ${personName(config, person)} 审核 ${d.id} ${stageLabel(config, d)}${exception ? '（破例指定：不在本级可指定的名单中，已由主管确认）' : ''}，已记入审核记录。`
  },
  designateUsage(): string {
    return '请写明稿件编号并 @ 要指定的审核人，例如「#指定 D12 @李副主任」；指定名单外的人须加「确认」：「#指定 D12 @某人 确认」。'
  },
  remarked(config: Config, d: Draft, by: string, text: string): string {
    return `💬 ${by} 对 ${d.id} 的意见：${text}（不影响审核进度）`
  },
  timedOut(config: Config, d: Draft): string {
    return `⏰ ${d.id} ${stageLabel(config, d)} 已超过规定时限，现请候补审核人处理。`
  },
  overdue(config: Config, d: Draft, asked: string[]): string {
    return `⏰ ${d.id} ${stageLabel(config, d)} 已超过规定时限，仍待 ${names(config, asked)} 审核，请督办。`
  },
  stillWaiting(config: Config, d: Draft, asked: string[], minutes: number): string {
    return `⏰ ${d.id}「${currentVersion(d).title}」${stageLabel(config, d)} 已等待 ${formatMinutes(minutes)}，仍待 ${names(config, asked) || '主管指定审核人'} 审核，请尽快处理。`
  },
  stuck(config: Config, d: Draft): string {
    return `⚠️ ${d.id} ${stageLabel(config, d)} 当前无人可审（审核人请假或为投稿人本人，且未配置候补）。请主管发送「#指定 ${d.id} @同事」指定本级审核人。`
  },
  cc(config: Config, d: Draft): string {
    return `抄送：${draftLabel(config, d)} 已审核通过。`
  },
  refusal(config: Config, code: RefusalCode, d: Draft, who?: string, turn?: { asked: string[]; yours: number[] }): string {
    const id = d.id
    switch (code) {
      case 'not-pending':
        return `${id} ${STATUS[d.status]}，不能再审核。${d.status === 'rejected' ? `修改后用「#修改 ${id}」重新送审。` : ''}`
      case 'wrong-group':
        return `${id} 不是在本群提交的稿件，请到原群处理。`
      case 'superseded':
        return `你看的是 ${id} 的旧版本，稿件已修改为第${currentVersion(d).version}版（哈希 ${shortHash(currentVersion(d).hash)}），请审核最新版本。`
      case 'own-draft':
        return `不能审核自己提交的稿件 ${id}。`
      case 'already-approved':
        return `${who ?? '你'}已通过 ${id} 的当前阶段，无需重复。`
      case 'fallback-not-active':
        return `你是 ${id} ${stageLabel(config, d)} 的候补审核人，只有主审请假或超时后才能代审。`
      case 'not-an-approver':
        if (turn?.yours.length) {
          const yours = turn.yours.map((i) => `第${i + 1}级`).join('、')
          return `${id} 现在在${stageLabel(config, d)}，轮到 ${names(config, turn.asked) || '主管指定的审核人'} 审核；你负责${yours}，轮到时会 @ 你。发送「#状态 ${id}」查看进度。`
        }
        return `${id} ${stageLabel(config, d)} 现在由 ${names(config, turn?.asked ?? []) || '主管指定的审核人'} 审核，不需要${who ?? '你'}审核${unitNote(config, d)}。发送「#状态 ${id}」查看进度。`
      case 'not-the-submitter':
        return `只有投稿人或主管可以修改、撤回 ${id}。`
      case 'reason-required':
        return `驳回需要写明理由，例如「#驳回 ${id} 数据来源未注明」。`
      case 'transfer-to-self':
        return `不能转交给自己。`
      case 'transfer-target-busy':
        return `对方已是 ${id} 本阶段的审核人，无需转交。`
      case 'transfer-target-approved':
        return `对方已通过 ${id}，转交给 Ta 会让一人的意见计两次；请转交给其他同事。`
      case 'designee-not-allowed': {
        const allowed = names(config, designeesOf(d, config))
        return (
          `${who ?? '对方'}不在${stageLabel(config, d)}可指定的审核人之中${allowed ? `（可指定：${allowed}）` : ''}。` +
          `确需破例指定的，请发送「#指定 ${id} @同事 确认」，破例会记入审核记录。`
        )
      }
    }
  },
  needId(verb: string, candidates: Draft[]): string {
    if (candidates.length === 0) return `没有等你处理的稿件。请写明编号，例如「#${verb} D12」。`
    return `有 ${candidates.length} 篇稿件等你处理（${candidates.map((d) => d.id).join('、')}），请写明编号，例如「#${verb} ${candidates[0]!.id}」。`
  },
  unknownDraft(id: string): string {
    return `找不到稿件 ${id}。发送「#状态」查看在审稿件。`
  },
  otherGroup(id: string): string {
    return `${id} 不是在本群提交的稿件，请到原群查看。`
  },
  submitUsage(accounts: string[], categories: string[]): string {
    return `格式：\n#投稿 微信 [重要] 标题\n正文……\n（账号可写：${accounts.join('、')}；类别可写：${categories.join('、')}）`
  },
  submitProblem(problem: 'no-account' | 'no-title' | 'no-body', hint?: string): string {
    return { 'no-account': `没认出账号${hint ? `「${hint}」` : ''}。`, 'no-title': '缺少标题。', 'no-body': '缺少正文。' }[problem]
  },
  notServed(usage: string): string {
    return `本群不负责该账号。\n${usage}`
  },
  noChain(account: string): string {
    return `账号 ${account} 没有配置审批链，请联系管理员。`
  },
  reviseNeedsBody(id: string): string {
    return `请在命令下一行写修改后的正文，例如：\n#修改 ${id} 新标题\n新正文……`
  },
  /** A stage completed without anyone acting: the same person again, or the submitter skipped. */
  autoStage(d: Draft, stage: number, auto: 'repeat' | 'skip'): string {
    return `${d.id} 第${stage + 1}级${auto === 'repeat' ? '由已在前一级通过的审核人计一次，自动完成' : '的审核人是投稿人本人，按配置跳过'}（已记录）。`
  },
  lateDraft(config: Config, d: Pick<Draft, 'id'>, plannedAt: number, hours: number): string {
    const rule = citationWithWords(config.regulation, 'leadTime')
    return (
      `⚠️ ${d.id} 计划于 ${formatShanghai(plannedAt)} 发布，距收稿仅 ${hours} 小时，不足 ${formatMinutes(leadTimeHoursOf(config) * 60)}` +
      `${rule ? `（${rule}）` : ''}。请审核人留意时间，必要时调整发布计划。`
    )
  },
  ownOpenNeedId(verb: string, mine: Draft[]): string {
    return mine.length === 0
      ? `你没有在审的稿件。`
      : `你有 ${mine.length} 篇在审稿件（${mine.map((d) => d.id).join('、')}），请写明编号，例如「#${verb} ${mine[0]!.id}」。`
  },
  transferUsage(): string {
    return '请 @ 要转交的同事（须在审核名单中），例如「#转交 D12 @李副主任」。'
  },
  remarkUsage(): string {
    return '请写明稿件编号和意见，例如「#意见 D12 第二段数据请核实」。'
  },
  remarkNeedsText(id: string): string {
    return `请写上意见内容，例如「#意见 ${id} 第二段数据请核实」。`
  },
  attachRaced(id: string, file: string): string {
    return `${id} 刚刚被修改，${file} 没有附上，请重新发送。`
  },
  /** The attachment joined the draft; its media problems, or that it passed. */
  attached(d: Draft, file: { name: string; bytes: number }, problems: Hit[]): string[] {
    const v = currentVersion(d)
    const head = `📎 已将 ${file.name}（${(file.bytes / 1024 / 1024).toFixed(1)} MB）附到 ${d.id} 第${v.version}版，哈希 ${shortHash(v.hash)}。`
    return [head, ...(problems.length ? formatHits(problems) : ['附件检查：符合要求'])]
  },
  /** `#状态 D12`; `asked` is who must act now, given while the draft is pending. */
  draftStatus(config: Config, d: Draft, asked?: string[]): string {
    const v = currentVersion(d)
    const lines = [
      `${draftLabel(config, d)}：${STATUS[d.status]}`,
      `投稿：${d.submitter.name}，${formatShanghai(d.createdAt)}；哈希 ${shortHash(v.hash)}`,
      `正文：${excerpt(v.body)}`,
    ]
    if (asked)
      lines.push(
        `当前 ${stageLabel(config, d)}，自 ${formatShanghai(d.stageSince)} 起，待 ${names(config, asked) || `（无人可审，请主管发送「#指定 ${d.id} @同事」）`}`,
      )
    for (const a of d.approvals)
      lines.push(
        `✔️ 第${a.stage + 1}级 ${personName(config, a.person)}${a.onBehalfOf ? `（代 ${names(config, a.onBehalfOf)}）` : ''} ${formatShanghai(a.at)}`,
      )
    if (d.rejection) lines.push(`❌ ${personName(config, d.rejection.person)} 驳回：${d.rejection.reason}`)
    if (v.findings.length) lines.push('检查提示：', ...formatHits(v.findings, 20))
    return lines.join('\n')
  },
  /** `#状态`: the drafts under review, each with whom it waits on. */
  pendingList(config: Config, pending: Array<{ draft: Draft; asked: string[] }>): string {
    if (pending.length === 0) return '目前没有在审稿件。'
    const lines = pending.map(
      ({ draft: d, asked }) =>
        `${d.id}「${currentVersion(d).title}」${stageLabel(config, d)} 待 ${names(config, asked) || '主管处理'}（自 ${formatShanghai(d.stageSince)}）`,
    )
    return [`在审稿件 ${pending.length} 篇：`, ...lines].join('\n')
  },
  /** `#待办`: the drafts waiting on the asker. */
  todo(config: Config, mine: Draft[]): string {
    if (mine.length === 0) return '没有等你审核的稿件。'
    const lines = mine.map((d) => `${d.id}「${currentVersion(d).title}」${stageLabel(config, d)}，自 ${formatShanghai(d.stageSince)}`)
    return [`等你审核的稿件 ${mine.length} 篇：`, ...lines, `回复「#通过 编号」或「#驳回 编号 理由」。`].join('\n')
  },
  historyUsage(): string {
    return '请写明编号，例如「#记录 D12」。'
  },
  /** `#记录 D12`: the audit log, one line an entry; actors that are configured people by name. */
  history(config: Config, id: string, entries: AuditEntry[]): string {
    const lines = entries.map((e) => {
      const stage = typeof e.detail?.stage === 'number' ? ` 第${e.detail.stage + 1}级` : ''
      const who = e.actor in config.people ? personName(config, e.actor) : e.actor
      const designee = e.action === 'designated' && typeof e.detail?.person === 'string' ? personName(config, e.detail.person) : undefined
      const extra = e.detail?.reason
        ? `：${String(e.detail.reason)}`
        : e.detail?.text
          ? `：${String(e.detail.text)}`
          : designee
            ? `：${designee}${e.detail?.exception ? '（破例）' : ''}`
            : ''
      return `${formatShanghai(e.at)} ${who} ${auditActionName(e.action)}${stage}${extra} · 第${e.version ?? '?'}版 ${e.hash ? shortHash(e.hash) : ''}`
    })
    return [`${id} 审核记录：`, ...lines].join('\n')
  },
  checkUsage(): string {
    return '请在命令后写要预检的文字，例如：\n#检查\n正文……'
  },
  /** `#检查` with a text: the check's verdict and findings, nothing submitted. */
  precheck(result: CheckResult): string {
    return [`预检结果（未送审）：${{ pass: '通过', review: '需人工留意', block: '含禁止内容' }[result.verdict]}`, ...checkSummary(result, true)].join(
      '\n',
    )
  },
  falseAlarmUsage(): string {
    return '请写明稿件编号和检查提示的序号，例如「#误报 D12 3」（序号见「#检查 D12」）。'
  },
  leaveForOthers(): string {
    return '只有主管可以为别人登记请假。'
  },
  leaveNotOnRoster(): string {
    return '被 @ 的人不在审核名单中。'
  },
  leaveUsage(): string {
    return '请写明请假到什么时候，例如「#请假 至 明天18点」「#请假 3天」「/leave until 2026-12-01 18:00」。'
  },
  onLeave(name: string, until: number): string {
    return `已登记 ${name} 请假至 ${formatShanghai(until)}，期间其审核由候补审核人代理。`
  },
  back(name: string): string {
    return `${name} 已销假，之后的审核请求会直接 @ 本人。`
  },
}

function excerpt(text: string, max = 800): string {
  const t = text.trim()
  return t.length > max ? `${t.slice(0, max)}……` : t
}

export { STATUS as statusName, names as personNames, auditActionName }
