import type { Message, WechatyOptions } from 'wechaty'
import { WechatyBuilder, types } from 'wechaty'
import { splitQuote, type ChatEvent, type ChatPort, type IncomingMessage, type Outgoing, type RemarkBook } from '../port.js'

export type Puppet = NonNullable<WechatyOptions['puppet']>

export interface WechatyChatOptions {
  /** default: the puppet named by WECHATY_PUPPET (and WECHATY_PUPPET_SERVICE_TOKEN) */
  puppet?: Puppet
  /** errors while handling a message, and the QR code a real puppet asks the operator to scan */
  log?: (msg: string, detail?: Record<string, unknown>) => void
}

const MEDIA: Partial<Record<number, 'image' | 'video' | 'other'>> = {
  [types.Message.Image]: 'image',
  [types.Message.Video]: 'video',
  [types.Message.Attachment]: 'other',
}

/**
 * The Wechaty adapter (personal WeChat, any puppet): it builds the Wechaty instance, logs the QR
 * code to scan, and turns a Wechaty message into our IncomingMessage and our replies into room.say.
 */
export function createWechatyChat(options: WechatyChatOptions = {}): ChatPort {
  const log = options.log ?? (() => {})
  const bot = WechatyBuilder.build({ name: 'sanshen', ...(options.puppet ? { puppet: options.puppet } : {}) })
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

  const remarks: RemarkBook = {
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

  return {
    platform: 'wechaty',
    remarks,
    async start(onMessage, onEvent: (e: ChatEvent) => void = () => {}) {
      listener = async (m) => {
        try {
          const incoming = await toIncoming(m)
          if (incoming) await onMessage(incoming)
        } catch (err) {
          log('message handling failed', { err })
        }
      }
      bot.on('message', listener)
      // A real puppet asks the operator to scan a QR code with the bot's WeChat account.
      bot.on('scan', (qrcode: string, status: number) =>
        log('scan this QR code with the bot account to log in', { status, qrcode: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }),
      )
      bot.on('login', (user) => onEvent({ type: 'login', self: { id: user.id, name: user.name() } }))
      bot.on('ready', () => onEvent({ type: 'ready' }))
      bot.on('logout', (_user, reason?: string) => onEvent({ type: 'lost', reason: reason ?? 'logged out' }))
      await bot.start()
      if (bot.isLoggedIn) onEvent({ type: 'login', self: { id: bot.currentUser.id, name: bot.currentUser.name() } })
    },
    async stop() {
      if (listener) bot.off('message', listener)
      listener = undefined
      await bot.stop()
    },
    async sayToRoom(roomId, message: Outgoing) {
      if (!bot.isLoggedIn) throw new Error('WeChat is not logged in')
      const room = await bot.Room.find({ id: roomId })
      if (!room) throw new Error(`room ${roomId} not found: is the bot still a member?`)
      const mentions = await contactsOf(message.mentions)
      if (mentions.length > 0) await room.say(message.text, ...mentions)
      else await room.say(message.text)
    },
    async sayToContact(contactId, message) {
      if (!bot.isLoggedIn) throw new Error('WeChat is not logged in')
      const contact = await bot.Contact.find({ id: contactId })
      if (!contact) throw new Error(`contact ${contactId} not found`)
      await contact.say(message.text)
    },
  }
}
