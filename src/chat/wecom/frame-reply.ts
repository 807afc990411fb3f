import type { WsFrameHeaders } from '@wecom/aibot-node-sdk'

/** How long a callback's req_id can be answered on (WeCom allows five minutes; a little is kept for the send). */
export const REPLY_WINDOW_MS = 270_000
const MAX_FRAMES = 2_000

/**
 * The incoming messages' reply channels (their frames' req_id): each answered at most once, within
 * the reply window, and only on the connection it arrived on. Bounded, oldest out.
 */
export class ReplyFrames {
  private readonly frames = new Map<string, { frame: WsFrameHeaders; at: number; connection: number }>()
  private connection = 0

  constructor(private readonly now: () => number = Date.now) {}

  newConnection(): void {
    this.connection++
    this.frames.clear()
  }

  heard(msgid: string, frame: WsFrameHeaders): void {
    if (!frame.headers?.req_id) return
    this.frames.set(msgid, { frame: { headers: { req_id: frame.headers.req_id } }, at: this.now(), connection: this.connection })
    if (this.frames.size > MAX_FRAMES) this.frames.delete(this.frames.keys().next().value as string)
  }

  /** The frame to answer `msgid` on, if it may still be: taken, so a second answer goes proactively. */
  take(msgid: string | undefined): WsFrameHeaders | undefined {
    const f = msgid ? this.frames.get(msgid) : undefined
    if (!f) return undefined
    this.frames.delete(msgid!)
    return f.connection === this.connection && this.now() - f.at < REPLY_WINDOW_MS ? f.frame : undefined
  }
}
