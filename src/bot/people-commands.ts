import type { ParsedCommand } from '../commands/parse.js'
import { normalizeCommandText } from '../commands/normalize.js'
import { personName } from '../config/people.js'
import { configFileOf } from '../config/load.js'
import type { PersonTurn, Turn } from './deps.js'
import { botText } from './texts.js'

export async function whoamiCommand(turn: Turn): Promise<void> {
  const { actor, deps } = turn
  const bound = actor.person ? { key: actor.person, name: personName(deps.config, actor.person) } : undefined
  return turn.reply(botText.whoami(actor.contactId, bound, turn.group, configFileOf(deps.config)))
}

/** `#绑定 @某人 person-key`: a supervisor ties a person to a (new) contact id, e.g. after a re-login. */
export async function bindCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const contactId = cmd.mentionIds[0]
  const key = normalizeCommandText(cmd.args.replace(/@\S+/g, '')).split(' ')[0]
  if (!contactId || !key || !Object.hasOwn(deps.config.people, key)) {
    return turn.reply(botText.bindUsage(Object.keys(deps.config.people)))
  }
  await deps.identity.bind(key, contactId, actor.person, 'command')
  await turn.reply(botText.bound(key, personName(deps.config, key)))
}
