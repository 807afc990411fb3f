import type { EventEmitter } from 'node:events'
import { mock } from 'wechaty-puppet-mock'
import { createWechatyChat } from '../../src/chat/wechaty/adapter.js'
import { SimulatedPuppet } from '../../src/chat/wechaty/simulated-puppet.js'
import { describeAdapter, type BotMessage } from './adapter-suite.js'

const BOT = { id: 'wxid_sanshen_bot', name: '三审助手' }

/** Personal WeChat through the real Wechaty on the simulated puppet (wechaty-puppet-mock). */
describeAdapter(
  'wechaty (simulated puppet)',
  async (config, extras) => {
    const sim = new mock.Mocker()
    const puppet = new SimulatedPuppet(sim)
    const botUser = sim.createContact(BOT)
    sim.login(botUser)
    const users = new Map<string, mock.ContactMock>()
    for (const [key, p] of [...Object.entries(config.people), ...Object.entries(extras)])
      users.set(key, sim.createContact({ id: p.id, name: p.name }))
    const room = sim.createRoom({
      id: config.groups[0]!.id!,
      topic: config.groups[0]!.topic ?? 'group',
      memberIdList: [BOT.id, ...[...users.values()].map((c) => c.id)],
    })
    const other = sim.createRoom({ id: 'not-configured-02@chatroom', topic: '别的群', memberIdList: room.payload.memberIdList })
    const sent: BotMessage[] = []
    for (const r of [room, other])
      (r as unknown as EventEmitter).on('message', (m: { id: string; payload: { talkerId: string; text?: string; mentionIdList?: string[] } }) => {
        if (m.payload.talkerId === BOT.id)
          sent.push({ id: m.id, roomId: r.id, text: m.payload.text ?? '', mentionIds: m.payload.mentionIdList ?? [] })
      })
    let dropped = false
    let waiting: (() => void)[] = []
    const user = (who: string) =>
      users.get(who) ??
      (() => {
        throw new Error(`no user ${who}`)
      })()
    const say = (who: string, text: string, o: { private?: boolean; otherGroup?: boolean } = {}) => {
      const post = () =>
        o.private
          ? user(who).say(text).to(botUser)
          : user(who)
              .say(`@${BOT.name}\u2005${text}`, [botUser])
              .to(o.otherGroup ? other : room)
      if (dropped) waiting.push(post)
      else post()
    }
    return {
      chat: createWechatyChat({ puppet }),
      sent,
      otherGroupId: other.id,
      async userSays(who, text, o) {
        say(who, text, o)
      },
      async userQuotes(who, quoted, text) {
        say(who, `「${BOT.name}：${quoted.text}」\n- - - - - - - - - - - - - - -\n${text}`)
      },
      async dropConnection() {
        dropped = true
        await puppet.logout('connection dropped by the test')
      },
      async reconnected() {
        sim.login(botUser)
        await new Promise((r) => setTimeout(r, 50))
        dropped = false
        for (const post of waiting) post()
        waiting = []
      },
      async close() {},
    }
  },
  'editors@chatroom',
)
