import type { ParsedCommand } from '../../commands/parse.js'
import { reasonOf } from '../../commands/parse.js'
import { approve, reject, transfer, type DecisionScope, type Outcome } from '../../workflow/engine.js'
import { afterChange } from './announce.js'
import type { PersonTurn, Turn } from '../deps.js'
import { engineContext, updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { pickDraftId } from './pick-draft.js'

function scopeOf(turn: Turn, cmd: ParsedCommand): DecisionScope {
  const comment = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  return {
    ...(turn.group ? { group: turn.group } : {}),
    ...(cmd.version !== undefined ? { version: cmd.version } : {}),
    ...(comment ? { comment } : {}),
  }
}

async function finish(turn: Turn, id: string, outcome: Outcome | undefined): Promise<void> {
  const { deps } = turn
  if (!outcome) return turn.reply(msg.unknownDraft(id))
  if (!outcome.ok) {
    deps.log.info({ draft: id, actor: turn.actor, code: outcome.refusal.code }, 'decision refused')
    return turn.reply(msg.refusal(deps.config, outcome.refusal.code, outcome.refusal.draft), [turn.actor.contactId])
  }
  await afterChange(deps, outcome.draft, outcome.events, await engineContext(deps))
}

export async function approveCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { person } = turn.actor
  const id = await pickDraftId(turn, cmd, person, '通过')
  if (!id) return
  await finish(turn, id, await updateDraft(turn.deps, id, person, (d, ctx) => approve(d, person, ctx, scopeOf(turn, cmd))))
}

export async function rejectCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { person } = turn.actor
  const id = await pickDraftId(turn, cmd, person, '驳回')
  if (!id) return
  const reason = reasonOf(cmd)
  await finish(turn, id, await updateDraft(turn.deps, id, person, (d, ctx) => reject(d, person, reason, ctx, scopeOf(turn, cmd))))
}

/** `#转交 D12 @同事` (or the colleague's configured name or key instead of the mention). */
export async function transferCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  const { person } = turn.actor
  const to = await turn.deps.identity.named(cmd)
  if (!to) return turn.reply(msg.transferUsage())
  const id = await pickDraftId(turn, cmd, person, '转交')
  if (!id) return
  await finish(turn, id, await updateDraft(deps, id, person, (d, ctx) => transfer(d, person, to, ctx, scopeOf(turn, cmd))))
}

