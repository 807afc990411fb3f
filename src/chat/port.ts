/**
 * The chat port: the only place the bot meets a chat platform (WeChat through Wechaty, WeCom,
 * Feishu, DingTalk, the simulated group). Only src/chat/<platform>/ imports a platform SDK;
 * everything else speaks these types, so the bot's code has no platform branches.
 */
import type { Attachment } from '../checklist/types.js'
import type { CardSurface } from './cards.js'

export interface IncomingMessage {
  /** the platform's message id (unique per platform) */
  id: string
  /** undefined for a private chat with the bot */
  room?: { id: string; topic: string }
  /** the sender: a stable platform user id (WeChat contact id, WeCom userid, Feishu open_id, DingTalk staffId) */
  talker: { id: string; name: string }
  /** the text with @-mentions (and a quoted message) removed */
  text: string
  /** whether the message @-mentions the bot (always true in a private chat) */
  mentionsBot: boolean
  /** user ids @-mentioned, the bot excluded */
  mentionIds: string[]
  /** the text of the bot message this one quotes (引用), if it quotes one: the adapter resolves it */
  quotedBotText?: string
  /** an image, video or file sent instead of text */
  attachment?: Attachment
}

export interface Outgoing {
  text: string
  /** user ids to @-mention (rooms only); the adapter writes them its platform's way */
  mentions?: string[]
  /**
   * A key unique to this message (set by the outbox, kept across retries). Adapters whose platform de-duplicates
   * sends (Feishu's `uuid`) pass it on, so a send retried after a crash is not shown twice.
   */
  key?: string
  /**
   * The incoming message (its id) this answers. Platforms with a reply channel on the incoming
   * message (WeCom's aibot_respond_msg) answer on it while it is valid; the others ignore it.
   */
  replyTo?: string
}

/** The connection's life, for logs, the dashboard and the remark re-binding after a login. */
export type ChatEvent = { type: 'login'; self: { id: string; name: string } } | { type: 'ready' } | { type: 'lost'; reason: string }

/**
 * WeChat only: the remark (备注) the bot account keeps on each contact. Members cannot change it,
 * so it re-binds people whose contact id changed after a web-protocol re-login. Platforms with
 * stable user ids (WeCom, Feishu, DingTalk) do not offer it and the bot skips the re-binding.
 */
export interface RemarkBook {
  remarkOf(contactId: string): Promise<string | undefined>
  setRemark(contactId: string, remark: string): Promise<void>
  /** the contact whose remark holds the whole `tag` */
  findByRemark(tag: string): Promise<string | undefined>
  /** whether a contact with this id is known now */
  hasContact(contactId: string): Promise<boolean>
}

/** What the bot lends an adapter at start. */
export interface ChatContext {
  /** the bot's clock: time limits the platform sets on what the bot heard (DingTalk's sessionWebhook) are checked on it */
  now(): number
}

export interface ChatPort {
  /** 'wechaty', 'wecom', 'feishu', 'dingtalk': for logs and the dashboard, never for branching */
  readonly platform: string
  /** connects; resolves once the adapter listens (a login may come later, as a 'login' event) */
  start(onMessage: (m: IncomingMessage) => Promise<void>, onEvent?: (e: ChatEvent) => void, context?: ChatContext): Promise<void>
  stop(): Promise<void>
  /** resolves once the platform has accepted the message; rejects otherwise (the outbox retries) */
  sayToRoom(roomId: string, message: Outgoing): Promise<void>
  sayToContact(contactId: string, message: Outgoing): Promise<void>
  /** present only where the platform has remarks (WeChat) */
  readonly remarks?: RemarkBook
  /** present only where the platform has interactive cards (WeCom, Feishu, DingTalk): src/chat/cards.ts */
  readonly cards?: CardSurface
}

/** WeChat shows a quote as 「name：text」 then a dashed line, then the reply. */
const QUOTE = /^「([^：:\n]{0,64})[：:]([\s\S]*?)」\s*\n\s*(?:- ){3,}-?\s*\n([\s\S]*)$/

export function splitQuote(text: string): { quotedName: string; quoted: string; reply: string } | undefined {
  const m = QUOTE.exec(text.trim())
  return m ? { quotedName: m[1]!.trim(), quoted: m[2]!, reply: m[3]!.trim() } : undefined
}

/**
 * The texts of the bot's own recent messages by platform message id, for platforms whose quote
 * carries only the quoted message's id (Feishu parent_id, DingTalk, WeCom): bounded, oldest out.
 */
export class SentTexts {
  private readonly texts = new Map<string, string>()
  constructor(private readonly max = 5_000) {}
  remember(messageId: string, text: string): void {
    this.texts.set(messageId, text)
    if (this.texts.size > this.max) this.texts.delete(this.texts.keys().next().value as string)
  }
  get(messageId: string | undefined): string | undefined {
    return messageId ? this.texts.get(messageId) : undefined
  }
}
