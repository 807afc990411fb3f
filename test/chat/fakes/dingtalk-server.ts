/**
 * A fake DingTalk open platform on loopback: the Stream gateway and the robot OpenAPI, from the
 * public protocol descriptions and the official SDK:
 * - Stream mode (https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description,
 *   node_modules/dingtalk-stream/dist/client.mjs): `POST /v1.0/gateway/connections/open` with
 *   { clientId, clientSecret, subscriptions } answers { endpoint, ticket }; the client opens
 *   `endpoint?ticket=…`. Frames down: { specVersion, type: SYSTEM|EVENT|CALLBACK, headers: { topic,
 *   messageId, … }, data: JSON string }; SYSTEM `ping` is echoed, SYSTEM `disconnect` announces a
 *   close. Frames up (ACK): { code: 200, headers: { messageId }, message: 'OK', data }. A CALLBACK
 *   not acknowledged is delivered again (here: on the next connection).
 * - Robot messages (https://open.dingtalk.com/document/orgapp/receive-message): topic
 *   `/v1.0/im/bot/messages/get`, conversationType '1' (one-to-one) / '2' (group), atUsers,
 *   sessionWebhook; a reply-quote as text.isReplyMsg / text.repliedMsg.
 * - OpenAPI: `POST /v1.0/oauth2/accessToken` { appKey, appSecret } → { accessToken, expireIn };
 *   `POST /v1.0/robot/groupMessages/send` and `/v1.0/robot/oToMessages/batchSend` with header
 *   `x-acs-dingtalk-access-token`, msgKey `sampleText`, msgParam '{"content":…}'; sessionWebhook
 *   (`/robot/sendBySession?session=…`) { msgtype: 'text', text: { content }, at: { atUserIds } }.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface DingtalkSent {
  via: 'group' | 'private' | 'session'
  /** openConversationId (group, session) or the user id (private) */
  to: string
  content: string
  atUserIds?: string[]
}

/**
 * A card made from a template (互动卡片): createAndDeliver with callbackType STREAM; its public data
 * (cardParamMap) as it stands now, after PUT /v1.0/card/instances and press answers.
 */
export interface DingtalkCard {
  outTrackId: string
  templateId: string
  openSpaceId: string
  params: Record<string, string>
  atUserIds: string[]
  updates: number
  repaints: number
}

const TOPIC_ROBOT = '/v1.0/im/bot/messages/get'
const TOPIC_CARD = '/v1.0/card/instances/callback'
const BOT_DINGTALK_ID = '$:LWCP_v1:$robot'

export class FakeDingtalk {
  readonly sent: DingtalkSent[] = []
  readonly cards: DingtalkCard[] = []
  /** card callbacks waiting for the client's answer, by messageId */
  private readonly answers = new Map<string, (data: string) => void>()
  connections = 0
  pings = 0
  private http!: Server
  private wss!: WebSocketServer
  private base = ''
  private current: WebSocket | undefined
  private readonly tickets = new Set<string>()
  private readonly tokens = new Set<string>()
  /** callbacks delivered and not yet acknowledged, by messageId */
  private readonly unacked = new Map<string, string>()
  private seq = 0
  private waiters: (() => void)[] = []
  /** while true the gateway answers 503 (an outage); callbacks wait for the next connection */
  refusing = false
  /** while true sessionWebhooks answer as an expired session does */
  sessionsExpired = false

  constructor(
    readonly clientId = 'ding-app',
    readonly clientSecret = 'ding-secret',
  ) {}

