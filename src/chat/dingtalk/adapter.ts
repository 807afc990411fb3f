import { backoff } from '../../retry.js'
import { DWClient, type DWClientDownStream } from 'dingtalk-stream'
import { z } from 'zod'
import type { ChatEvent, ChatPort, IncomingMessage, Outgoing } from '../port.js'
import { longestNameFirst, type NamedPeopleOptions } from '../people.js'
import { recentIds } from '../seen.js'
import { dingtalkCards, TOPIC_CARD } from './cards.js'

/**
 * A DingTalk enterprise robot (企业内部应用机器人) in Stream mode: messages come in over the
 * `dingtalk-stream` WebSocket (no public address needed); messages go out through the robot
 * OpenAPI with the app's access token.
 *
 * - In: topic `/v1.0/im/bot/messages/get`. In a group the robot only hears messages that @ it;
 *   `atUsers` gives the others mentioned (with `staffId` for members of the organisation). A
 *   reply-quote arrives as `text.repliedMsg` (its sender and content): quoting the robot is
 *   recognised by the robot's `chatbotUserId`.
 * - Out: `/v1.0/robot/groupMessages/send` (openConversationId) and `/v1.0/robot/oToMessages/batchSend`
 *   (userIds). Those OpenAPI texts cannot notify a mentioned person, so a group message with mentions
 *   goes through the conversation's `sessionWebhook` (valid about 1.5 h after the last message the
 *   robot heard there) with `at.atUserIds`, the text carrying `@userId`; without a fresh one it falls
 *   back to the OpenAPI with the names written out.
 * - The SDK is extended rather than forked: the gateway address is configurable (tests), a malformed
 *   frame is logged instead of thrown out of the socket handler, reconnection backs off
 *   exponentially (the SDK retries every second, and twice after a failed attempt), and the SDK's
 *   heartbeat timer is ours to clear: the SDK starts one per connection and clears only the last at
 *   disconnect(), so each reconnect leaked one (after stop() they went on printing "TERMINATE
 *   SOCKET" every 8 s, and several at once cut a healthy connection).
 */
export interface DingtalkChatOptions extends NamedPeopleOptions {
  /** AppKey / Client ID of the app that owns the robot */
  clientId: string
  /** AppSecret / Client Secret */
  clientSecret: string
  /** the robot's code; for an enterprise-internal app it is the AppKey */
  robotCode?: string
  /** OpenAPI base, https://api.dingtalk.com by default; the stream gateway is under it too */
  apiBase?: string
  /**
   * where sessionWebhooks must point to be used (guards against a forged frame), https://oapi.dingtalk.com
   * by default; a private deployment sets its own (DINGTALK_WEBHOOK_BASE), else its @ become plain names
   */
  sessionWebhookBase?: string
  /** false: never use sessionWebhooks, always the OpenAPI (mentions then do not notify) */
  sessionWebhook?: boolean
  reconnectBaseMs?: number
  /** SDK WebSocket ping every 8 s to notice a dead connection (on by default) */
  keepAlive?: boolean
  /** the clock sessionWebhook expiry is checked on; default: the bot's (start's context), else real time */
  now?: () => number
  /** the id of the card template imported from config/cards/dingtalk-review.json; unset: no cards, text only */
  cardTemplateId?: string
}

const TOPIC_ROBOT = '/v1.0/im/bot/messages/get'

const RobotMessage = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  conversationId: z.string().min(1),
  conversationType: z.enum(['1', '2']),
  conversationTitle: z.string().optional(),
  chatbotUserId: z.string().optional(),
  senderId: z.string().min(1),
  senderStaffId: z.string().min(1).optional(),
  senderNick: z.string().optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string(), staffId: z.string().optional() })).optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  text: z
    .object({
      content: z.string(),
      isReplyMsg: z.boolean().optional(),
      repliedMsg: z.object({ senderId: z.string().optional(), content: z.object({ text: z.string().optional() }).optional() }).optional(),
    })
    .optional(),
})

const Token = z.object({ accessToken: z.string().min(1), expireIn: z.number().positive() })
const Gateway = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) })
const BatchSend = z.object({ invalidStaffIdList: z.array(z.string()).optional(), flowControlledStaffIdList: z.array(z.string()).optional() })
const WebhookReply = z.object({ errcode: z.number(), errmsg: z.string().optional() })

