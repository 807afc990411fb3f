import type { Said } from '../chat/outbox.js'
import { StoreUnavailableError } from '../store/store.js'
import type { BotDeps, Turn } from './deps.js'

/** Says something in a group, @-mentioning people by person key (resolved to their current contact id). */
export async function sayInGroup(deps: BotDeps, group: string, text: string, people: string[] = [], contactIds: string[] = []): Promise<void> {
  const { mentions } = toGroup(deps, group, text, people, contactIds)
  await deps.chat.sayToRoom(group, { text, mentions })
}

/**
 * Tells people privately (supervisors' reminders and reports); one failure does not stop the rest.
 * A store that is away does: in a job the message could not be stored, so the job must fail and run
 * again (its messages keep their ids, so those already stored are not said twice).
 */
export async function tellPeople(deps: BotDeps, people: string[], text: string): Promise<void> {
  for (const p of new Set(people)) {
    const id = deps.identity.contactOf(p)
    if (!id) continue
    await deps.chat.sayToContact(id, { text }).catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) throw err
      deps.log.warn({ err, person: p }, 'private message failed')
    })
  }
}

/** A group message as a change says it (stored with the change: src/bot/follow-ups.ts). */
export function toGroup(deps: BotDeps, group: string, text: string, people: string[] = [], contactIds: string[] = []): Said {
  return { to: `room:${group}`, text, mentions: [...new Set([...deps.identity.contactsOf(people), ...contactIds])] }
}

/** Private messages as a change says them, one per person with a contact id. */
export function toPeople(deps: BotDeps, people: string[], text: string): Said[] {
  return [...new Set(people)].flatMap((p) => {
    const id = deps.identity.contactOf(p)
    return id ? [{ to: `contact:${id}`, text, mentions: [] }] : []
  })
}

/** What an action says, and whom it @-mentions (contact ids). */
export interface Told {
  text: string
  mentions?: string[]
}

/** Said where the command was given: its group, or the private chat. */
export function toTurn(turn: Turn, told: Told): Said {
  const { room, talker } = turn.msg
  return room
    ? { to: `room:${room.id}`, text: told.text, mentions: told.mentions ?? [] }
    : { to: `contact:${talker.id}`, text: told.text, mentions: [] }
}
