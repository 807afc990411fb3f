/**
 * A small fake Feishu open platform on loopback, from the public protocol as the official SDK
 * (@larksuiteoapi/node-sdk) speaks it: tenant_access_token, the long-connection endpoint call
 * (/callback/ws/endpoint), protobuf `pbbp2.Frame`s over WebSocket (events pushed as data frames
 * and answered by the client; ping/pong control frames), the bot info call and the IM message API.
 * An event stays pending until the client answers it and is pushed again after a reconnect, as
 * Feishu does.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage as Req, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

// ---- pbbp2.Frame: SeqID 1, LogID 2, service 3, method 4 (varints), headers 5 {key 1, value 2}, payload 8

interface Frame {
  SeqID: number
  LogID: number
  service: number
  method: number
  headers: { key: string; value: string }[]
  payload?: Uint8Array
}

function varint(n: number): number[] {
  const out: number[] = []
  let v = n
  while (v > 127) {
    out.push((v % 128) | 128)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return out
}
const field = (no: number, wire: number) => varint(no * 8 + wire)
const bytesField = (no: number, b: Uint8Array) => [...field(no, 2), ...varint(b.length), ...b]
const str = (s: string) => new TextEncoder().encode(s)

export function encodeFrame(f: Frame): Uint8Array {
  const out = [
    ...field(1, 0),
    ...varint(f.SeqID),
    ...field(2, 0),
    ...varint(f.LogID),
    ...field(3, 0),
    ...varint(f.service),
    ...field(4, 0),
    ...varint(f.method),
  ]
  for (const h of f.headers) out.push(...bytesField(5, Uint8Array.from([...bytesField(1, str(h.key)), ...bytesField(2, str(h.value))])))
  if (f.payload) out.push(...bytesField(8, f.payload))
  return Uint8Array.from(out)
}

function readFields(buf: Uint8Array): { no: number; num?: number; bytes?: Uint8Array }[] {
  const fields: { no: number; num?: number; bytes?: Uint8Array }[] = []
  let i = 0
  const readVarint = () => {
    let n = 0
    let mul = 1
    for (;;) {
      const b = buf[i++]!
      n += (b & 127) * mul
      if (b < 128) return n
      mul *= 128
    }
  }
  while (i < buf.length) {
    const key = readVarint()
    const no = Math.floor(key / 8)
    const wire = key % 8
    if (wire === 0) fields.push({ no, num: readVarint() })
    else if (wire === 2) {
      const len = readVarint()
      fields.push({ no, bytes: buf.subarray(i, i + len) })
      i += len
    } else throw new Error(`wire type ${wire} not used by pbbp2`)
  }
  return fields
}

export function decodeFrame(buf: Uint8Array): Frame {
  const f: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] }
  const text = (b?: Uint8Array) => new TextDecoder().decode(b)
  for (const x of readFields(buf)) {
    if (x.no === 1) f.SeqID = x.num!
    else if (x.no === 2) f.LogID = x.num!
    else if (x.no === 3) f.service = x.num!
    else if (x.no === 4) f.method = x.num!
    else if (x.no === 5) {
      const h = readFields(x.bytes!)
      f.headers.push({ key: text(h.find((y) => y.no === 1)?.bytes), value: text(h.find((y) => y.no === 2)?.bytes) })
    } else if (x.no === 8) f.payload = x.bytes!
  }
  return f
}

// ---- the platform

export interface FeishuSent {
  messageId: string
  receiveIdType: string
  receiveId: string
  /** the text with the <at> tags taken out */
  text: string
  mentionIds: string[]
  uuid?: string
}

/** An interactive message the bot sent: its card JSON 2.0 as it stands now (after patches and press answers). */
export interface FeishuCard {
  messageId: string
  chatId: string
  card: Record<string, unknown>
  /** how many times it was changed by im.message.patch */
  patches: number
  /** how many times a press's answer repainted it */
  repaints: number
}

/** What the bot answered a card press with (card.action.trigger), as Feishu received it. */
export interface PressResult {
  toast?: { type: string; content: string }
  card?: Record<string, unknown>
  /** no answer within Feishu's 3 s: the user saw an error and nothing was repainted */
  late: boolean
}

export interface FakeFeishu {
  baseUrl: string
  appId: string
  appSecret: string
  botOpenId: string
  sent: FeishuSent[]
  cards: FeishuCard[]
  /**
   * A user presses a callback button of a card (card.action.trigger, schema 2.0) with the button's
   * value and the form's values; resolves with the bot's answer, applied to the card as Feishu does
   * when it comes within the window (3 s). `eventId` repeats a delivery (Feishu re-pushes).
   */
  pressCard(p: {
    operator: string
    messageId: string
    value: Record<string, unknown>
    formValue?: Record<string, string>
    eventId?: string
  }): Promise<PressResult>
  /** the window a press answer must come in (Feishu: 3000 ms) */
  cardWindowMs: number
  /** pushes an event (schema 2.0) to the connected client, or keeps it until one connects */
  push(eventType: string, event: Record<string, unknown>, eventId?: string): void
  /** the next `n` sends are refused with a server error, as during an outage */
  refuseSends(n: number): void
  /** cuts the long connection; with `refuseFor` the endpoint call fails that many times first */
  dropConnection(): void
  /** resolves at the next client (re)connection */
  nextConnection(): Promise<void>
  connections: number
  close(): Promise<void>
}

