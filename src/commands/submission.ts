import type { Config } from '../config/schema.js'
import { editDistance } from '../text/edit-distance.js'
import { normalizeCommandText } from './normalize.js'
import { VERBS } from './verbs.js'

const submitWord = VERBS.submit[0]

/**
 * `#投稿 微信 重要 标题` + body lines, or `#投稿 微信` + title line + body lines. Account and
 * category are recognised by key, name or alias; the title is whatever else the first line holds,
 * or else the first following line.
 */
export interface Submission {
  account?: string | undefined
  category?: string
  title: string
  body: string
  /** the text of a `计划发布：11月25日 10:00` line, taken out of the body */
  planned?: string
}

export type SubmissionResult =
  | { ok: true; submission: Submission }
  | { ok: false; problem: 'no-account' | 'no-title' | 'no-body'; hint?: string | undefined }
  /** `#投稿 微信 紧急 标题`: 「紧急」 reads like a category but is none; `asTitle` is the message with it kept in the title */
  | { ok: false; problem: 'unknown-category'; hint: string; asTitle: string }

/** The key whose key, name or alias is `word` (case-insensitive): accounts, categories. */
export function lookup(table: Record<string, { name: string; aliases: string[] }>, word: string): string | undefined {
  const w = word.toLowerCase()
  for (const [key, v] of Object.entries(table)) {
    if (key.toLowerCase() === w || v.name.toLowerCase() === w || v.aliases.some((a) => a.toLowerCase() === w)) return key
  }
  return undefined
}

export function parseSubmission(config: Config, args: string, body: string, allowedAccounts: string[]): SubmissionResult {
  const words = args.split(/\s+/).filter(Boolean)
  let account: string | undefined
  let category: string | undefined
  const first = words[0] ? lookup(config.accounts, normalizeCommandText(words[0])) : undefined
  if (first) {
    account = first
    words.shift()
  } else if (allowedAccounts.length === 1) {
    account = allowedAccounts[0]
  } else {
    return { ok: false, problem: 'no-account', hint: words[0] }
  }
  const cat = words[0] ? lookup(config.categories, normalizeCommandText(words[0])) : undefined
  if (cat) {
    category = cat
    words.shift()
  } else if (words.length >= 2 && looksLikeCategory(config, normalizeCommandText(words[0]!))) {
    const accountWord = first ? args.trim().split(/\s+/)[0]! : ''
    const asTitle = [`#${submitWord} ${accountWord}`.trim(), words.join(' '), body].filter(Boolean).join('\n')
    return { ok: false, problem: 'unknown-category', hint: words[0]!, asTitle }
  }
  const planned = PLANNED.exec(body)
  const lines = (planned ? body.replace(planned[0], '') : body).split(/\r?\n/)
  let title = stripLabel(words.join(' '), /^(标题|title)\s*[:：]\s*/i)
  if (!title) {
    while (lines.length && !lines[0]!.trim()) lines.shift()
    title = stripLabel((lines.shift() ?? '').trim(), /^(标题|title)\s*[:：]\s*/i)
  }
  const text = stripLabel(lines.join('\n').trim(), /^(正文|body)\s*[:：]\s*/i)
  if (!title) return { ok: false, problem: 'no-title' }
  if (!text) return { ok: false, problem: 'no-body' }
  const plannedAt = planned?.[1]?.trim()
  return { ok: true, submission: { account, ...(category ? { category } : {}), title, body: text, ...(plannedAt ? { planned: plannedAt } : {}) } }
}

/** Words people use for urgency or weight: before a title, they mean a category more often than a title's first word. */
const CATEGORY_LIKE = new Set([
  '紧急',
  '加急',
  '特急',
  '急',
  '普通',
  '一般',
  '重要',
  '重大',
  '敏感',
  '日常',
  '常规',
  '重点',
  '时政',
  'urgent',
  'normal',
  'important',
  'major',
  'routine',
])

/** A short first word that is a known urgency word or one edit from a category's name or alias. */
function looksLikeCategory(config: Config, word: string): boolean {
  if ([...word].length > 4) return false
  const w = word.toLowerCase()
  if (CATEGORY_LIKE.has(w)) return true
  return Object.entries(config.categories).some(([key, c]) =>
    [key, c.name, ...c.aliases].some((name) => [...name].length >= 2 && editDistance(w, name.toLowerCase()) === 1),
  )
}

/** A line of its own: 计划发布：11月25日 10:00 (also 发布时间 / publish:). */
const PLANNED = /^[ \t]*(?:计划发布|发布时间|publish)[ \t]*[:：][ \t]*(.+)$/im

function stripLabel(text: string, label: RegExp): string {
  return text.replace(label, '').trim()
}
