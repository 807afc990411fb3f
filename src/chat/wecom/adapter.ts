import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk'
import { z } from 'zod'
import type { ChatEvent, ChatPort, IncomingMessage, Outgoing } from '../port.js'
import { longestNameFirst, type NamedPeopleOptions } from '../people.js'
import { recentIds } from '../seen.js'
import { ReplyFrames } from './frame-reply.js'
import { wecomCards } from './cards.js'

/**
 * The WeCom 智能机器人 (AI bot) over its WebSocket long connection (@wecom/aibot-node-sdk): the bot
 * dials out with its Bot ID and Secret, so no public address is needed.
 *
 * What the platform allows shapes this adapter:
 * - In a group the bot only hears messages that @-mention it, so every command there starts with
 *   `@机器人`. The callback carries the text as typed (`@机器人 #通过 …`) and the sender's userid,
 *   but neither the names nor the ids of other people mentioned: `@姓名` of a configured person is
 *   resolved through `people`.
 * - A quote arrives as `quote` (the quoted message's content, without its sender): it is passed on
 *   as the quoted bot text, and the bot matches it against what it said.
 * - An answer goes on the incoming message's reply channel (`aibot_respond_msg` with its req_id, as
 *   one finished stream message) while that is valid: once per message, within five minutes, on
 *   the connection it came on (frame-reply.ts). Everything else (reminders, requests that must
 *   notify people) is a proactive `aibot_send_msg` (markdown), whose quota per conversation is
 *   tighter; a userid is mentioned with `<@userid>`, and a private chat's chatid is the user's userid.
 * - A newer connection with the same Bot ID takes over (`disconnected_event`): the SDK stops this
 *   one without reconnecting; we log it loudly instead of crashing.
 */
export interface WecomChatOptions extends NamedPeopleOptions {
  botId: string
  secret: string
  /** the SDK's default is wss://openws.work.weixin.qq.com; tests point it at a loopback fake */
  wsUrl?: string
  /** first reconnect delay; the SDK doubles it up to 30 s */
  reconnectBaseMs?: number
  heartbeatMs?: number
  /** the bot's name in WeCom, to remove its mention wherever it stands in a message */
  botName?: string
}

const Callback = z.object({
  msgid: z.string().min(1),
  chattype: z.enum(['single', 'group']),
  chatid: z.string().min(1).optional(),
  from: z.object({ userid: z.string().min(1) }),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  quote: z.object({ msgtype: z.string(), text: z.object({ content: z.string() }).optional() }).optional(),
})

/** The SDK rejects a refused send with the answer frame itself: an Error that says its code. */
function refusal(err: unknown): Error {
  if (err instanceof Error) return err
  const frame = err as { errcode?: unknown; errmsg?: unknown } | undefined
  return new Error(`WeCom refused the message: ${String(frame?.errcode)} ${String(frame?.errmsg ?? '')}`.trim())
}