class RefusedError extends Error {}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) {
    const err = `${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 200)}`
    throw res.status === 400 || res.status === 401 || res.status === 403 ? new RefusedError(err) : new Error(err)
  }
  return JSON.parse(text) as unknown
}

interface StreamHooks {
  log: (msg: string, err?: unknown) => void
  opened: () => void
  lost: (reason: string) => void
  /** true: the start fails with it; false: a running bot retries (the platform may be refusing for a while) */
  refused: (err: Error) => boolean
}

/** The SDK's fields this subclass manages (private in its typings). */
interface SdkInternals {
  heartbeatIntervallId?: NodeJS.Timeout | undefined
  userDisconnect: boolean
  socket?: { once(e: 'close', cb: (code: number) => void): void; close(): void }
}

/** The SDK's client with a configurable gateway, guarded frame parsing, backed-off reconnects and one heartbeat timer at most. */
class StreamClient extends DWClient {
  private stopped = false
  private failures = 0
  private retryTimer: NodeJS.Timeout | undefined

  constructor(
    opts: { clientId: string; clientSecret: string; keepAlive: boolean },
    private readonly gateway: string,
    private readonly baseDelayMs: number,
    private readonly hooks: StreamHooks,
  ) {
    super(opts)
    // Reconnection is ours (with backoff); the SDK's would race it.
    this.config.autoReconnect = false
  }

  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, ua, subscriptions } = this.config
    const res = Gateway.parse(await postJson(this.gateway, { clientId, clientSecret, ua, subscriptions }))
    ;(this as unknown as { dw_url: string }).dw_url = `${res.endpoint}?ticket=${encodeURIComponent(res.ticket)}`
    return this
  }

  private get sdk(): SdkInternals {
    return this as unknown as SdkInternals
  }

  /** The SDK's heartbeat of the connection before, if it is still running. */
  private stopHeartbeat(): void {
    clearInterval(this.sdk.heartbeatIntervallId)
    this.sdk.heartbeatIntervallId = undefined
  }

  override async _connect(): Promise<void> {
    this.stopHeartbeat()
    await super._connect()
    const { socket } = this.sdk
    // the timer the SDK started for this socket ends with it, not at the next connect
    const heartbeat = this.sdk.heartbeatIntervallId
    socket?.once('close', (code) => {
      clearInterval(heartbeat)
      if (this.sdk.heartbeatIntervallId === heartbeat) this.sdk.heartbeatIntervallId = undefined
      this.hooks.lost(`socket closed (${code})`)
      this.retry()
    })
    this.failures = 0
    this.hooks.opened()
  }

  override async connect(): Promise<void> {
    try {
      await this.getEndpoint()
      await this._connect()
    } catch (err) {
      if (err instanceof RefusedError && this.hooks.refused(err)) return
      // a network fault, retried: one line, no stack
      this.hooks.log(`dingtalk: could not connect to the stream gateway: ${(err as Error).message}`)
      this.retry()
    }
  }

  private retry(): void {
    if (this.stopped || this.retryTimer) return
    const delay = backoff(++this.failures, { firstMs: this.baseDelayMs, maxMs: 30_000 })
    this.hooks.log(`dingtalk: reconnecting in ${delay} ms (attempt ${this.failures})`)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      void this.connect()
    }, delay)
  }

  /** The SDK's disconnect without its console line, clearing whatever heartbeat remains. */
  override disconnect(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    this.stopHeartbeat()
    this.sdk.userDisconnect = true
    this.sdk.socket?.close()
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data)
    } catch (err) {
      this.hooks.log(`dingtalk: ignored a malformed frame: ${String(data).slice(0, 200)}`, err)
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    // The server asks us to go (a redeploy or rebalancing); it closes the socket next and we reconnect.
    if (downstream.headers?.topic === 'disconnect')
      this.hooks.log(`dingtalk: the stream server is closing this connection: ${String(downstream.data).slice(0, 200)}`)
    super.onSystem(downstream)
  }
}

