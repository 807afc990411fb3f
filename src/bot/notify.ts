import type { BotDeps } from './deps.js'

/** Says something in a group, @-mentioning people by person key (resolved to their current contact id). */
export async function sayInGroup(deps: BotDeps, group: string, text: string, people: string[] = [], contactIds: string[] = []): Promise<void> {
  const mentions = [...deps.identity.contactsOf(people), ...contactIds]
  await deps.chat.sayToRoom(group, { text, mentions: [...new Set(mentions)] })
}

/** Tells people privately (supervisors' reminders and reports); one failure does not stop the rest. */
export async function tellPeople(deps: BotDeps, people: string[], text: string): Promise<void> {
  for (const p of new Set(people)) {
    const id = deps.identity.contactOf(p)
    if (!id) continue
    await deps.chat.sayToContact(id, { text }).catch((err: unknown) => deps.log.warn({ err, person: p }, 'private message failed'))
  }
}
