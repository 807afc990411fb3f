import { collections } from '../collections.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { dutyOf } from '../../workflow/duty.js'
import { currentVersion } from '../../workflow/types.js'
import type { PersonTurn, Turn } from '../deps.js'
import { markFalseAlarm } from '../../workflow/engine.js'
import { engineContext } from '../engine-context.js'
import { updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { visibleDraft, waitingOn } from './pick-draft.js'
import { buildSignSheet, signSheetChecksum } from './sign-sheet.js'
import { signSheetText } from './sign-sheet-texts.js'
import { term } from '../index-terms.js'
import { LEARN_AFTER, recordMark, withoutLearned } from '../false-alarms/learned.js'
import { falseAlarmText } from '../false-alarms/texts.js'

export async function statusCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  if (cmd.id) {
    const d = await visibleDraft(turn, cmd.id)
    if (!d) return
    // who is asked depends on leaves: read only for a draft still waiting
    return turn.reply(msg.draftStatus(deps.config, d, d.status === 'pending' ? dutyOf(d, await engineContext(deps)).asked : undefined))
  }
  const ctx = await engineContext(deps)
  const pending = await collections.drafts.findBy(deps.store, turn.group ? term.pendingIn(turn.group) : term.pending)
  return turn.reply(
    msg.pendingList(
      deps.config,
      pending.map((d) => ({ draft: d, asked: dutyOf(d, ctx).asked })),
    ),
  )
}

export async function todoCommand(turn: PersonTurn): Promise<void> {
  const { person } = turn.actor
  const mine = await waitingOn(turn, person)
  return turn.reply(msg.todo(turn.deps.config, mine))
}

export async function historyCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  if (!cmd.id) return turn.reply(msg.historyUsage())
  if (cmd.id.startsWith('D') && !(await visibleDraft(turn, cmd.id))) return
  const entries = await deps.store.audit(cmd.id)
  if (entries.length === 0) return turn.reply(msg.unknownDraft(cmd.id))
  return turn.reply(msg.history(deps.config, cmd.id, entries))
}

/** #审签单 D12: the record an inspection asks for, in short, with its checksum and where to print it. */
export async function signSheetCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  if (!cmd.id?.startsWith('D')) return turn.reply(signSheetText.usage())
  const d = await visibleDraft(turn, cmd.id)
  if (!d) return
  const sheet = buildSignSheet(turn.deps.config, d, await turn.deps.store.audit(d.id))
  return turn.reply(signSheetText.summary(sheet, signSheetChecksum(sheet)))
}

export async function checkCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const text = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  // #检查 D12: the draft's findings, numbered for #误报
  const id = /^D\d+$/i.exec(text)?.[0].toUpperCase()
  if (id) {
    const d = await visibleDraft(turn, id)
    return d ? turn.reply(msg.draftFindings(turn.deps.config, d)) : undefined
  }
  if (!text) return turn.reply(msg.checkUsage())
  const account = turn.accounts[0]
  const acc = account ? turn.deps.config.accounts[account] : undefined
  const checked = await turn.deps.checker.check(text, { kind: 'draft', ...(acc ? { platform: acc.platform, account } : {}) })
  const result = await withoutLearned(turn.deps.store, checked)
  return turn.reply(msg.precheck(result))
}

/**
 * #误报 D12 3: a reviewer marks finding 3 as a false alarm; recorded in the audit log, counted
 * weekly, and learned once marked often enough (src/bot/false-alarms/learned.ts).
 */
export async function falseAlarmCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const n = /^\s*(\d+)/.exec(cmd.args)?.[1]
  if (!cmd.id || !n) return turn.reply(msg.falseAlarmUsage())
  const d = await visibleDraft(turn, cmd.id)
  if (!d) return
  const count = currentVersion(d).findings.length
  const outcome = await updateDraft(deps, cmd.id, actor.person, (draft, ctx) => markFalseAlarm(draft, Number(n), ctx), 'no-follow-ups')
  if (!outcome?.ok) return turn.reply(msg.noSuchFinding(cmd.id, n, count))
  const hit = currentVersion(outcome.draft).findings[Number(n) - 1]!
  const learned = await recordMark(deps.store, hit, actor.person, outcome.draft.id, outcome.ctx.now)
  const marked = msg.falseAlarmMarked(outcome.draft, Number(n), actor.name)
  return turn.reply(learned ? `${marked}\n${falseAlarmText.learned(hit.text, LEARN_AFTER)}` : marked)
}
