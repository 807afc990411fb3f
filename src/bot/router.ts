import type { IncomingMessage } from '../chat/port.js'
import { parseMessage, type ParsedCommand } from '../commands/parse.js'
import type { Verb } from '../commands/verbs.js'
import { supervisorsOf } from '../config/people.js'
import type { BotDeps, PersonTurn, Route, Turn } from './deps.js'
import { attachToDraft } from './drafts/attach.js'
import { draftRoutes } from './drafts/routes.js'
import { accountsOf, servedGroup } from './groups.js'
import type { HeardLog } from './onboarding/heard.js'
import { reloadCommand } from './lexicons.js'
import { bindCommand, whoamiCommand } from './people-commands.js'
import { publicMessageRoutes } from './public-messages/routes.js'
import { offerResend, RESEND_MINUTES, takeResend } from './resend.js'
import { botText } from './texts.js'
import { answerFailure, runAsCommand, type CommandRun } from './command-outcome.js'

export type Routes = Partial<Record<Verb, Route>>

/** Commands of the bot as a whole: how to use it, who am I, and the supervisors' tools. */
const coreRoutes: Routes = {
  help: { who: 'anyone', where: 'anywhere', run: (turn) => turn.reply(botText.help(turn.deps.config)) },
  whoami: { who: 'anyone', where: 'anywhere', run: (turn) => whoamiCommand(turn) },
  bind: { who: 'supervisor', where: 'any', run: bindCommand },
  reload: { who: 'supervisor', where: 'any', run: (turn) => reloadCommand(turn) },
}

/** Verbs shared by drafts (D12) and public messages (C7): the id's first letter picks the feature. */
function byIdPrefix(forMessages: Route & { who: 'configured' }, forDrafts: Route & { who: 'configured' }): Route {
  return { who: 'configured', where: 'any', run: (turn, cmd) => (cmd.id?.startsWith('C') ? forMessages.run(turn, cmd) : forDrafts.run(turn, cmd)) }
}

/** Every command the bot answers, and who may use it where. */
export const allRoutes: Routes = {
  ...coreRoutes,
  ...draftRoutes,
  ...publicMessageRoutes,
  transfer: byIdPrefix(publicMessageRoutes.transfer, draftRoutes.transfer),
  approve: byIdPrefix(publicMessageRoutes.approve, draftRoutes.approve),
  reject: byIdPrefix(publicMessageRoutes.reject, draftRoutes.reject),
}

/** Why `turn` may not use `route`, or undefined when it may. */
function refusal(deps: BotDeps, route: Route, turn: Turn): Parameters<typeof botText.refused>[0] | undefined {
  const { person } = turn.actor
  if (route.who === 'anyone') return undefined
  // Drafts are unpublished: in a private chat only configured people may see or touch them.
  if (!person && !turn.group) return 'private'
  if (!person && route.who !== 'member') return 'not-configured'
  if (person && route.who === 'supervisor' && !supervisorsOf(deps.config).includes(person)) return 'supervisor'
  if (route.where === 'group' && !turn.group) return 'group'
  return undefined
}

function run(route: Route, turn: Turn, cmd: Parameters<Route['run']>[1]): Promise<void> {
  if (route.who === 'anyone' || route.who === 'member') return route.run(turn, cmd)
  return route.run(turn as PersonTurn, cmd) // refusal() has made sure there is a person
}

/**
 * The route's rules, then its handler: the one path every command takes, typed or pressed on a card
 * (src/bot/cards/press.ts). A refusal is said to the actor with one text, before the handler runs.
 */
export async function runCommand(routes: Routes, turn: Turn, command: ParsedCommand): Promise<void> {
  const { verb } = command
  const route = routes[verb]
  if (!route) return turn.reply(botText.unknown(verb))
  const refused = refusal(turn.deps, route, turn)
  if (refused) return turn.reply(botText.refused(refused, verb), [turn.actor.contactId])
  await run(route, turn, command)
}

