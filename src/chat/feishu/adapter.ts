/**
 * The Feishu/Lark adapter: a self-built app's bot. Events (im.message.receive_v1) arrive over the
 * SDK's long connection (WSClient, no public callback URL needed); messages go out through the IM
 * API (im.message.create). Mentions are written `<at user_id="…"></at>`; incoming ones arrive as
 * `@_user_1` keys with a `mentions` array. A quote is the message's parent_id: the bot's own
 * message texts are remembered by id, and fetched from the IM API after a restart.
 */
import * as lark from '@larksuiteoapi/node-sdk'
import { z } from 'zod'
import { SentTexts, type ChatEvent, type ChatPort, type IncomingMessage, type Outgoing } from '../port.js'
import { recentIds } from '../seen.js'
import { feishuCards } from './cards.js'

export interface FeishuOptions {
  appId: string
  appSecret: string
  /** https://open.feishu.cn (default), https://open.larksuite.com, or a private deployment / test server */
  baseUrl?: string
  /** which id identifies people in the configuration: open_id (default, always available) or user_id */
  idType?: 'open_id' | 'user_id'
  log?: (msg: string, detail?: Record<string, unknown>) => void
  /** how long a card press may take before Feishu's callback is answered without the card (default 2.5 s; Feishu waits 3 s) */
  pressWindowMs?: number
}

const userIds = z.object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() }).passthrough()
const receiveEvent = z
  .object({
    sender: z.object({ sender_id: userIds.optional(), sender_type: z.string().optional() }).passthrough(),
    message: z
      .object({
        message_id: z.string(),
        parent_id: z.string().optional(),
        chat_id: z.string(),
        chat_type: z.string(),
        message_type: z.string(),
        content: z.string(),
        mentions: z.array(z.object({ key: z.string(), id: userIds, name: z.string().optional() }).passthrough()).optional(),
      })
      .passthrough(),
  })
  .passthrough()

const MEDIA: Record<string, 'image' | 'video' | 'other'> = { image: 'image', media: 'video', file: 'other' }

/** Feishu sends `@_user_1` placeholders; our text has the mention removed. */
function textOf(content: string): string {
  const parsed = z.object({ text: z.string() }).safeParse(JSON.parse(content))
  return parsed.success ? parsed.data.text : ''
}

