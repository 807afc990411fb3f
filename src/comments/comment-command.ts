import type { Config } from '../config/schema.js'
import { lookup } from '../commands/submission.js'
import { normalizeCommandText } from '../commands/normalize.js'
import { matchVerb } from '../commands/verbs.js'

/**
 * `#留言 微信 张三：你们的活动怎么报名？` (or the text on the following lines, and an optional link).
 * The public text is taken from the raw message, not from the parsed arguments: the parser strips
 * anything that looks like an id (D2, C3) from its arguments, and a public message may well say
 * "C3栋".
 */

export type CommentCommand =
  | { ok: true; account: string; author: string; text: string; link?: string }
  | { ok: false; problem: 'no-account' | 'no-author' | 'no-text'; hint?: string }

/** Everything after the command word, the following lines included, as typed (full-width commas stay). */
export function commandRest(raw: string): string {
  const [first = '', ...lines] = raw.replace(/^\s+/, '').split(/\r?\n/)
  const typed = first.replace(/^[\s#/＃／]+/, '')
  // The word itself may be typed in full-width letters (／ｃｏｍｍｅｎｔ): fall back to the normalised line.
  const normalised = normalizeCommandText(first).replace(/^[#/]\s*/, '')
  const rest = matchVerb(typed)?.rest ?? matchVerb(normalised)?.rest ?? normalised
  return [rest.trim(), ...lines].join('\n').trim()
}

const LINK = /https?:\/\/\S+/

export function parseCommentCommand(config: Config, rest: string, allowedAccounts: string[]): CommentCommand {
  const [head = '', ...lines] = rest.split(/\r?\n/)
  const words = head.split(/\s+/).filter(Boolean)
  let account = words[0] ? lookup(config.accounts, normalizeCommandText(words[0])) : undefined
  if (account) words.shift()
  else if (allowedAccounts.length === 1) account = allowedAccounts[0]
  if (!account) return { ok: false, problem: 'no-account', ...(words[0] ? { hint: words[0] } : {}) }
  // "张三：正文" or "张三 正文" on the first line, or the author alone with the text below.
  const line = words.join(' ')
  const split = /^([^\s:：]+)\s*[:：]\s*([\s\S]*)$/.exec(line) ?? /^(\S+)\s*([\s\S]*)$/.exec(line)
  const author = split?.[1]?.replace(/^@/, '') ?? ''
  const full = [split?.[2] ?? '', ...lines].join('\n').trim()
  if (!author) return { ok: false, problem: 'no-author' }
  const link = LINK.exec(full)?.[0]
  const text = (link ? full.replace(link, '') : full).trim()
  if (!text) return { ok: false, problem: 'no-text' }
  return { ok: true, account, author, text, ...(link ? { link } : {}) }
}
