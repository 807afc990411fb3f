import { PuppetMock, mock } from 'wechaty-puppet-mock'

/**
 * wechaty-puppet-mock with the two things a real puppet does that the mock leaves out: it keeps
 * the remarks (备注) the bot sets on contacts, and it delivers the @-mentions of the bot's own room
 * messages. Used by the tests and the playground; never in production.
 */
export class SimulatedPuppet extends PuppetMock {
  /** A simulator may outlive its puppet: a restarted bot gets a new puppet on the same simulated world. */
  constructor(readonly simulator: mock.Mocker = new mock.Mocker()) {
    super({ mocker: detached(simulator) })
  }

  override async contactAlias(contactId: string): Promise<string>
  override async contactAlias(contactId: string, alias: string | null): Promise<void>
  // biome-ignore lint/suspicious/noConfusingVoidType: the signature of Wechaty's Puppet, which this overrides
  override async contactAlias(contactId: string, alias?: string | null): Promise<string | void> {
    const payload = this.simulator.contactPayload(contactId)
    if (alias === undefined) return payload.alias ?? ''
    this.simulator.contactPayload(contactId, { ...payload, alias: alias ?? '' })
    await this.contactPayloadDirty(contactId)
  }

  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    if (!conversationId.includes('@') || !mentionIdList?.length) return super.messageSendText(conversationId, text)
    const self = this.simulator.ContactMock.load(this.currentUserId)
    const room = this.simulator.RoomMock.load(conversationId)
    const mentions = mentionIdList.map((id) => this.simulator.ContactMock.load(id))
    self.say(text, mentions).to(room)
  }
}

/** The mocker refuses a second puppet; a restart in the simulation legitimately needs one. */
function detached(simulator: mock.Mocker): mock.Mocker {
  ;(simulator as unknown as { _puppet?: unknown })._puppet = undefined
  return simulator
}
