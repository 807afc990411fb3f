import type { Config } from '../config/schema.js'
import { lookup } from '../commands/submission.js'
import { normalizeCommandText } from '../commands/normalize.js'

/**
 * `#留言 微信 张三：你们的活动怎么报名？` (or the text on the following lines, and an optional link).
 * The parser hands over #留言's arguments as typed, and never reads an id from them: a public
 * message may well say "C3栋".
 */

export type CommentCommand =
  | { ok: true; account: string; author: string; text: string; link?: string }
  | { ok: false; problem: 'no-account' | 'no-author' | 'no-text'; hint?: string }

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
