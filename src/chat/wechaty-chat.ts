import type { Message, Wechaty as WechatyInterface } from 'wechaty'
import { types } from 'wechaty'
import { splitQuote, type ChatPort, type IncomingMessage, type Outgoing } from './port.js'

const MEDIA: Partial<Record<number, 'image' | 'video' | 'other'>> = {
  [types.Message.Image]: 'image',
  [types.Message.Video]: 'video',
  [types.Message.Attachment]: 'other',
}

/** The Wechaty adapter: a Wechaty message becomes our IncomingMessage; our replies become room.say. */
export function createWechatyChat(bot: WechatyInterface, log: (msg: string, err?: unknown) => void = () => {}): ChatPort {
  let listener: ((m: Message) => Promise<void>) | undefined

  async function toIncoming(m: Message): Promise<IncomingMessage | undefined> {
    if (m.self()) return undefined
    const kind = MEDIA[m.type()]
    if (kind) return toAttachment(m, kind)
    if (m.type() !== types.Message.Text) return undefined
    const room = m.room()
    const talker = m.talker()
    const selfId = bot.currentUser.id
    const mentioned = room ? await m.mentionList().catch(() => []) : []
    const selfNames = [bot.currentUser.name()]
    if (room) {
      const alias = await room.alias(bot.currentUser).catch(() => undefined)
      if (alias) selfNames.push(alias)
    }
    let text = room ? await m.mentionText().catch(() => m.text()) : m.text()
    // Some puppets miss a mention of the bot when it has a group nickname: match the name as well.
    const leadingSelf = selfNames.find((n) => n && text.trimStart().startsWith(`@${n}`))
    if (leadingSelf) text = text.trimStart().slice(leadingSelf.length + 1)
    const mentionsBot =
      Boolean(leadingSelf) || mentioned.some((c: { id: string }) => c.id === selfId) || (room ? await m.mentionSelf().catch(() => false) : true)
    const quote = splitQuote(text)
    const quotesBot = quote && selfNames.includes(quote.quotedName)
    return {
      id: m.id,
      ...(room ? { room: { id: room.id, topic: await room.topic() } } : {}),
      talker: { id: talker.id, name: talker.name() },
      text: quote ? quote.reply : text.trim(),
      mentionsBot,
      mentionIds: mentioned.map((c) => c.id).filter((id) => id !== selfId),
      ...(quotesBot ? { quotedBotText: quote.quoted } : {}),
    }
  }

  async function toAttachment(m: Message, kind: 'image' | 'video' | 'other'): Promise<IncomingMessage> {
    const file = await m.toFileBox()
    // A remote file may not know its size until read; only then is the buffer fetched.
    const bytes = file.size > 0 ? file.size : (await file.toBuffer()).length
    const room = m.room()
    return {
      id: m.id,
      ...(room ? { room: { id: room.id, topic: await room.topic() } } : {}),
      talker: { id: m.talker().id, name: m.talker().name() },
      text: '',
      mentionsBot: false,
      mentionIds: [],
      attachment: { name: file.name, bytes, kind },
    }
  }

  async function contactsOf(ids: string[] = []) {
    const found = await Promise.all(ids.map((id) => bot.Contact.find({ id }).catch(() => undefined)))
    return found.filter((c): c is NonNullable<typeof c> => Boolean(c))
  }

  return {
    async start(onMessage) {
      listener = async (m) => {
        try {
          const incoming = await toIncoming(m)
          if (incoming) await onMessage(incoming)
        } catch (err) {
          log('message handling failed', err)
        }
      }
      bot.on('message', listener)
      await bot.start()
    },
    async stop() {
      if (listener) bot.off('message', listener)
      listener = undefined
    },
    async sayToRoom(roomId, message: Outgoing) {
      const room = await bot.Room.find({ id: roomId })
      if (!room) throw new Error(`room ${roomId} not found: is the bot still a member?`)
      const mentions = await contactsOf(message.mentions)
      if (mentions.length > 0) await room.say(message.text, ...mentions)
      else await room.say(message.text)
    },
    async sayToContact(contactId, message) {
      const contact = await bot.Contact.find({ id: contactId })
      if (!contact) throw new Error(`contact ${contactId} not found`)
      await contact.say(message.text)
    },
    async remarkOf(contactId) {
      const contact = await bot.Contact.find({ id: contactId })
      return (await contact?.alias()) ?? undefined
    },
    async setRemark(contactId, remark) {
      const contact = await bot.Contact.find({ id: contactId })
      if (contact) await contact.alias(remark)
    },
    async findByRemark(tag) {
      // the whole tag: "sanshen:deputy" must not find "sanshen:deputy2"
      const exact = new RegExp(`${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_.-])`)
      for (const c of await bot.Contact.findAll()) {
        if (exact.test((await c.alias()) ?? '')) return c.id
      }
      return undefined
    },
    async hasContact(contactId) {
      return Boolean(await bot.Contact.find({ id: contactId }).catch(() => undefined))
    },
  }
}
