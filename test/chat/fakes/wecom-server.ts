/**
 * A fake WeCom 智能机器人 long-connection server on loopback, from the public protocol:
 * https://developer.work.weixin.qq.com/document/path/101463 (智能机器人长连接) and the frames the
 * official SDK sends and expects (node_modules/@wecom/aibot-node-sdk/dist/index.esm.js,
 * WsConnectionManager.handleFrame/sendAuth/sendHeartbeat, WSClient.sendMessage).
 *
 * Client → server: `{ cmd: 'aibot_subscribe', headers: { req_id }, body: { bot_id, secret } }`,
 * `{ cmd: 'ping', headers: { req_id } }`, `{ cmd: 'aibot_send_msg' | 'aibot_respond_msg', headers:
 * { req_id }, body }`. Server → client: acks `{ headers: { req_id }, errcode, errmsg }` (same req_id),
 * `{ cmd: 'aibot_msg_callback', headers: { req_id }, body: { msgid, chattype, chatid?, from: { userid },
 * msgtype, text, quote? } }`, `{ cmd: 'aibot_event_callback', body: { event: { eventtype:
 * 'disconnected_event' } } }` sent to the old connection when a newer one subscribes.
 *
 * `aibot_respond_msg` answers a callback on its req_id (the reply channel): only a req_id this server
 * sent as a message callback on the same connection, within five minutes (`replyWindowMs`), and one
 * finished stream message per callback; otherwise it is refused (errcode 846605 here) and nothing is shown.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface WecomSent {
  cmd: string
  chatid?: string
  content: string
  /** for aibot_respond_msg: the msgid of the message it answers */
  answers?: string
}

interface Frame {
  cmd?: string
  headers?: { req_id?: string }
  body?: Record<string, unknown>
}

export class FakeWecom {
  readonly sent: WecomSent[] = []
  /** subscriptions accepted so far: one per (re)connection */
  subscriptions = 0
  private http!: Server
  private wss!: WebSocketServer
  private current: WebSocket | undefined
  private seq = 0
  private waiters: (() => void)[] = []
  /** while true the server refuses new connections (a network outage) */
  refusing = false
  /** user messages sent while no bot was connected: the platform keeps them for the next one */
  private readonly waiting: string[] = []
  /** message callbacks that may be answered: req_id → where it came from, when, on which connection */
  private readonly callbacks = new Map<string, { chatid: string; msgid: string; at: number; ws?: WebSocket; answered: boolean }>()
  /** how long a callback's req_id can be answered on */
  replyWindowMs = 5 * 60_000
  /** the server's clock for the reply window (tests move it) */
  now: () => number = Date.now

  constructor(
    readonly botId = 'bot-1',
    readonly secret = 'secret-1',
    readonly botName = '三审',
  ) {}

  async listen(): Promise<string> {
    this.http = createServer()
    this.wss = new WebSocketServer({ server: this.http })
    this.wss.on('connection', (ws) => {
      if (this.refusing) return ws.terminate()
      ws.on('message', (data: unknown) => this.onFrame(ws, String(data)))
      ws.on('close', () => {
        if (this.current === ws) this.current = undefined
      })
    })
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', r))
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate()
    await new Promise<void>((r) => this.wss.close(() => r()))
    await new Promise<void>((r) => this.http.close(() => r()))
  }

