import type { Logger } from 'pino'
import type { Outbox } from '../chat/outbox.js'
import type { ChatPort, IncomingMessage } from '../chat/port.js'
import type { Checker } from '../checklist/types.js'
import type { Clock } from '../clock.js'
import type { ParsedCommand } from '../commands/parse.js'
import type { Config } from '../config/schema.js'
import type { WorkCalendar } from '../deadlines/work-calendar.js'
import type { Store } from '../store/store.js'
import type { Identity } from './identity.js'
import type { Telemetry } from '../telemetry.js'

/** Everything a feature handler may use, passed in by the composition root (create-bot.ts). */
export interface BotDeps {
  config: Config
  store: Store
  clock: Clock
  chat: ChatPort
  /** what a change says, stored with it and sent once committed (src/bot/follow-ups.ts) */
  outbox: Pick<Outbox, 'entries' | 'dispatch'>
  checker: Checker
  /** working days (statutory holidays, 调休, the override file) for every reply deadline */
  calendar: WorkCalendar
  identity: Identity
  log: Logger
  telemetry: Telemetry
  /** the configuration file, as #我是谁 names it for pasting (absolute) */
  configFile?: string
  /** whether an edit of configFile takes effect without a restart (npm start watches it) */
  configWatched?: boolean
}

export interface Actor {
  contactId: string
  /** the configured person this contact is, if any */
  person?: string
  name: string
}

/** One incoming message being handled: who sent it, and a reply() that goes back where it came from. */
export interface Turn {
  deps: BotDeps
  msg: IncomingMessage
  actor: Actor
  /** the room id when the message came from a served group */
  group?: string
  /** accounts that group may submit for */
  accounts: string[]
  reply(text: string, mentionContactIds?: string[]): Promise<void>
}

/** A turn of a configured person: what a route declared `configured` or `supervisor` receives. */
export interface PersonTurn extends Turn {
  actor: Actor & { person: string }
}

export type Handler<T extends Turn = Turn> = (turn: T, cmd: ParsedCommand) => Promise<void>

/**
 * Who may use a command, declared where it is routed (as grammY's filters and Probot's routing do);
 * the router refuses with one text before the handler runs, so handlers hold only their feature.
 * - anyone: anyone, in the group or privately (help, whoami)
 * - member: anyone in a served group; privately only configured people (drafts are unpublished)
 * - configured: configured people, recognised by contact id (a renamed impostor is refused)
 * - supervisor: the configured supervisors
 */
export type Who = 'anyone' | 'member' | 'configured' | 'supervisor'

/**
 * Where: `group` only in a served group (what others must see happen there), `any` also privately,
 * `anywhere` also in a group the configuration does not serve (how to get into it: #我是谁, #帮助).
 */
export type Where = 'group' | 'any' | 'anywhere'

export type Route =
  | { who: 'anyone' | 'member'; where: Where; run: Handler }
  | { who: 'configured' | 'supervisor'; where: Where; run: Handler<PersonTurn> }
