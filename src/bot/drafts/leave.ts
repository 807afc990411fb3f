import { collections } from '../collections.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { parseUntil } from '../../commands/until.js'
import { dutyOf } from '../../workflow/duty.js'
import { personName, supervisorsOf } from '../../config/people.js'
import type { Leave } from '../../workflow/types.js'
import type { PersonTurn, Turn } from '../deps.js'
import { engineContext } from '../engine-context.js'
import { msg } from './texts.js'
import { sayInGroup } from '../notify.js'
import { term } from '../index-terms.js'

/** Whose leave this is: the asker, or (for a supervisor) the person they @-mention. */
async function subject(turn: PersonTurn, cmd: ParsedCommand): Promise<string | undefined> {
  const me = turn.actor.person
  if (cmd.mentionIds.length === 0) return me
  if (!supervisorsOf(turn.deps.config).includes(me)) {
    await turn.reply(msg.leaveForOthers())
    return undefined
  }
  const other = await turn.deps.identity.named(cmd)
  if (!other) await turn.reply(msg.leaveNotOnRoster())
  return other
}

async function saveLeave(turn: PersonTurn, person: string, until: number): Promise<void> {
  const { store } = turn.deps
  const existing = await collections.leaves.get(store, person)
  const doc: Leave = { id: person, rev: existing?.rev ?? 0, until, setBy: turn.actor.person }
  const entry = {
    at: turn.deps.clock.now(),
    actor: doc.setBy,
    action: until > turn.deps.clock.now() ? 'leave' : 'back',
    subject: `person:${person}`,
    detail: { until },
  }
  if ((await collections.leaves.commit(store, doc, existing?.rev ?? 0, [entry])) === false)
    throw new Error('leave changed concurrently; please try again')
}

export async function leaveCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const person = await subject(turn, cmd)
  if (!person) return
  const { deps } = turn
  const now = deps.clock.now()
  const words = cmd.args.replace(/@\S+/g, '').trim()
  const until = parseUntil(words, now)
  if (!until || until <= now) return turn.reply(msg.leaveUsage())
  await saveLeave(turn, person, until)
  await turn.reply(msg.onLeave(personName(deps.config, person), until))
  await handOver(turn, person)
}

export async function backCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const person = await subject(turn, cmd)
  if (!person) return
  await saveLeave(turn, person, turn.deps.clock.now())
  await turn.reply(msg.back(personName(turn.deps.config, person)))
}

/** Calls in the fallback people at once on every draft that now waits on someone away. */
async function handOver(turn: Turn, person: string): Promise<void> {
  const { deps } = turn
  const ctx = await engineContext(deps)
  const drafts = await collections.drafts.findBy(deps.store, term.pending)
  for (const d of drafts) {
    const duty = dutyOf(d, ctx)
    const affected = duty.slots.filter((s) => !s.satisfied && s.candidates.includes(person))
    if (affected.length === 0) continue
    if (duty.asked.length === 0) {
      await sayInGroup(deps, d.group, msg.stuck(deps.config, d), supervisorsOf(deps.config))
      continue
    }
    const fallbackFor = affected.filter((s) => s.fallbackActive).flatMap((s) => s.primaries)
    await sayInGroup(deps, d.group, msg.request(deps.config, d, duty.asked, fallbackFor, false), duty.asked)
  }
}