const SERVICE = 7

/** `chats`: group chat_id → name (the bot sees it with im.chat.get) */
export async function startFakeFeishu(
  o: { appId?: string; appSecret?: string; botName?: string; chats?: Record<string, string> } = {},
): Promise<FakeFeishu> {
  const appId = o.appId ?? 'cli_a1b2c3d4e5f60718'
  const appSecret = o.appSecret ?? 'fake-secret'
  const botOpenId = 'ou_bot_sanshen'
  const token = 't-fake-tenant-token'
  const sent: FeishuSent[] = []
  const byUuid = new Map<string, FeishuSent>()
  const pending = new Map<string, Uint8Array>()
  const chats = new Map<string, string>(Object.entries(o.chats ?? {}))
  let socket: WebSocket | undefined
  let refuse = 0
  let seq = 0
  let ids = 0
  let connections = 0
  let onConnect: (() => void)[] = []
  const cards: FeishuCard[] = []
  /** press events waiting for the client's answer frame, by event id */
  const answers = new Map<string, (payload: Uint8Array | undefined) => void>()

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const bodyOf = async (req: Req): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {}
  }
  const authorised = (req: Req) => req.headers.authorization === `Bearer ${token}`

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const body = req.method === 'POST' || req.method === 'PATCH' ? await bodyOf(req) : {}
    if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      if (body.app_id !== appId || body.app_secret !== appSecret) return json(res, 200, { code: 10014, msg: 'app secret invalid' })
      return json(res, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 })
    }
    if (url.pathname === '/callback/ws/endpoint') {
      if (body.AppID !== appId || body.AppSecret !== appSecret) return json(res, 200, { code: 514, msg: 'auth failed' })
      const port = (server.address() as AddressInfo).port
      return json(res, 200, {
        code: 0,
        data: {
          URL: `ws://127.0.0.1:${port}/ws?device_id=dev1&service_id=${SERVICE}`,
          ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 0.1, ReconnectNonce: 0 },
        },
      })
    }
    if (!authorised(req)) return json(res, 200, { code: 99991663, msg: 'invalid tenant access token' })
    if (url.pathname === '/open-apis/bot/v3/info')
      return json(res, 200, { code: 0, msg: 'ok', bot: { open_id: botOpenId, app_name: o.botName ?? '三审助手' } })
    if (url.pathname === '/open-apis/im/v1/messages' && req.method === 'POST') {
      if (refuse > 0) {
        refuse--
        return json(res, 500, { code: 1000040343, msg: 'internal error' })
      }
      if (body.msg_type === 'interactive') {
        const card = JSON.parse(String(body.content)) as Record<string, unknown>
        if (card.schema !== '2.0') return json(res, 200, { code: 230099, msg: 'only card JSON 2.0 in this fake' })
        const sentCard: FeishuCard = { messageId: `om_${++ids}`, chatId: String(body.receive_id), card, patches: 0, repaints: 0 }
        cards.push(sentCard)
        return json(res, 200, { code: 0, msg: 'ok', data: { message_id: sentCard.messageId, chat_id: sentCard.chatId } })
      }
      const uuid = typeof body.uuid === 'string' ? body.uuid : undefined
      const again = uuid ? byUuid.get(uuid) : undefined
      if (again) return json(res, 200, { code: 0, msg: 'ok', data: { message_id: again.messageId } })
      const content = JSON.parse(String(body.content)) as { text: string }
      const mentionIds = [...content.text.matchAll(/<at user_id="([^"]+)"><\/at>/g)].map((m) => m[1]!)
      const message: FeishuSent = {
        messageId: `om_${++ids}`,
        receiveIdType: url.searchParams.get('receive_id_type') ?? '',
        receiveId: String(body.receive_id),
        text: content.text.replace(/<at user_id="[^"]+"><\/at>\s*/g, ''),
        mentionIds,
        ...(uuid ? { uuid } : {}),
      }
      sent.push(message)
      if (uuid) byUuid.set(uuid, message)
      return json(res, 200, { code: 0, msg: 'ok', data: { message_id: message.messageId, chat_id: message.receiveId } })
    }
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(url.pathname)
    if (patch && req.method === 'PATCH') {
      const c = cards.find((x) => x.messageId === patch[1])
      if (!c) return json(res, 200, { code: 230001, msg: 'message not found' })
      const card = JSON.parse(String(body.content)) as { config?: { update_multi?: boolean } }
      // Feishu: only a shared card (update_multi) can be changed for everyone by the API
      if (!card.config?.update_multi) return json(res, 200, { code: 230099, msg: 'card is not update_multi' })
      c.card = card as Record<string, unknown>
      c.patches++
      return json(res, 200, { code: 0, msg: 'ok', data: {} })
    }
    const chat = /^\/open-apis\/im\/v1\/chats\/([^/]+)$/.exec(url.pathname)
    if (chat && req.method === 'GET') {
      const name = chats.get(chat[1]!)
      return name === undefined
        ? json(res, 200, { code: 232011, msg: 'chat not found' })
        : json(res, 200, { code: 0, data: { chat_id: chat[1], name } })
    }
    const get = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(url.pathname)
    if (get && req.method === 'GET') {
      const m = sent.find((s) => s.messageId === get[1])
      if (!m) return json(res, 200, { code: 230001, msg: 'message not found' })
      const at = m.mentionIds.map((id) => `<at user_id="${id}"></at>`).join(' ')
      return json(res, 200, {
        code: 0,
        data: {
          items: [
            {
              message_id: m.messageId,
              msg_type: 'text',
              sender: { id: appId, id_type: 'app_id', sender_type: 'app' },
              body: { content: JSON.stringify({ text: at ? `${at} ${m.text}` : m.text }) },
            },
          ],
        },
      })
    }
    json(res, 404, { code: 404, msg: `no ${req.method} ${url.pathname} in the fake` })
  })

  const wss = new WebSocketServer({ server, path: '/ws' })
  wss.on('connection', (ws) => {
    socket?.terminate()
    socket = ws
    connections++
    ws.on('message', (raw: unknown) => {
      const frame = decodeFrame(new Uint8Array(raw as Buffer))
      const type = frame.headers.find((h) => h.key === 'type')?.value
      if (frame.method === 0 && type === 'ping') {
        const pong = str(JSON.stringify({ PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 0.1, ReconnectNonce: 0 }))
        ws.send(encodeFrame({ SeqID: 0, LogID: 0, service: SERVICE, method: 0, headers: [{ key: 'type', value: 'pong' }], payload: pong }))
      } else if (frame.method === 1) {
        // the client's answer to an event: delivered
        const id = frame.headers.find((h) => h.key === 'message_id')?.value
        if (id) pending.delete(id)
        if (id) answers.get(id)?.(frame.payload)
      }
    })
    // Events kept while the bot was away follow shortly, as the platform's own re-push does.
    setTimeout(() => {
      if (socket === ws) for (const f of pending.values()) ws.send(f)
    }, 50)
    const waiting = onConnect
    onConnect = []
    for (const w of waiting) w()
  })

  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port

  const api: FakeFeishu = {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    botOpenId,
    sent,
    get connections() {
      return connections
    },
    cards,
    cardWindowMs: 3_000,
    async pressCard(p) {
      const c = cards.find((x) => x.messageId === p.messageId)
      if (!c) throw new Error(`fake Feishu: no card ${p.messageId}`)
      const eventId = p.eventId ?? `ev_press_${++seq}`
      const answer = new Promise<Uint8Array | undefined>((resolve) => {
        answers.set(eventId, resolve)
        setTimeout(() => resolve(undefined), api.cardWindowMs)
      })
      api.push(
        'card.action.trigger',
        {
          operator: { tenant_key: 'tk', open_id: p.operator, union_id: `on_${p.operator}` },
          token: `c-${eventId}`,
          action: { tag: 'button', value: p.value, ...(p.formValue ? { form_value: p.formValue, name: 'b0' } : {}) },
          host: 'im_message',
          context: { open_message_id: c.messageId, open_chat_id: c.chatId },
        },
        eventId,
      )
      const payload = await answer
      answers.delete(eventId)
      if (!payload) return { late: true }
      const resp = JSON.parse(new TextDecoder().decode(payload)) as { code: number; data?: string }
      const result = resp.data
        ? (JSON.parse(Buffer.from(resp.data, 'base64').toString('utf8')) as {
            toast?: PressResult['toast']
            card?: { type: string; data: Record<string, unknown> }
          })
        : {}
      if (result.card?.type === 'raw') {
        c.card = result.card.data
        c.repaints++
      }
      return { late: false, ...(result.toast ? { toast: result.toast } : {}), ...(result.card ? { card: result.card.data } : {}) }
    },
    push(eventType, event, id?: string) {
      const eventId = id ?? `ev_${++seq}`
      const data = {
        schema: '2.0',
        header: { event_id: eventId, event_type: eventType, create_time: String(Date.now()), token: '', app_id: appId, tenant_key: 'tk' },
        event,
      }
      const frame = encodeFrame({
        SeqID: seq,
        LogID: seq,
        service: SERVICE,
        method: 1,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: eventId },
          { key: 'sum', value: '1' },
          { key: 'seq', value: '0' },
          { key: 'trace_id', value: `tr_${seq}` },
        ],
        payload: str(JSON.stringify(data)),
      })
      pending.set(eventId, frame)
      if (socket?.readyState === 1) socket.send(frame)
    },
    refuseSends(n) {
      refuse = n
    },
    dropConnection() {
      socket?.terminate()
      socket = undefined
    },
    nextConnection() {
      return new Promise((resolve) => onConnect.push(resolve))
    },
    async close() {
      for (const c of wss.clients) c.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return api
}
