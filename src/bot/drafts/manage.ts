import type { ParsedCommand } from '../../commands/parse.js'
import { isOwnerOrSupervisor, remark, withdraw } from '../../workflow/engine.js'
import { supervisorsOf } from '../../config/people.js'
import type { Turn } from '../deps.js'
import { updateDraft } from './draft-store.js'
import { msg } from './texts.js'
import { toGroup } from '../notify.js'
import { afterChange } from './announce.js'
import { dispatch } from '../follow-ups.js'
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
    // the announcement is committed with the withdrawal: a kill in between cannot leave it unsaid
    { only: (d) => ({ say: [toGroup(deps, d.group, msg.withdrawn(d, actor.name))] }) },
  )
  if (!outcome) return turn.reply(msg.unknownDraft(id))
  if (!outcome.ok) return turn.reply(msg.refusal(deps.config, outcome.refusal.code, outcome.refusal.draft))
  await afterChange(deps, outcome)
}

export async function remarkCommand(turn: Turn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  if (!cmd.id) return turn.reply(msg.remarkUsage())
  const text = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  if (!text) return turn.reply(msg.remarkNeedsText(cmd.id))
  if (!(await visibleDraft(turn, cmd.id))) return
  const outcome = await updateDraft(deps, cmd.id, actor.person ?? actor.contactId, (d, ctx) => remark(d, actor.name, text, ctx), {
    only: (d) => ({ say: [toGroup(deps, d.group, msg.remarked(deps.config, d, actor.name, text), [], [d.submitter.contactId])] }),
  })
  if (!outcome) return turn.reply(msg.unknownDraft(cmd.id))
  if (!outcome.ok) return
  // said, not repainted: a remark changes no card (WeCom would otherwise get a new card per remark)
  await dispatch(deps, outcome.implied)
}
