/**
 * The chat port: what the bot needs from WeChat, in its own words. Only src/chat/ imports wechaty;
 * everything else speaks these types, so the transport can be swapped or simulated.
 */
import type { Attachment } from '../checklist/types.js'

export interface IncomingMessage {
  id: string
  /** undefined for a private chat with the bot */
  room?: { id: string; topic: string }
  talker: { id: string; name: string }
  /** the text with @-mentions (and a quoted message) removed */
  text: string
  mentionsBot: boolean
  /** contact ids @-mentioned, the bot excluded */
  mentionIds: string[]
  /** the text of the bot message this one quotes (引用), if it quotes one */
  quotedBotText?: string
  /** an image, video or file sent instead of text */
  attachment?: Attachment
}

export interface Outgoing {
  text: string
  /** contact ids to @-mention (rooms only) */
  mentions?: string[]
}

export interface ChatPort {
  start(onMessage: (m: IncomingMessage) => Promise<void>): Promise<void>
  stop(): Promise<void>
  sayToRoom(roomId: string, message: Outgoing): Promise<void>
  sayToContact(contactId: string, message: Outgoing): Promise<void>
  /** the remark (备注) the bot account has set on a contact: members cannot change it */
  remarkOf(contactId: string): Promise<string | undefined>
  setRemark(contactId: string, remark: string): Promise<void>
  /** the contact whose remark holds the whole `tag`, for re-binding after a re-login changed ids */
  findByRemark(tag: string): Promise<string | undefined>
  /** whether a contact with this id is known to the puppet now */
  hasContact(contactId: string): Promise<boolean>
}

/** WeChat shows a quote as 「name：text」 then a dashed line, then the reply. */
const QUOTE = /^「([^：:\n]{0,64})[：:]([\s\S]*?)」\s*\n\s*(?:- ){3,}-?\s*\n([\s\S]*)$/

export function splitQuote(text: string): { quotedName: string; quoted: string; reply: string } | undefined {
  const m = QUOTE.exec(text.trim())
  return m ? { quotedName: m[1]!.trim(), quoted: m[2]!, reply: m[3]!.trim() } : undefined
}