/**
 * One straight path for a message: served group? → parse → who is it (by contact id) → may they
 * (the route's `who` and `where`) → handler (an image or video goes to the sender's open draft
 * instead), inside an error boundary so one failing command never takes the bot down or goes unanswered.
 */
export function createRouter(deps: BotDeps, routes: Routes, heard?: HeardLog): (m: IncomingMessage) => Promise<void> {
  // each command under an id that its commits record, so a failure is answered with what is certain (command-outcome.ts)
  const handle = (m: IncomingMessage): Promise<void> => runAsCommand(m.id, deps.clock.now(), (command) => handleOne(m, command))
  const handleOne = async (m: IncomingMessage, command: CommandRun): Promise<void> => {
    const group = m.room ? servedGroup(deps.config, m.room) : undefined
    // A group the configuration does not serve hears only how to join it: #我是谁 and #帮助.
    const unserved = m.room !== undefined && !group
    if (unserved && m.attachment) return
    const parsed = m.attachment ? undefined : parseMessage(m, { maxChars: deps.config.policy.maxBodyChars + 2_000 })
    if (!parsed && !m.attachment) return
    if (unserved && !(parsed?.kind === 'command' && routes[parsed.command.verb]?.where === 'anywhere')) return
    const actor = { contactId: m.talker.id, name: m.talker.name, ...(await personOf(deps, m.talker.id)) }
    if (heard) await noteUnnamed(deps, heard, m, unserved, actor.person)
    const turn: Turn = {
      deps,
      msg: m,
      actor,
      ...(m.room && group ? { group: m.room.id } : {}),
      accounts: accountsOf(deps.config, group),
      reply: (text, mentions) =>
        m.room
          ? deps.chat.sayToRoom(m.room.id, { text, replyTo: m.id, ...(mentions ? { mentions } : {}) })
          : deps.chat.sayToContact(m.talker.id, { text, replyTo: m.id }),
    }
    try {
      if (m.attachment) return await attachToDraft(turn, m.attachment)
      if (!parsed) return
      if (parsed.kind === 'unknown') {
        if (!parsed.suggestion) return await turn.reply(botText.unknown(parsed.word))
        await offerResend(turn, parsed.suggestion.text)
        return await turn.reply(botText.didYouMean(parsed.word, parsed.suggestion.word, parsed.suggestion.text, RESEND_MINUTES))
      }
      if (parsed.kind === 'too-long') return await turn.reply(botText.tooLong(parsed.chars, parsed.max))
      const { verb } = parsed.command
      // `#是` runs the offered command as if typed again: through this same path, so every rule above applies to it
      if (verb === 'confirm') {
        const text = await takeResend(turn)
        if (!text) return await turn.reply(botText.nothingToResend())
        const { quotedBotText: _quote, ...plain } = m
        return await handle({ ...plain, text, mentionsBot: false })
      }
      await runCommand(routes, turn, parsed.command)
    } catch (err) {
      deps.log.error({ err, message: m.id, talker: m.talker.id }, 'command failed')
      await answerFailure(turn, command, err)
    }
  }
  return handle
}

/** Keeps the group and the person the configuration does not name, for the dashboard; never fails the message. */
async function noteUnnamed(deps: BotDeps, heard: HeardLog, m: IncomingMessage, unserved: boolean, person: string | undefined): Promise<void> {
  try {
    if (unserved && m.room) await heard.record('group', m.room.id, m.room.topic)
    if (!person) await heard.record('person', m.talker.id, m.talker.name, m.room?.id)
  } catch (err) {
    deps.log.warn({ err }, 'could not note an unconfigured group or person')
  }
}

/** The configured person a platform user id is, if any: identity is the id, never a display name. */
export async function personOf(deps: BotDeps, contactId: string): Promise<{ person?: string }> {
  const person = await deps.identity.personOf(contactId)
  return person ? { person } : {}
}
