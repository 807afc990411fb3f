import type { ParsedCommand } from '../../commands/parse.js'
import { reasonOf } from '../../commands/parse.js'
import { approve, designate, reject, transfer, type DecisionScope } from '../../workflow/engine.js'
import { normalizeCommandText } from '../../commands/normalize.js'
import { dutyOf, type DutyContext } from '../../workflow/duty.js'
import type { Draft } from '../../workflow/types.js'
import { afterChange } from './announce.js'
import type { PersonTurn, Turn } from '../deps.js'
import { type Decided, updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { pickDraftId } from './pick-draft.js'
import { personName } from '../../config/people.js'

function scopeOf(turn: Turn, cmd: ParsedCommand): DecisionScope {
  const comment = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  return {
    ...(turn.group ? { group: turn.group } : {}),
    ...(cmd.version !== undefined ? { version: cmd.version } : {}),
    ...(comment ? { comment } : {}),
  }
}

async function finish(turn: Turn, id: string, outcome: Decided | undefined, target?: string): Promise<void> {
  const { deps } = turn
  if (!outcome) return turn.reply(msg.unknownDraft(id))
  if (!outcome.ok) {
    deps.log.info({ draft: id, actor: turn.actor, code: outcome.refusal.code }, 'decision refused')
    const { code, draft } = outcome.refusal
    const turnOf = code === 'not-an-approver' && turn.actor.person ? whoseTurn(draft, turn.actor.person, outcome.ctx) : undefined
    const who =
      code === 'not-an-approver' && turn.actor.person
        ? `你（${personName(deps.config, turn.actor.person)}）`
        : target && code === 'designee-not-allowed'
          ? personName(deps.config, target)
          : undefined
    return turn.reply(msg.refusal(deps.config, code, draft, who, turnOf), [turn.actor.contactId])
  }
  await afterChange(deps, outcome)
}

/** Who must act now, and the stages of this draft's chain where `person` is named (a reviewer early or late, not an impostor). */
function whoseTurn(draft: Draft, person: string, ctx: DutyContext): { asked: string[]; yours: number[] } {
  const stages = ctx.config.chains[draft.chain]?.stages ?? []
  const yours = stages
    .map((_, i) => i)
    .filter((i) => dutyOf(draft, ctx, i).slots.some((s) => s.candidates.includes(person) || s.fallbackPeople.includes(person)))
  return { asked: dutyOf(draft, ctx).asked, yours }
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

/**
 * `#指定 D12 @同事 [确认]` (/designate): a supervisor names the reviewer of the draft's current stage,
 * typically when nobody can review it. Someone the preset does not allow for the stage needs 确认.
 */
export async function designateCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  const to = await deps.identity.named(cmd)
  if (!cmd.id || !to) return turn.reply(msg.designateUsage())
  const exception = /(?:^|\s)(?:确认|confirm)$/i.test(normalizeCommandText(cmd.args))
  const scope = turn.group ? { group: turn.group } : {}
  await finish(
    turn,
    cmd.id,
    await updateDraft(deps, cmd.id, turn.actor.person, (d, ctx) => designate(d, turn.actor.person, to, exception, ctx, scope)),
    to,
  )
}
