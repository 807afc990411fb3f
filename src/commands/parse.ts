import { cleanReason, findId, findVersion, leadingId, leadingVersion, normalizeCommandText, rawTail } from './normalize.js'
import { matchVerb, nearestVerb, type Verb } from './verbs.js'

/**
 * Turns one chat message into a command. Knows nothing of drafts or people: ids stay strings and
 * mentions stay contact ids; the handlers resolve them. Any text that is not addressed to the bot
 * (no # or / prefix, no @bot, no quote of a bot request) is `undefined`: ordinary chat.
 */
export interface MessageText {
  /** the message text with @-mentions already removed by the chat adapter */
  text: string
  mentionsBot: boolean
  /** contact ids of the people @-mentioned, the bot excluded */
  mentionIds: string[]
  /** the text of a quoted (引用) message, when the message quotes one the bot sent */
  quotedBotText?: string
}

export interface ParsedCommand {
  verb: Verb
  /** D12 / C7 / A3, from the command or else from the quoted request */
  id?: string
  /** the version the reviewer was looking at, when the quote or the command names one */
  version?: number | string
  /** the first line after the command word and the id, as typed (full-width punctuation kept) */
  args: string
  /** the following lines, exactly as typed (trimmed at both ends) */
  body: string
  mentionIds: string[]
  viaQuote: boolean
}

export type ParseResult =
  | { kind: 'command'; command: ParsedCommand }
  | { kind: 'unknown'; word: string; suggestion?: Suggestion }
  | { kind: 'too-long'; chars: number; max: number }

/** The command a mistyped word most likely meant, and the whole message rewritten with it, as typed otherwise. */
export interface Suggestion {
  verb: Verb
  /** the command word to show: 「#通过」 */
  word: string
  text: string
}

export interface ParseOptions {
  /** longest message accepted, in characters */
  maxChars: number
}

export function parseMessage(msg: MessageText, options: ParseOptions): ParseResult | undefined {
  const raw = msg.text.replace(/^\s+/, '')
  const [firstRaw = '', ...lines] = raw.split(/\r?\n/)
  const first = normalizeCommandText(firstRaw)
  // "#两会#" is a Weibo topic pasted into the chat, not a command
  const prefixed = /^[#/]/.test(first) && !/^#[^#\s]+#/.test(first)
  const quoting = msg.quotedBotText !== undefined
  if (!prefixed && !msg.mentionsBot && !quoting) return undefined
  if (raw.length > options.maxChars) return { kind: 'too-long', chars: raw.length, max: options.maxChars }

  const afterPrefix = prefixed ? first.slice(1).trimStart() : first
  const verbMatch = matchVerb(afterPrefix)
  // Without # or /, the word must stand alone: a quote-reply "通过之前请把图换掉" is chat, not approval.
  const match = verbMatch && (prefixed || /^($|[\s\p{P}]|[DCAdca]\d)/u.test(verbMatch.rest)) ? verbMatch : undefined
  if (!match) {
    // A plain remark in reply to a bot message is chat, not a mistyped command.
    if (!prefixed && !msg.mentionsBot) return undefined
    const word = afterPrefix.split(' ')[0] ?? ''
    const near = nearestVerb(word)
    if (!near) return { kind: 'unknown', word }
    const tail = rawTail(firstRaw, afterPrefix.slice(word.length))
    // `#通国` quoting a request means that request's draft: the resend names it, as the quote did
    const quotedId = msg.quotedBotText && !FREE_TEXT.has(near.verb) && !leadingId(`${near.rest}${tail}`) ? findId(msg.quotedBotText) : undefined
    const firstLine = [`#${near.alias}${near.rest}`, quotedId, tail].filter(Boolean).join(' ')
    return { kind: 'unknown', word, suggestion: { verb: near.verb, word: near.alias, text: [firstLine, ...lines].join('\n') } }
  }
  const firstLine = rawTail(firstRaw, match.rest)
  const named = FREE_TEXT.has(match.verb) ? undefined : leadingId(firstLine)
  const ownId = named?.id
  const quotedId = msg.quotedBotText ? findId(msg.quotedBotText) : undefined
  const id = ownId ?? quotedId
  // Only decisions are bound to a version; elsewhere "第2版" is ordinary text (a title, a remark).
  const decides = DECISIONS.has(match.verb)
  const afterId = named ? rawTail(firstLine, named.rest) : firstLine
  const own = decides ? leadingVersion(afterId) : undefined
  const version = own?.version ?? (decides && ownId === undefined && msg.quotedBotText ? findVersion(msg.quotedBotText) : undefined)
  const args = own ? rawTail(afterId, own.rest) : afterId
  return {
    kind: 'command',
    command: {
      verb: match.verb,
      ...(id ? { id } : {}),
      ...(version !== undefined ? { version } : {}),
      args,
      body: lines.join('\n').trim(),
      mentionIds: msg.mentionIds,
      viaQuote: ownId === undefined && quotedId !== undefined,
    },
  }
}

const DECISIONS = new Set<Verb>(['approve', 'reject', 'transfer'])
/** Commands whose arguments are free text that may begin like an id ("#留言 微博 C3栋同学：…") */
const FREE_TEXT = new Set<Verb>(['submit', 'comment', 'alert', 'check'])

/** The reason of a reject: the arguments and any following lines. */
export function reasonOf(cmd: ParsedCommand): string {
  return cleanReason([cmd.args, cmd.body].filter(Boolean).join('\n'))
}
