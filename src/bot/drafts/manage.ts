import type { ParsedCommand } from '../../commands/parse.js'
import { isOwnerOrSupervisor, remark, withdraw } from '../../workflow/engine.js'
import { supervisorsOf } from '../../config/people.js'
import type { Turn } from '../deps.js'
import { updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { sayInGroup } from '../notify.js'
import { repaintCards } from '../cards/show.js'
import { ownOpenDraftId, visibleDraft } from './pick-draft.js'
import { reviseDraft } from './submit.js'

export async function reviseCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const id = await ownOpenDraftId(turn, cmd, '修改')
  if (id) await reviseDraft(turn, cmd, id)
}

export async function withdrawCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const id = await ownOpenDraftId(turn, cmd, '撤回')
  if (!id) return
  const outcome = await updateDraft(
    deps,
    id,
    actor.person ?? actor.contactId,
    (d, ctx) =>
      isOwnerOrSupervisor(d, actor, supervisorsOf(deps.config))
        ? withdraw(d, actor.name, ctx)
        : { ok: false, refusal: { code: 'not-the-submitter', draft: d } },
    'no-follow-ups',
  )
  if (!outcome) return turn.reply(msg.unknownDraft(id))
  if (!outcome.ok) return turn.reply(msg.refusal(deps.config, outcome.refusal.code, outcome.refusal.draft))
  await repaintCards(deps, outcome.draft, outcome.ctx)
  await sayInGroup(deps, outcome.draft.group, msg.withdrawn(outcome.draft, actor.name))
}

export async function remarkCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  if (!cmd.id) return turn.reply(msg.remarkUsage())
  const text = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  if (!text) return turn.reply(msg.remarkNeedsText(cmd.id))
  if (!(await visibleDraft(turn, cmd.id))) return
  const outcome = await updateDraft(deps, cmd.id, actor.person ?? actor.contactId, (d, ctx) => remark(d, actor.name, text, ctx), 'no-follow-ups')
  if (!outcome) return turn.reply(msg.unknownDraft(cmd.id))
  if (!outcome.ok) return
  await sayInGroup(deps, outcome.draft.group, msg.remarked(deps.config, outcome.draft, actor.name, text), [], [outcome.draft.submitter.contactId])
}