  private onFrame(ws: WebSocket, raw: string): void {
    let frame: Frame
    try {
      frame = JSON.parse(raw) as Frame
    } catch {
      return
    }
    const reqId = frame.headers?.req_id ?? ''
    const ack = (errcode = 0, errmsg = 'ok', body?: unknown) =>
      ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg, ...(body ? { body } : {}) }))
    switch (frame.cmd) {
      case 'aibot_subscribe': {
        if (frame.body?.bot_id !== this.botId || frame.body?.secret !== this.secret) {
          ack(40058, 'invalid bot_id or secret')
          return
        }
        // One live connection per bot: the previous one is told, then closed.
        const old = this.current
        if (old && old !== ws) {
          old.send(
            JSON.stringify({
              cmd: 'aibot_event_callback',
              headers: { req_id: this.reqId() },
              body: { msgid: this.reqId(), msgtype: 'event', event: { eventtype: 'disconnected_event' } },
            }),
          )
          setTimeout(() => old.close(), 50)
        }
        this.current = ws
        this.subscriptions++
        ack()
        for (const frame of this.waiting.splice(0)) this.deliver(ws, frame)
        this.notify()
        return
      }
      case 'ping':
        ack()
        return
      case 'aibot_respond_msg': {
        const callback = this.callbacks.get(reqId)
        if (!callback || callback.ws !== ws || callback.answered || this.now() - callback.at > this.replyWindowMs) {
          ack(846605, 'invalid req_id: expired, answered, or not a message callback of this connection')
          return
        }
        const stream = (frame.body?.stream ?? {}) as { content?: string; finish?: boolean }
        if (!stream.finish) {
          ack()
          return
        }
        callback.answered = true
        this.sent.push({ cmd: frame.cmd, chatid: callback.chatid, content: stream.content ?? '', answers: callback.msgid })
        ack()
        this.notify()
        return
      }
      case 'aibot_send_msg': {
        if (ws !== this.current) {
          ack(40001, 'connection replaced')
          return
        }
        const body = frame.body ?? {}
        const markdown = body.markdown as { content?: string } | undefined
        const stream = body.stream as { content?: string } | undefined
        this.sent.push({
          cmd: frame.cmd,
          ...(typeof body.chatid === 'string' ? { chatid: body.chatid } : {}),
          content: markdown?.content ?? stream?.content ?? '',
        })
        ack()
        this.notify()
        return
      }
      default:
        ack(40000, `unknown cmd ${frame.cmd}`)
        return
    }
  }

  private reqId(): string {
    return `srv_${++this.seq}`
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  /** Resolves when `check` holds, re-checked after every frame the bot sends. */
  async until(check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      if (Date.now() > deadline) throw new Error('fake WeCom: timed out waiting')
      await new Promise<void>((r) => {
        this.waiters.push(r)
        setTimeout(r, 100)
      })
    }
  }

  /** A user message as WeCom delivers it; returns the msgid. */
  inject(m: { from: string; text: string; chatid?: string; quote?: string; msgid?: string }): string {
    const msgid = m.msgid ?? this.reqId()
    const body = {
      msgid,
      aibotid: this.botId,
      ...(m.chatid ? { chatid: m.chatid } : {}),
      chattype: m.chatid ? 'group' : 'single',
      from: { userid: m.from },
      msgtype: 'text',
      // In a group the bot only hears messages that @ it, and the text keeps that mention.
      text: { content: m.chatid ? `@${this.botName} ${m.text}` : m.text },
      ...(m.quote ? { quote: { msgtype: 'text', text: { content: m.quote } } } : {}),
    }
    const frame = JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: this.reqId() }, body })
    if (this.current) this.deliver(this.current, frame)
    else this.waiting.push(frame)
    return msgid
  }

  /** Sends a message callback, which may then be answered on its req_id (a private chat's chatid is the sender's userid). */
  private deliver(ws: WebSocket, raw: string): void {
    const f = JSON.parse(raw) as { headers: { req_id: string }; body: { msgid: string; chatid?: string; from: { userid: string } } }
    this.callbacks.set(f.headers.req_id, { chatid: f.body.chatid ?? f.body.from.userid, msgid: f.body.msgid, at: this.now(), ws, answered: false })
    ws.send(raw)
  }

  /** Any text on the live connection, for malformed and hostile frames. */
  raw(text: string): void {
    if (!this.current) throw new Error('fake WeCom: no bot connected')
    this.current.send(text)
  }

  /** Cuts the live connection without a close handshake, as a network fault does. */
  drop(): void {
    this.current?.terminate()
    this.current = undefined
  }

  get connected(): boolean {
    return this.current !== undefined
  }
}
