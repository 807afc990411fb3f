import type { Logger } from 'pino'
import type { ChatPort, IncomingMessage } from '../chat/port.js'
import type { Checker } from '../checklist/types.js'
import type { Clock } from '../clock.js'
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
  checker: Checker
  /** working days (statutory holidays, 调休, the override file) for every reply deadline */
  calendar: WorkCalendar
  identity: Identity
  log: Logger
  telemetry: Telemetry
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