export function createFeishuChat(options: FeishuOptions): ChatPort {
  const log = options.log ?? (() => {})
  const idType = options.idType ?? 'open_id'
  const domain = options.baseUrl ?? lark.Domain.Feishu
  const client = new lark.Client({ appId: options.appId, appSecret: options.appSecret, domain, loggerLevel: lark.LoggerLevel.error })
  const sentTexts = new SentTexts()
  // Feishu pushes an event again when its answer was late or lost: handle each message once.
  const seen = recentIds()
  let ws: lark.WSClient | undefined
  let self: { id: string; name: string } | undefined
  let queue: Promise<void> = Promise.resolve()

  // The group's name, so a group configured by topic is served before its chat_id is known (#我是谁 tells it).
  const topics = new Map<string, string>()
  async function topicOf(chatId: string): Promise<string> {
    let topic = topics.get(chatId)
    if (topic === undefined) {
      const res = await client.im.chat.get({ path: { chat_id: chatId } }).catch(() => undefined)
      topic = res?.code === 0 ? (res.data?.name ?? '') : ''
      if (res?.code === 0) topics.set(chatId, topic)
    }
    return topic
  }

  const idOf = (ids: z.infer<typeof userIds> | undefined): string | undefined => ids?.[idType] ?? ids?.open_id

  async function call<T extends { code?: number | undefined; msg?: string | undefined }>(what: string, request: Promise<T>): Promise<T> {
    const res = await request
    if (res.code !== undefined && res.code !== 0) throw new Error(`Feishu ${what} refused: ${res.code} ${res.msg ?? ''}`.trim())
    return res
  }

  /** The bot's own message a quote refers to, from memory or, after a restart, from the IM API. */
  async function quotedBotText(parentId: string | undefined): Promise<string | undefined> {
    if (!parentId) return undefined
    const known = sentTexts.get(parentId)
    if (known !== undefined) return known
    const res = await client.im.message.get({ path: { message_id: parentId } }).catch(() => undefined)
    const item = res?.data?.items?.[0]
    if (item?.sender?.sender_type !== 'app' || item.sender.id !== options.appId) return undefined
    return item.body?.content ? textOf(item.body.content) : undefined
  }

  async function toIncoming(data: unknown): Promise<IncomingMessage | undefined> {
    const parsed = receiveEvent.safeParse(data)
    if (!parsed.success) {
      log('unexpected Feishu event ignored', { issues: parsed.error.issues.slice(0, 3) })
      return undefined
    }
    const { sender, message } = parsed.data
    const talkerId = idOf(sender.sender_id)
    if (!talkerId || sender.sender_type === 'app') return undefined
    const room = message.chat_type === 'group' ? { id: message.chat_id, topic: await topicOf(message.chat_id) } : undefined
    const talker = { id: talkerId, name: talkerId }
    const base = { id: message.message_id, ...(room ? { room } : {}), talker }
    const media = MEDIA[message.message_type]
    if (media) {
      const file = z.object({ file_name: z.string().optional(), image_key: z.string().optional() }).passthrough().parse(JSON.parse(message.content))
      // The event does not carry the size; the checklist's size rule sees 0 here.
      return {
        ...base,
        text: '',
        mentionsBot: false,
        mentionIds: [],
        attachment: { name: file.file_name ?? file.image_key ?? media, bytes: 0, kind: media },
      }
    }
    if (message.message_type !== 'text') return undefined
    const mentions = message.mentions ?? []
    const botKeys = new Set(mentions.filter((m) => self && (m.id.open_id === self.id || idOf(m.id) === self.id)).map((m) => m.key))
    let text = textOf(message.content)
    for (const m of mentions) text = text.split(m.key).join(botKeys.has(m.key) ? '' : `@${m.name ?? ''}`)
    const quoted = await quotedBotText(message.parent_id)
    return {
      ...base,
      text: text.replace(/^\s*(@\S+\s*)*(?=[#/＃])/u, '').trim(),
      mentionsBot: !room || botKeys.size > 0,
      mentionIds: mentions
        .filter((m) => !botKeys.has(m.key))
        .map((m) => idOf(m.id))
        .filter((id): id is string => Boolean(id)),
      ...(quoted !== undefined ? { quotedBotText: quoted } : {}),
    }
  }

  const cards = feishuCards({
    client,
    idOf,
    topicOf,
    call,
    idType,
    log,
    ...(options.pressWindowMs !== undefined ? { windowMs: options.pressWindowMs } : {}),
  })

  async function send(receiveIdType: 'chat_id' | typeof idType, receiveId: string, message: Outgoing): Promise<void> {
    const at = (message.mentions ?? []).map((id) => `<at user_id="${id}"></at>`).join(' ')
    const text = at ? `${at} ${message.text}` : message.text
    const res = await call(
      'send',
      client.im.message.create({
        params: { receive_id_type: receiveIdType },
        // uuid: Feishu drops a second send with the same key (within an hour): a retried outbox entry shows once.
        data: {
          receive_id: receiveId,
          msg_type: 'text',
          content: JSON.stringify({ text }),
          ...(message.key ? { uuid: message.key.slice(0, 50) } : {}),
        },
      }),
    )
    if (res.data?.message_id) sentTexts.remember(res.data.message_id, text)
  }

  return {
    platform: 'feishu',
    cards: cards.surface,
    async start(onMessage, onEvent: (e: ChatEvent) => void = () => {}) {
      // The SDK silently does nothing with a malformed App ID: say so instead of waiting forever.
      if (!/^cli_[0-9a-fA-F]{16}$/.test(options.appId))
        throw new Error(`FEISHU_APP_ID "${options.appId}" is not a Feishu App ID (cli_ and 16 hex digits)`)
      // Wrong credentials end here, with Feishu's own answer, before any connection is tried.
      await call('App ID and App Secret', client.auth.tenantAccessToken.internal({ data: { app_id: options.appId, app_secret: options.appSecret } }))
      const info = await call(
        'bot info',
        client.request<{ code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } }>({
          method: 'GET',
          url: '/open-apis/bot/v3/info',
        }),
      )
      if (!info.bot?.open_id) throw new Error('Feishu did not tell the bot its own id: is the bot capability enabled for the app?')
      self = { id: info.bot.open_id, name: info.bot.app_name ?? '' }
      const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
        // A card press is answered with its toast and repainted card (src/chat/feishu/cards.ts).
        'card.action.trigger': cards.onTrigger,
        'im.message.receive_v1': async (data: unknown) => {
          // Answer the push at once (Feishu re-pushes after 3 s) and handle messages one by one.
          const id = receiveEvent.safeParse(data).data?.message.message_id
          if (id && !seen.firstTime(id)) return
          queue = queue.then(async () => {
            try {
              const incoming = await toIncoming(data)
              if (incoming) await onMessage(incoming)
            } catch (err) {
              log('message handling failed', { err })
            }
          })
        },
      })
      await new Promise<void>((resolve, reject) => {
        ws = new lark.WSClient({
          appId: options.appId,
          appSecret: options.appSecret,
          domain,
          loggerLevel: lark.LoggerLevel.error,
          onReady: () => {
            onEvent({ type: 'login', self: self! })
            onEvent({ type: 'ready' })
            resolve()
          },
          onReconnecting: () => onEvent({ type: 'lost', reason: 'Feishu long connection closed; reconnecting' }),
          onReconnected: () => onEvent({ type: 'ready' }),
          onError: (err: Error) => {
            onEvent({ type: 'lost', reason: err.message })
            reject(new Error(`Feishu long connection failed: ${err.message}`))
          },
        })
        void ws.start({ eventDispatcher: dispatcher })
      })
    },
    async stop() {
      ws?.close({ force: true })
      ws = undefined
      await queue
    },
    sayToRoom: (roomId, message) => send('chat_id', roomId, message),
    sayToContact: (userId, message) => send(idType, userId, { text: message.text, ...(message.key ? { key: message.key } : {}) }),
  }
}