export function createDingtalkChat(opts: DingtalkChatOptions): ChatPort {
  const log = opts.log ?? (() => {})
  // tokens expire in real time; a sessionWebhook's 1.5 hours are checked on the bot's clock (start's context)
  let botNow: () => number = opts.now ?? Date.now
  const apiBase = (opts.apiBase ?? 'https://api.dingtalk.com').replace(/\/$/, '')
  const webhookBase = `${(opts.sessionWebhookBase ?? 'https://oapi.dingtalk.com').replace(/\/$/, '')}/`
  const robotCode = opts.robotCode ?? opts.clientId
  const people = longestNameFirst(opts.people)
  const seen = recentIds()
  const groupsSeen = new Set<string>()
  let foreignWebhookSaid = false
  /** the freshest sessionWebhook of each group conversation */
  const webhooks = new Map<string, { url: string; expires: number }>()
  let token: { value: string; expires: number } | undefined
  let client: StreamClient | undefined

  async function accessToken(): Promise<string> {
    if (token && token.expires > Date.now()) return token.value
    const t = Token.parse(await postJson(`${apiBase}/v1.0/oauth2/accessToken`, { appKey: opts.clientId, appSecret: opts.clientSecret }))
    // Renew five minutes early: a token that expires in flight fails the send.
    token = { value: t.accessToken, expires: Date.now() + (t.expireIn - 300) * 1000 }
    return token.value
  }

  async function openApi(path: string, body: unknown): Promise<unknown> {
    try {
      return await postJson(`${apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': await accessToken() })
    } catch (err) {
      // A token revoked early (app secret reset) is refused: fetch a new one for the outbox's next try.
      if (err instanceof RefusedError) token = undefined
      throw err
    }
  }

  const cards = opts.cardTemplateId ? dingtalkCards({ apiBase, robotCode, templateId: opts.cardTemplateId, accessToken, log }) : undefined

  function toIncoming(raw: unknown): IncomingMessage | undefined {
    const parsed = RobotMessage.safeParse(raw)
    if (!parsed.success) {
      log(`dingtalk: ignored a malformed robot message: ${JSON.stringify(raw)?.slice(0, 200)}`)
      return undefined
    }
    const m = parsed.data
    if (!seen.firstTime(m.msgId)) return undefined
    const group = m.conversationType === '2'
    if (group && m.sessionWebhook && m.sessionWebhookExpiredTime) {
      if (m.sessionWebhook.startsWith(webhookBase)) webhooks.set(m.conversationId, { url: m.sessionWebhook, expires: m.sessionWebhookExpiredTime })
      else if (!foreignWebhookSaid) {
        // said once: otherwise every @ silently becomes a plain name
        foreignWebhookSaid = true
        log(
          `dingtalk: sessionWebhook ${new URL(m.sessionWebhook).origin} is not under ${webhookBase} and is not used, so @-mentions do not notify; on a private deployment set DINGTALK_WEBHOOK_BASE to its address`,
        )
      }
    }
    if (group && !groupsSeen.has(m.conversationId)) {
      groupsSeen.add(m.conversationId)
      log(`dingtalk: messages from group 「${m.conversationTitle ?? ''}」 openConversationId ${m.conversationId} (the id for groups[].id)`)
    }
    if (m.msgtype !== 'text' || !m.text) return undefined
    const talkerId = m.senderStaffId ?? m.senderId
    let text = m.text.content
    for (const p of people) text = text.split(`@${p.name}`).join(' ')
    const mentionIds = (m.atUsers ?? []).flatMap((u) => (u.dingtalkId !== m.chatbotUserId && u.staffId && u.staffId !== talkerId ? [u.staffId] : []))
    const replied = m.text.isReplyMsg ? m.text.repliedMsg : undefined
    const quoted = replied && (!replied.senderId || replied.senderId === m.chatbotUserId) ? replied.content?.text : undefined
    return {
      id: m.msgId,
      ...(group ? { room: { id: m.conversationId, topic: m.conversationTitle ?? m.conversationId } } : {}),
      talker: { id: talkerId, name: m.senderNick ?? people.find((p) => p.id === talkerId)?.name ?? talkerId },
      text: text.replace(/[ \t\u00a0\u2005]+/g, ' ').trim(),
      mentionsBot: true,
      mentionIds: [...new Set(mentionIds)],
      ...(quoted ? { quotedBotText: quoted } : {}),
    }
  }

  async function sayToRoom(roomId: string, message: Outgoing): Promise<void> {
    const mentions = message.mentions ?? []
    const hook = webhooks.get(roomId)
    if (mentions.length && opts.sessionWebhook !== false && hook && hook.expires > botNow() + 60_000) {
      const content = `${mentions.map((id) => `@${id}`).join(' ')} ${message.text}`
      const reply = WebhookReply.parse(await postJson(hook.url, { msgtype: 'text', text: { content }, at: { atUserIds: mentions } }))
      if (reply.errcode === 0) return
      // An expired or revoked session: forget it and say it through the OpenAPI instead.
      log(`dingtalk: sessionWebhook refused (${reply.errcode} ${reply.errmsg ?? ''}); using the OpenAPI`)
      webhooks.delete(roomId)
    }
    const names = mentions.map((id) => `@${people.find((p) => p.id === id)?.name ?? id}`).join(' ')
    const content = names ? `${names} ${message.text}` : message.text
    await openApi('/v1.0/robot/groupMessages/send', {
      robotCode,
      openConversationId: roomId,
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content }),
    })
  }

  async function sayToContact(contactId: string, message: Outgoing): Promise<void> {
    const res = BatchSend.parse(
      await openApi('/v1.0/robot/oToMessages/batchSend', {
        robotCode,
        userIds: [contactId],
        msgKey: 'sampleText',
        msgParam: JSON.stringify({ content: message.text }),
      }),
    )
    if (res.invalidStaffIdList?.includes(contactId)) throw new Error(`DingTalk does not know the user ${contactId}`)
    if (res.flowControlledStaffIdList?.includes(contactId)) throw new Error(`DingTalk rate-limited the message to ${contactId}`)
  }

  return {
    platform: 'dingtalk',
    start(onMessage, onEvent: (e: ChatEvent) => void = () => {}, context) {
      if (!opts.now && context) botNow = () => context.now()
      return new Promise<void>((resolve, reject) => {
        let started = false
        client = new StreamClient(
          { clientId: opts.clientId, clientSecret: opts.clientSecret, keepAlive: opts.keepAlive ?? true },
          `${apiBase}/v1.0/gateway/connections/open`,
          opts.reconnectBaseMs ?? 1000,
          {
            log,
            opened() {
              onEvent({ type: 'login', self: { id: robotCode, name: robotCode } })
              onEvent({ type: 'ready' })
              if (!started) resolve()
              started = true
            },
            lost: (reason) => onEvent({ type: 'lost', reason }),
            refused(err) {
              // at start the refusal is the start's one sentence, no stack
              // a running bot keeps trying (its log line says why): the secret may be fixed meanwhile
              if (started) return false
              client?.disconnect()
              reject(new Error(`DingTalk refused the Client ID/Secret: ${err.message}`))
              return true
            },
          },
        )
        const c = client
        c.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
          let data: unknown
          try {
            data = JSON.parse(frame.data)
          } catch {
            log(`dingtalk: ignored a robot message that is not JSON: ${String(frame.data).slice(0, 200)}`)
          }
          const incoming = data === undefined ? undefined : toIncoming(data)
          // Acknowledge after handling: an unacknowledged message is redelivered (then deduplicated).
          const ack = () => {
            // The connection may have gone meanwhile: the server then redelivers, and we deduplicate.
            try {
              c.socketCallBackResponse(frame.headers.messageId, { status: 'SUCCESS' })
            } catch (err) {
              log('dingtalk: could not acknowledge a message', err)
            }
          }
          if (!incoming) return ack()
          onMessage(incoming)
            .catch((err) => log('dingtalk: message handling failed', err))
            .finally(ack)
        })
        // Card presses (src/chat/dingtalk/cards.ts): answered on the socket with the repainted card.
        if (cards)
          c.registerCallbackListener(TOPIC_CARD, (frame: DWClientDownStream) =>
            cards.onCallback(String(frame.data), frame.headers.messageId, (response) => {
              try {
                c.socketCallBackResponse(frame.headers.messageId, response)
              } catch (err) {
                log('dingtalk: could not answer a card press', err)
              }
            }),
          )
        void c.connect()
      })
    },
    async stop() {
      client?.removeAllListeners()
      client?.disconnect()
    },
    sayToRoom,
    sayToContact,
    ...(cards ? { cards: cards.surface } : {}),
  }
}
