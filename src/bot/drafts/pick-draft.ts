import { collections } from '../collections.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { dutyOf, standingOf } from '../../workflow/duty.js'
import type { Draft } from '../../workflow/types.js'
import type { Turn } from '../deps.js'
import { engineContext } from '../engine-context.js'
import { msg } from './texts.js'
import { term } from '../index-terms.js'

/**
 * A draft the asker may see: in a group only that group's drafts (drafts are unpublished), in a
 * private chat any (the router lets only configured people get this far). Says why when not.
 */
export async function visibleDraft(turn: Turn, id: string): Promise<Draft | undefined> {
  const d = await collections.drafts.get(turn.deps.store, id)
  if (!d) await turn.reply(msg.unknownDraft(id))
  else if (turn.group && d.group !== turn.group) await turn.reply(msg.otherGroup(id))
  else return d
  return undefined
}

/** Drafts waiting on `person` right now, in this group when one is given. */
export async function waitingOn(turn: Turn, person: string): Promise<Draft[]> {
  const ctx = await engineContext(turn.deps)
  // Who is asked depends on leaves and deputies too, so this filters the open drafts (index-terms.ts).
  const pending = await collections.drafts.findBy(turn.deps.store, turn.group ? term.pendingIn(turn.group) : term.pending)
  return pending.filter((d) => standingOf(d, dutyOf(d, ctx), person).may)
}

/**
 * The draft a decision is about: the id typed or quoted, or else the only draft waiting on the
 * asker. When that is ambiguous the asker is told which ids to choose from.
 */
export async function pickDraftId(turn: Turn, cmd: ParsedCommand, person: string, verb: string): Promise<string | undefined> {
  if (cmd.id) return cmd.id
  const waiting = await waitingOn(turn, person)
  if (waiting.length === 1) return waiting[0]!.id
  await turn.reply(msg.needId(verb, waiting))
  return undefined
}

/** Drafts the asker submitted that are still open: for #撤回 without an id. */
export async function ownOpenDraftId(turn: Turn, cmd: ParsedCommand, verb: string): Promise<string | undefined> {
  if (cmd.id) return cmd.id
  const mine = await collections.drafts.findBy(turn.deps.store, term.openBy(turn.actor.contactId))
  if (mine.length === 1) return mine[0]!.id
  await turn.reply(msg.ownOpenNeedId(verb, mine))
  return undefined
}
