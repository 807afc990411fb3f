import { collections } from '../collections.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { formatShanghai } from '../../deadlines/shanghai-time.js'
import { dutyOf } from '../../workflow/duty.js'
import { shortHash } from '../../workflow/hash.js'
import { personName } from '../../config/people.js'
import { currentVersion, } from '../../workflow/types.js'
import type { PersonTurn, Turn } from '../deps.js'
import { markFalseAlarm } from '../../workflow/engine.js'
import { engineContext, updateDraft } from './draft-store.js'
import { auditActionName, checkSummary, draftLabel, msg, personNames, stageLabel, statusName } from './texts.js'
import { formatHits } from '../texts.js'
import { visibleDraft, waitingOn } from './pick-draft.js'
import { term } from '../index-terms.js'

export async function statusCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  const ctx = await engineContext(deps)
  if (cmd.id) {
    const d = await visibleDraft(turn, cmd.id)
    if (!d) return
    const v = currentVersion(d)
    const lines = [`${draftLabel(deps.config, d)}：${statusName[d.status]}`, `投稿：${d.submitter.name}，${formatShanghai(d.createdAt)}；哈希 ${shortHash(v.hash)}`]
    if (d.status === 'pending') {
      const duty = dutyOf(d, ctx)
      lines.push(`当前 ${stageLabel(deps.config, d)}，自 ${formatShanghai(d.stageSince)} 起，待 ${personNames(deps.config, duty.asked) || '（无人可审，请主管处理）'}`)
    }
    for (const a of d.approvals) lines.push(`✔️ 第${a.stage + 1}级 ${personName(deps.config, a.person)}${a.onBehalfOf ? `（代 ${personNames(deps.config, a.onBehalfOf)}）` : ''} ${formatShanghai(a.at)}`)
    if (d.rejection) lines.push(`❌ ${personName(deps.config, d.rejection.person)} 驳回：${d.rejection.reason}`)
    if (v.findings.length) lines.push('检查提示：', ...formatHits(v.findings, 20))
    return turn.reply(lines.join('\n'))
  }
  const pending = await collections.drafts.findBy(deps.store, turn.group ? term.pendingIn(turn.group) : term.pending)
  if (pending.length === 0) return turn.reply('目前没有在审稿件。')
  const lines = pending.map((d) => `${d.id}「${currentVersion(d).title}」${stageLabel(deps.config, d)} 待 ${personNames(deps.config, dutyOf(d, ctx).asked) || '主管处理'}（自 ${formatShanghai(d.stageSince)}）`)
  return turn.reply([`在审稿件 ${pending.length} 篇：`, ...lines].join('\n'))
}

export async function todoCommand(turn: PersonTurn): Promise<void> {
  const { person } = turn.actor
  const mine = await waitingOn(turn, person)
  if (mine.length === 0) return turn.reply('没有等你审核的稿件。')
  const lines = mine.map((d) => `${d.id}「${currentVersion(d).title}」${stageLabel(turn.deps.config, d)}，自 ${formatShanghai(d.stageSince)}`)
  return turn.reply([`等你审核的稿件 ${mine.length} 篇：`, ...lines, `回复「#通过 编号」或「#驳回 编号 理由」。`].join('\n'))
}

export async function historyCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  if (!cmd.id) return turn.reply('请写明编号，例如「#记录 D12」。')
  if (cmd.id.startsWith('D') && !(await visibleDraft(turn, cmd.id))) return
  const entries = await deps.store.audit(cmd.id)
  if (entries.length === 0) return turn.reply(msg.unknownDraft(cmd.id))
  const lines = entries.map((e) => {
    const stage = typeof e.detail?.stage === 'number' ? ` 第${e.detail.stage + 1}级` : ''
    const who = e.actor in deps.config.people ? personName(deps.config, e.actor) : e.actor
    const extra = e.detail?.reason ? `：${String(e.detail.reason)}` : e.detail?.text ? `：${String(e.detail.text)}` : ''
    return `${formatShanghai(e.at)} ${who} ${auditActionName(e.action)}${stage}${extra} · 第${e.version ?? '?'}版 ${e.hash ? shortHash(e.hash) : ''}`
  })
  return turn.reply([`${cmd.id} 审核记录：`, ...lines].join('\n'))
}

export async function checkCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const text = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  // #检查 D12: the draft's findings, numbered for #误报
  const id = /^D\d+$/i.exec(text)?.[0].toUpperCase()
  if (id) {
    const d = await visibleDraft(turn, id)
    return d ? turn.reply(msg.draftFindings(turn.deps.config, d)) : undefined
  }
  if (!text) return turn.reply('请在命令后写要预检的文字，例如：\n#检查\n正文……')
  const account = turn.accounts[0]
  const acc = account ? turn.deps.config.accounts[account] : undefined
  const result = await turn.deps.checker.check(text, { kind: 'draft', ...(acc ? { platform: acc.platform, account } : {}) })
  return turn.reply([`预检结果（未送审）：${{ pass: '通过', review: '需人工留意', block: '含禁止内容' }[result.verdict]}`, ...checkSummary(result, true)].join('\n'))
}

/** #误报 D12 3: a reviewer marks finding 3 as a false alarm; recorded in the audit log, counted weekly. */
export async function falseAlarmCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const n = /^\s*(\d+)/.exec(cmd.args)?.[1]
  if (!cmd.id || !n) return turn.reply('请写明稿件编号和检查提示的序号，例如「#误报 D12 3」（序号见「#检查 D12」）。')
  const d = await visibleDraft(turn, cmd.id)
  if (!d) return
  const count = currentVersion(d).findings.length
  const outcome = await updateDraft(deps, cmd.id, actor.person, (draft, ctx) => markFalseAlarm(draft, Number(n), ctx))
  if (!outcome?.ok) return turn.reply(msg.noSuchFinding(cmd.id, n, count))
  return turn.reply(msg.falseAlarmMarked(outcome.draft, Number(n), actor.name))
}
