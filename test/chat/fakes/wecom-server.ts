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

/**
 * A template card the bot sent (aibot_send_msg, msgtype template_card), as everyone sees it now, and
 * as single users see it after an update for them alone (updateTemplateCard with userids).
 */
export interface WecomCard {
  chatid: string
  taskId: string
  card: Record<string, unknown>
  /** userid → the card as that user sees it */
  views: Record<string, Record<string, unknown>>
  updates: number
}

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
  readonly cards: WecomCard[] = []
  /** card events waiting for the bot's update, by req_id: the task and when it was pressed */
  private readonly presses = new Map<string, { taskId: string; at: number; answered: boolean; done: (card?: Record<string, unknown>) => void }>()
  /** how long after a press WeCom takes the update (5 s) */
  cardWindowMs = 5_000
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
        for (const p of this.presses.values()) if (p.at === Number.POSITIVE_INFINITY) p.at = Date.now()
        for (const frame of this.waiting.splice(0)) this.deliver(ws, frame)
        this.notify()
        return
      }
      case 'ping':
        ack()
        return
      case 'aibot_respond_update_msg':
        ack(...this.updateCard(reqId, frame.body ?? {}))
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
        if (frame.body?.msgtype === 'template_card') {
          ack(...this.storeCard(frame.body))
          return
        }
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

  /** An update of a card: only in answer to a card event, once, within 5 s, for the same task. */
  private updateCard(reqId: string, body: Record<string, unknown>): [number, string] {
    const press = this.presses.get(reqId)
    const card = body.template_card as Record<string, unknown> | undefined
    if (!press || press.answered || Date.now() - press.at > this.cardWindowMs) return [40020, 'update window closed']
    const sent = this.cards.find((c) => c.taskId === press.taskId)
    if (!card || !sent || card.task_id !== press.taskId) return [40021, 'task_id mismatch']
    press.answered = true
    const userids = (body.userids as string[] | undefined) ?? []
    if (userids.length) for (const u of userids) sent.views[u] = card
    else {
      sent.card = card
      sent.views = {}
    }
    sent.updates++
    press.done(card)
    this.notify()
    return [0, 'ok']
  }

  /** A template card sent: at most 6 buttons, a task_id not used before. */
  private storeCard(body: Record<string, unknown>): [number, string] {
    const card = body.template_card as Record<string, unknown>
    if (((card.button_list as unknown[] | undefined) ?? []).length > 6) return [40008, 'button_list exceeds 6']
    if (typeof card.task_id !== 'string' || this.cards.some((c) => c.taskId === card.task_id)) return [40009, 'task_id missing or repeated']
    this.cards.push({ chatid: String(body.chatid), taskId: card.task_id, card, views: {}, updates: 0 })
    this.notify()
    return [0, 'ok']
  }

  /**
   * A user presses a button of a card: an aibot_event_callback with `template_card_event` (event_key,
   * task_id, the drop-down's selected_items). Resolves with the card the bot answered with, or
   * undefined when no update came in the window. `msgid` repeats a delivery.
   */
  async pressCard(p: {
    from: string
    taskId: string
    key: string
    selected?: string
    msgid?: string
  }): Promise<{ msgid: string; card?: Record<string, unknown> }> {
    const sent = this.cards.find((c) => c.taskId === p.taskId)
    if (!sent) throw new Error(`fake WeCom: no card ${p.taskId}`)
    const msgid = p.msgid ?? this.reqId()
    const reqId = this.reqId()
    const templateCardEvent = {
      card_type: 'button_interaction',
      event_key: p.key,
      task_id: p.taskId,
      ...(p.selected ? { selected_items: { selected_item: [{ question_key: 'reason', option_ids: { option_id: [p.selected] } }] } } : {}),
    }
    const body = {
      msgid,
      create_time: Date.now(),
      aibotid: this.botId,
      chatid: sent.chatid,
      chattype: 'group',
      from: { userid: p.from, corpid: 'corp' },
      msgtype: 'event',
      event: { eventtype: 'template_card_event', template_card_event: templateCardEvent },
    }
    const answered = new Promise<Record<string, unknown> | undefined>((done) => {
      const press = { taskId: p.taskId, at: Date.now(), answered: false, done }
      this.presses.set(reqId, press)
      setTimeout(() => done(undefined), this.cardWindowMs)
    })
    const frame = JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: reqId }, body })
    if (this.current) this.current.send(frame)
    else this.waiting.push(frame)
    // while the bot is away the window starts when the event is delivered
    if (!this.current) this.presses.get(reqId)!.at = Number.POSITIVE_INFINITY
    const card = await answered
    return { msgid, ...(card ? { card } : {}) }
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