export function createWecomChat(opts: WecomChatOptions): ChatPort {
  const log = opts.log ?? (() => {})
  const people = longestNameFirst(opts.people)
  const seen = recentIds()
  const groupsSeen = new Set<string>()
  const frames = new ReplyFrames()
  const client = new WSClient({
    botId: opts.botId,
    secret: opts.secret,
    ...(opts.wsUrl ? { wsUrl: opts.wsUrl } : {}),
    reconnectInterval: opts.reconnectBaseMs ?? 1000,
    heartbeatInterval: opts.heartbeatMs ?? 30_000,
    // A bot that gives up reconnecting is a dead bot: retry for as long as the process runs.
    maxReconnectAttempts: -1,
    logger: {
      debug() {},
      info() {},
      warn: (msg: string, ...args: unknown[]) => log(`wecom: ${msg} ${args.join(' ')}`.trim()),
      error: (msg: string, ...args: unknown[]) => log(`wecom: ${msg} ${args.join(' ')}`.trim()),
    },
  })

  const cards = wecomCards(client, log)

  function toIncoming(frame: WsFrame): IncomingMessage | undefined {
    const parsed = Callback.safeParse(frame.body)
    if (!parsed.success) {
      log(`wecom: ignored a malformed message callback: ${JSON.stringify(frame).slice(0, 200)}`)
      return undefined
    }
    const b = parsed.data
    if (b.msgtype !== 'text' || !b.text) return undefined
    if (!seen.firstTime(b.msgid)) return undefined
    frames.heard(b.msgid, frame)
    const chatid = b.chattype === 'group' ? b.chatid : undefined
    if (b.chattype === 'group' && !chatid) {
      log(`wecom: ignored a group message without chatid (${b.msgid})`)
      return undefined
    }
    // A group text carries the bot's own mention, usually first (`@机器人 #通过`): drop it.
    let text = b.text.content
    if (chatid) text = opts.botName && text.includes(`@${opts.botName}`) ? text.split(`@${opts.botName}`).join(' ') : text.replace(/^\s*@\S+\s*/, '')
    const mentionIds: string[] = []
    for (const p of people) {
      if (p.id === b.from.userid || !text.includes(`@${p.name}`)) continue
      mentionIds.push(p.id)
      text = text.split(`@${p.name}`).join(' ')
    }
    // The callback carries no group name: the operator learns a group's chatid from this line.
    if (chatid && !groupsSeen.has(chatid)) {
      groupsSeen.add(chatid)
      log(`wecom: messages from group chatid ${chatid} (the id for groups[].id)`)
    }
    const quoted = b.quote?.msgtype === 'text' ? b.quote.text?.content : undefined
    return {
      id: b.msgid,
      ...(chatid ? { room: { id: chatid, topic: chatid } } : {}),
      talker: { id: b.from.userid, name: people.find((p) => p.id === b.from.userid)?.name ?? b.from.userid },
      text: text.replace(/[ \t\u00a0\u2005]+/g, ' ').trim(),
      mentionsBot: true,
      mentionIds,
      ...(quoted ? { quotedBotText: quoted } : {}),
    }
  }

  async function send(chatid: string, message: Outgoing): Promise<void> {
    const mentions = (message.mentions ?? []).map((id) => `<@${id}>`).join(' ')
    const content = mentions ? `${mentions} ${message.text}` : message.text
    // a message that must notify people goes proactively: the reply channel is documented for the answer only
    const frame = mentions ? undefined : frames.take(message.replyTo)
    if (frame) {
      try {
        await client.replyStream(frame, `${message.key ?? frame.headers.req_id}`.slice(0, 64), content, true)
        return
      } catch (err) {
        // refused (expired, already answered): said proactively instead; a lost connection fails that too, and the outbox retries
        log(`wecom: reply on the message's channel refused (${refusal(err).message}); sending it proactively`)
      }
    }
    await client.sendMessage(chatid, { msgtype: 'markdown', markdown: { content } }).catch((err: unknown) => {
      throw refusal(err)
    })
  }

  return {
    platform: 'wecom',
    start(onMessage, onEvent: (e: ChatEvent) => void = () => {}) {
      client.on('message', (frame: WsFrame) => {
        const incoming = toIncoming(frame)
        if (incoming) onMessage(incoming).catch((err) => log('wecom: message handling failed', err))
      })
      // Card presses (src/chat/wecom/cards.ts): answered by updating the card within 5 s.
      client.on('event.template_card_event', (frame: WsFrame) => cards.onEvent(frame))
      client.on('event.disconnected_event', () =>
        log('wecom: another connection with this Bot ID took over; this process no longer receives messages (is a second bot running?)'),
      )
      client.on('authenticated', () => {
        // req_ids of the connection before are not answered on this one
        frames.newConnection()
        onEvent({ type: 'login', self: { id: opts.botId, name: opts.botId } })
        onEvent({ type: 'ready' })
      })
      client.on('disconnected', (reason: string) => onEvent({ type: 'lost', reason }))
      client.on('reconnecting', (attempt: number) => log(`wecom: connection lost, reconnecting (attempt ${attempt})`))
      return new Promise<void>((resolve, reject) => {
        const onAuth = () => {
          client.off('error', onError)
          resolve()
        }
        // Wrong credentials fail the start; a network fault is retried by the SDK.
        const onError = (err: Error) => {
          if (!/Authentication failed/.test(err.message)) return
          client.off('authenticated', onAuth)
          client.off('error', onError)
          client.disconnect()
          reject(new Error(`WeCom refused the Bot ID/Secret: ${err.message}`))
        }
        client.once('authenticated', onAuth)
        client.on('error', onError)
        // one line, no stack: the SDK retries; a refused Bot ID/Secret is the start's sentence (its own log says it too)
        client.on('error', (err: Error) => {
          if (!/Authentication failed/.test(err.message)) log(`wecom: connection error: ${err.message}`)
        })
        client.connect()
      })
    },
    async stop() {
      client.removeAllListeners()
      client.disconnect()
    },
    sayToRoom: send,
    sayToContact: send,
    cards: cards.surface,
  }
}
