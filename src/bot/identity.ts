import { collections } from './collections.js'
import type { ParsedCommand } from '../commands/parse.js'
import { normalizeCommandText } from '../commands/normalize.js'
import type { Config } from '../config/schema.js'
import type { ChatPort, RemarkBook } from '../chat/port.js'
import type { Store } from '../store/store.js'
import type { Clock } from '../clock.js'

/**
 * Who is who, by contact id, never by display name (anyone can rename themselves in a group).
 *
 * Web-protocol puppets hand out new contact ids after every login. To survive that without falling
 * back to names, the bot writes a tag `sanshen:<person>` into the remark (备注) it keeps on each
 * configured person's contact. Remarks belong to the bot's account: members cannot set them. When
 * a message comes from an unknown id whose remark carries a tag, the new id is bound to that person
 * (stored and audit-logged) and used from then on, for mentions too.
 */
const REMARK_TAG = 'sanshen:'

export class Identity {
  private configIds: { of: Config; byId: Map<string, string> } | undefined
  private bound = new Map<string, string>()

  /** `deps` is read at call time: the bot may open its store only when it starts, and its configuration may be reloaded. */
  constructor(private readonly deps: { config: Config; store: Store; chat: ChatPort; clock: Clock }) {}

  /** person key by configured id, for the configuration in use now */
  private get byConfigId(): Map<string, string> {
    if (this.configIds?.of !== this.config)
      this.configIds = { of: this.config, byId: new Map(Object.entries(this.config.people).map(([key, p]) => [p.id, key])) }
    return this.configIds.byId
  }

  private get config(): Config {
    return this.deps.config
  }
  private get store(): Store {
    return this.deps.store
  }
  /** WeChat only; elsewhere user ids are stable and there is nothing to re-bind */
  private get remarks(): RemarkBook | undefined {
    return this.deps.chat.remarks
  }

  /** A configured person named by @-mention (their contact id) or by key or configured name. */
  async named(cmd: Pick<ParsedCommand, 'mentionIds' | 'args'>): Promise<string | undefined> {
    const mentioned = cmd.mentionIds[0]
    if (mentioned) return this.personOf(mentioned)
    const word = normalizeCommandText(cmd.args).replace(/^@/, '').split(' ')[0]
    if (!word) return undefined
    return Object.entries(this.config.people).find(([k, p]) => k === word || p.name === word)?.[0]
  }

  async load(): Promise<void> {
    const bindings = await collections.bindings.list(this.store)
    this.bound = new Map(bindings.map((b) => [b.id, b.contactId]))
  }

  /** The person key of a contact id, or undefined for someone not in the configuration. */
  async personOf(contactId: string): Promise<string | undefined> {
    for (const [person, id] of this.bound) if (id === contactId) return person
    const configured = this.byConfigId.get(contactId)
    if (configured && !this.bound.has(configured)) return configured
    // Another instance may have bound this id since we loaded: look again before asking the puppet.
    await this.load()
    for (const [person, id] of this.bound) if (id === contactId) return person
    const remark = await this.remarks?.remarkOf(contactId).catch(() => undefined)
    const tagged = remark ? tagIn(remark) : undefined
    if (tagged && tagged in this.config.people) {
      await this.bind(tagged, contactId, 'bot', 'remark')
      return tagged
    }
    return undefined
  }

  /** The contact id to mention a person by: the last id bound to them, else the configured one. */
  contactOf(person: string): string | undefined {
    return this.bound.get(person) ?? this.config.people[person]?.id
  }

  /** The contact ids to @-mention people by, leaving out anyone without one. */
  contactsOf(people: readonly string[]): string[] {
    return people.map((p) => this.contactOf(p)).filter((id): id is string => Boolean(id))
  }

  async bind(person: string, contactId: string, actor: string, how: 'remark' | 'command'): Promise<void> {
    const entry = { at: this.deps.clock.now(), actor, action: 'identity-bound', subject: `person:${person}`, detail: { contactId, how } }
    // Compare-and-set: another instance may bind the same person at the same moment.
    for (let attempt = 0; ; attempt++) {
      const existing = await collections.bindings.get(this.store, person)
      if ((await collections.bindings.commit(this.store, { id: person, rev: existing?.rev ?? 0, contactId }, existing?.rev ?? 0, [entry])) !== false)
        break
      if (attempt >= 4) throw new Error(`could not record the new contact of ${person}; please try again`)
    }
    this.bound.set(person, contactId)
    await this.tag(person, contactId)
  }

  /**
   * After a login: every configured person whose contact is there gets the tag; one whose id is
   * gone (a web puppet's re-login) is found again by the tag and re-bound before they next speak,
   * so the bot's @-mentions reach them.
   */
  async tagAll(): Promise<void> {
    const remarks = this.remarks
    if (!remarks) return
    for (const person of Object.keys(this.config.people)) {
      const id = this.contactOf(person)
      if (id && (await remarks.hasContact(id))) await this.tag(person, id)
      else {
        const found = await remarks.findByRemark(`${REMARK_TAG}${person}`)
        if (found) await this.bind(person, found, 'bot', 'remark')
      }
    }
  }

  private async tag(person: string, contactId: string): Promise<void> {
    const remarks = this.remarks
    if (!remarks) return
    const remark = (await remarks.remarkOf(contactId).catch(() => undefined)) ?? ''
    if (tagIn(remark) === person) return
    const name = this.config.people[person]?.name ?? person
    await remarks.setRemark(contactId, `${name} ${REMARK_TAG}${person}`).catch(() => undefined)
  }
}

function tagIn(remark: string): string | undefined {
  return new RegExp(`${REMARK_TAG}([A-Za-z0-9][A-Za-z0-9_.-]*)`).exec(remark)?.[1]
}
