/**
 * What went out on an account against what was approved, as pure functions: the published text
 * is normalised (markup stripped, entities decoded, width and CJK punctuation folded, whitespace
 * removed) and compared with every approved version of that account. No I/O.
 */

/** An approved (or still pending) version of a draft, as the publish guard compares it. */
export interface ReviewedText {
  draft: string
  version: number
  hash: string
  title: string
  body: string
  /** only approved versions count as "一致"; a pending one is named when it alone matches */
  approved: boolean
}

export type PublishVerdict =
  | { kind: 'match'; draft: string; version: number; hash: string }
  | { kind: 'changed'; draft: string; version: number; hash: string; diff: string; similarity: number }
  | { kind: 'unapproved'; pendingDraft?: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** CJK punctuation that NFKC leaves alone, folded to the ASCII mark editors type for it. */
const PUNCTUATION: Record<string, string> = {
  '。': '.',
  '、': ',',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '【': '[',
  '】': ']',
  '《': '<',
  '》': '>',
  '〈': '<',
  '〉': '>',
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '—': '-',
  '…': '...',
  '·': '.',
  '・': '.',
}

/** HTML (WeChat article content) to its visible text. */
export function stripMarkup(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|section|h[1-6]|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10)
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all
      }
      return ENTITIES[e.toLowerCase()] ?? all
    })
}

/** The text as compared: markup gone, full-width folded (NFKC), CJK punctuation folded, no whitespace or invisible characters. */
export function normalizeForCompare(text: string): string {
  return stripMarkup(text)
    .normalize('NFKC')
    .replace(/[。、“”‘’【】《》〈〉「」『』—…·・]/g, (c) => PUNCTUATION[c] ?? c)
    .replace(/[\s\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f]+/gu, '')
}

/** Character-bigram Dice coefficient: 1 for equal texts, near 0 for unrelated ones. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  if (a.length < 2 || b.length < 2) return 0
  const grams = new Map<string, number>()
  for (let i = 0; i < a.length - 1; i++) grams.set(a.slice(i, i + 2), (grams.get(a.slice(i, i + 2)) ?? 0) + 1)
  let shared = 0
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2)
    const n = grams.get(g) ?? 0
    if (n > 0) {
      shared++
      grams.set(g, n - 1)
    }
  }
  return (2 * shared) / (a.length - 1 + (b.length - 1))
}

/** 「审定：…甲…」「发布：…乙…」 around the first and last difference, at most `width` characters of each side. */
export function shortDiff(approved: string, published: string, context = 8, width = 40): string {
  let start = 0
  while (start < approved.length && start < published.length && approved[start] === published[start]) start++
  let end = 0
  while (
    end < approved.length - start &&
    end < published.length - start &&
    approved[approved.length - 1 - end] === published[published.length - 1 - end]
  )
    end++
  const cut = (s: string) => {
    const from = Math.max(0, start - context)
    const to = Math.min(s.length, s.length - end + context)
    const mid = s.slice(from, to)
    const shown = mid.length > width ? `${mid.slice(0, width)}…` : mid
    return `${from > 0 ? '…' : ''}${shown}${to < s.length && mid.length <= width ? '…' : ''}`
  }
  return `审定：${cut(approved) || '（空）'}\n发布：${cut(published) || '（空）'}`
}

/** The forms a reviewed version may take when published: title and body (WeChat), or the body alone (Weibo). */
function candidates(t: ReviewedText): string[] {
  return [normalizeForCompare(`${t.title}\n${t.body}`), normalizeForCompare(t.body)]
}

/** Below this a published text is not taken for an edit of an approved one but for something else. */
const CHANGED_THRESHOLD = 0.5

/**
 * The verdict on one published text (`title` empty for Weibo). An exact match with an approved
 * version wins (the latest draft first); otherwise the most similar approved version, if similar
 * enough, is the one that was changed; otherwise it went out without approval.
 */
export function judgePublished(published: { title: string; text: string }, reviewed: readonly ReviewedText[]): PublishVerdict {
  const forms = [...new Set([normalizeForCompare(`${published.title}\n${published.text}`), normalizeForCompare(published.text)])]
  const approved = reviewed.filter((r) => r.approved)
  for (const r of approved) {
    if (candidates(r).some((c) => forms.includes(c))) return { kind: 'match', draft: r.draft, version: r.version, hash: r.hash }
  }
  let best: { r: ReviewedText; score: number; approvedText: string; publishedText: string } | undefined
  for (const r of approved) {
    const [full, body] = candidates(r) as [string, string]
    for (const [a, p] of [
      [full, forms[0]!],
      [body, forms[forms.length - 1]!],
    ] as const) {
      const score = similarity(a, p)
      if (!best || score > best.score) best = { r, score, approvedText: a, publishedText: p }
    }
  }
  if (best && best.score >= CHANGED_THRESHOLD) {
    return {
      kind: 'changed',
      draft: best.r.draft,
      version: best.r.version,
      hash: best.r.hash,
      diff: shortDiff(best.approvedText, best.publishedText),
      similarity: best.score,
    }
  }
  const pending = reviewed.find((r) => !r.approved && candidates(r).some((c) => forms.includes(c)))
  return { kind: 'unapproved', ...(pending ? { pendingDraft: pending.draft } : {}) }
}