  async listen(): Promise<string> {
    this.http = createServer((req, res) => void this.onHttp(req, res))
    this.wss = new WebSocketServer({ server: this.http, path: '/connect' })
    this.wss.on('connection', (ws, req) => {
      const ticket = new URL(req.url ?? '', 'http://x').searchParams.get('ticket') ?? ''
      // A ticket opens one connection, once.
      if (!this.tickets.delete(ticket)) return ws.close(4001, 'invalid ticket')
      this.current = ws
      this.connections++
      ws.on('message', (data: unknown) => this.onFrame(String(data)))
      ws.on('close', () => {
        if (this.current === ws) this.current = undefined
      })
      for (const frame of this.unacked.values()) ws.send(frame)
      this.notify()
    })
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', r))
    this.base = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`
    return this.base
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate()
    await new Promise<void>((r) => this.wss.close(() => r()))
    this.http.closeAllConnections()
    await new Promise<void>((r) => this.http.close(() => r()))
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>
    } catch {
      return this.reply(res, 400, { code: 'InvalidJson', message: 'body is not JSON' })
    }
    const url = new URL(req.url ?? '', this.base)
    const authorised = this.tokens.has(String(req.headers['x-acs-dingtalk-access-token'] ?? ''))
    const content = () => (JSON.parse(String(body.msgParam ?? '{}')) as { content?: string }).content ?? ''
    switch (url.pathname) {
      case '/v1.0/gateway/connections/open': {
        if (this.refusing) return this.reply(res, 503, { code: 'ServiceUnavailable', message: 'try later' })
        if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret)
          return this.reply(res, 401, { code: 'InvalidAuthentication', message: 'bad client' })
        const ticket = randomUUID()
        this.tickets.add(ticket)
        return this.reply(res, 200, { endpoint: `${this.base.replace('http', 'ws')}/connect`, ticket })
      }
      case '/v1.0/oauth2/accessToken': {
        if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret)
          return this.reply(res, 400, { code: 'invalidClientIdOrSecret', message: 'bad app' })
        const accessToken = randomUUID()
        this.tokens.add(accessToken)
        return this.reply(res, 200, { accessToken, expireIn: 7200 })
      }
      case '/v1.0/robot/groupMessages/send':
        if (!authorised) return this.reply(res, 401, { code: 'InvalidAuthentication', message: 'token' })
        this.record({ via: 'group', to: String(body.openConversationId), content: content() })
        return this.reply(res, 200, { processQueryKey: randomUUID() })
      case '/v1.0/robot/oToMessages/batchSend': {
        if (!authorised) return this.reply(res, 401, { code: 'InvalidAuthentication', message: 'token' })
        const users = (body.userIds as string[] | undefined) ?? []
        for (const u of users) this.record({ via: 'private', to: u, content: content() })
        return this.reply(res, 200, { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] })
      }
      case '/v1.0/card/instances/createAndDeliver': {
        if (!authorised) return this.reply(res, 401, { code: 'InvalidAuthentication', message: 'token' })
        if (!body.cardTemplateId) return this.reply(res, 400, { code: 'card.templateEmpty', message: '卡片模板ID为空' })
        if (!body.outTrackId) return this.reply(res, 400, { code: 'card.outTraceIdEmpty', message: '业务标识outTrackId为空' })
        if (body.callbackType !== 'STREAM')
          return this.reply(res, 400, { code: 'param.invalid', message: 'this fake delivers presses by Stream only' })
        const data = body.cardData as { cardParamMap?: Record<string, unknown> } | undefined
        const deliver = body.imGroupOpenDeliverModel as { atUserIds?: Record<string, string> } | undefined
        this.cards.push({
          outTrackId: String(body.outTrackId),
          templateId: String(body.cardTemplateId),
          openSpaceId: String(body.openSpaceId),
          params: stringParams(data?.cardParamMap),
          atUserIds: Object.keys(deliver?.atUserIds ?? {}),
          updates: 0,
          repaints: 0,
        })
        this.notify()
        return this.reply(res, 200, { success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ success: true }] } })
      }
      case '/v1.0/card/instances': {
        if (!authorised) return this.reply(res, 401, { code: 'InvalidAuthentication', message: 'token' })
        if (req.method !== 'PUT') return this.reply(res, 404, { code: 'NotFound', message: url.pathname })
        const card = this.cards.find((c) => c.outTrackId === body.outTrackId)
        if (!card) return this.reply(res, 400, { code: 'param.invalid', message: 'unknown outTrackId' })
        const data = body.cardData as { cardParamMap?: Record<string, unknown> } | undefined
        const byKey = (body.cardUpdateOptions as { updateCardDataByKey?: boolean } | undefined)?.updateCardDataByKey
        card.params = { ...(byKey ? card.params : {}), ...stringParams(data?.cardParamMap) }
        card.updates++
        this.notify()
        return this.reply(res, 200, { success: true, result: true })
      }
      case '/robot/sendBySession': {
        if (this.sessionsExpired) return this.reply(res, 200, { errcode: 300001, errmsg: 'session expired' })
        const text = body.text as { content?: string } | undefined
        const at = body.at as { atUserIds?: string[] } | undefined
        this.record({ via: 'session', to: url.searchParams.get('session') ?? '', content: text?.content ?? '', atUserIds: at?.atUserIds ?? [] })
        return this.reply(res, 200, { errcode: 0, errmsg: 'ok' })
      }
      default:
        return this.reply(res, 404, { code: 'NotFound', message: url.pathname })
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }

  private record(s: DingtalkSent): void {
    this.sent.push(s)
    this.notify()
  }

  private onFrame(raw: string): void {
    let frame: { code?: number; headers?: { messageId?: string; topic?: string } }
    try {
      frame = JSON.parse(raw) as typeof frame
    } catch {
      return
    }
    const id = frame.headers?.messageId
    if (frame.code === 200 && id) {
      if (frame.headers?.topic === 'ping') this.pings++
      this.unacked.delete(id)
      this.answers.get(id)?.(String((frame as { data?: unknown }).data ?? ''))
      this.notify()
    }
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  /** Resolves when `check` holds, re-checked after every request and frame from the bot. */
  async until(check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      if (Date.now() > deadline) throw new Error('fake DingTalk: timed out waiting')
      await new Promise<void>((r) => {
        this.waiters.push(r)
        setTimeout(r, 100)
      })
    }
  }

  get pendingAcks(): number {
    return this.unacked.size
  }

  private down(type: 'SYSTEM' | 'CALLBACK', topic: string, data: unknown, id?: string): string {
    const messageId = id ?? `msg-${++this.seq}`
    const frame = JSON.stringify({
      specVersion: '1.0',
      type,
      headers: { appId: this.clientId, connectionId: 'conn', contentType: 'application/json', messageId, time: String(Date.now()), topic },
      data: JSON.stringify(data),
    })
    // An unacknowledged callback is delivered again on the next connection.
    if (type === 'CALLBACK') this.unacked.set(messageId, frame)
    if (this.current) this.current.send(frame)
    else if (type === 'SYSTEM') throw new Error('fake DingTalk: no client connected')
    return messageId
  }

  /** A user message as the robot receives it; returns the robot message's msgId. */
  inject(m: {
    from: string
    nick?: string
    text: string
    conversationId?: string
    at?: string[]
    quote?: { text: string; byBot: boolean }
    msgId?: string
  }): string {
    const msgId = m.msgId ?? `robot-msg-${++this.seq}`
    const group = Boolean(m.conversationId)
    const conversationId = m.conversationId ?? `cid-single-${m.from}`
    this.down('CALLBACK', TOPIC_ROBOT, {
      msgId,
      msgtype: 'text',
      createAt: Date.now(),
      conversationId,
      conversationType: group ? '2' : '1',
      ...(group ? { conversationTitle: '编辑部', isInAtList: true } : {}),
      chatbotCorpId: 'corp',
      chatbotUserId: BOT_DINGTALK_ID,
      robotCode: this.clientId,
      senderId: `$:LWCP_v1:$${m.from}`,
      senderStaffId: m.from,
      senderNick: m.nick ?? m.from,
      senderCorpId: 'corp',
      isAdmin: false,
      // The robot itself is in atUsers when a group message @s it.
      atUsers: group ? [{ dingtalkId: BOT_DINGTALK_ID }, ...(m.at ?? []).map((staffId) => ({ dingtalkId: `$:LWCP_v1:$${staffId}`, staffId }))] : [],
      sessionWebhook: `${this.base}/robot/sendBySession?session=${encodeURIComponent(conversationId)}`,
      sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
      text: {
        content: ` ${m.text}`,
        ...(m.quote
          ? {
              isReplyMsg: true,
              repliedMsg: { msgType: 'text', senderId: m.quote.byBot ? BOT_DINGTALK_ID : '$:LWCP_v1:$someone', content: { text: m.quote.text } },
            }
          : {}),
      },
    })
    return msgId
  }

  /**
   * A user presses a button of a card (回传请求): a CALLBACK on TOPIC_CARD carrying the button's
   * params (and the card's inputs) in `content`. Resolves with the client's answer, whose
   * cardParamMap repaints the card; undefined when no answer came within `windowMs`.
   */
  async pressCard(p: { userId: string; outTrackId: string; params: Record<string, string>; messageId?: string }, windowMs = 5_000) {
    const card = this.cards.find((c) => c.outTrackId === p.outTrackId)
    if (!card) throw new Error(`fake DingTalk: no card ${p.outTrackId}`)
    const group = card.openSpaceId.startsWith('dtv1.card//IM_GROUP.')
    const messageId = this.down(
      'CALLBACK',
      TOPIC_CARD,
      {
        corpId: 'corp',
        outTrackId: p.outTrackId,
        userId: p.userId,
        userIdType: 1,
        type: 'actionCallback',
        spaceType: group ? 'IM_GROUP' : 'IM_ROBOT',
        spaceId: card.openSpaceId.replace(/^dtv1\.card\/\/IM_(GROUP|ROBOT)\./, ''),
        content: JSON.stringify({ cardPrivateData: { actionIds: [p.params.verb ?? ''], params: p.params } }),
      },
      p.messageId,
    )
    const data = await new Promise<string | undefined>((resolve) => {
      this.answers.set(messageId, resolve)
      setTimeout(() => resolve(undefined), windowMs)
    })
    this.answers.delete(messageId)
    if (data === undefined) return { messageId, late: true }
    const answer = (JSON.parse(data || '{}') as { response?: { cardData?: { cardParamMap?: Record<string, unknown> } } }).response
    if (answer?.cardData?.cardParamMap) {
      card.params = { ...card.params, ...stringParams(answer.cardData.cardParamMap) }
      card.repaints++
    }
    return { messageId, late: false }
  }

  /** SYSTEM ping: the client must echo it. */
  ping(): void {
    this.down('SYSTEM', 'ping', { opaque: randomUUID() })
  }

  /** SYSTEM disconnect, then the close that follows it. */
  announceDisconnect(): void {
    const ws = this.current
    this.down('SYSTEM', 'disconnect', { reason: 'server rebalancing' })
    setTimeout(() => ws?.close(1000, 'disconnect'), 50)
  }

  raw(text: string): void {
    if (!this.current) throw new Error('fake DingTalk: no client connected')
    this.current.send(text)
  }

  drop(): void {
    this.current?.terminate()
    this.current = undefined
  }
}

/** DingTalk's cardParamMap holds strings only. */
function stringParams(map: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
}
