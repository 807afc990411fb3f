/**
 * Command text as editors type it on phones: full-width ＃／：，, ideographic spaces, WeChat's
 * U+2005 after @-mentions. NFKC folds all of those to their ASCII forms; it is applied to the
 * command words only, never to the draft text itself, which is kept exactly as written.
 */
export function normalizeCommandText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[ \t\u00a0\u2000-\u200a\u3000]+/g, ' ')
    .trim()
}

const ID = /(?<![A-Za-z0-9])([DCAdca])\s?(\d{1,7})(?!\d)/
// the id must end at a space or punctuation: "C919首飞" is a word, not comment C919
const LEADING_ID = /^[\s:：,，]*([DCAdca])\s?(\d{1,7})(?=$|[\s\p{P}])/u

/** The first draft/comment/incident id anywhere in a text: for the bot's own quoted messages. */
export function findId(text: string): string | undefined {
  const m = ID.exec(text.normalize('NFKC'))
  return m ? `${m[1]!.toUpperCase()}${Number(m[2])}` : undefined
}

/**
 * The id a command names: only right after the command word (#驳回 D12 …). An id-like word later
 * on is part of the reason ("请按A4版式重排", "C919首飞日期"), never the target.
 */
export function leadingId(args: string): { id: string; rest: string } | undefined {
  const m = LEADING_ID.exec(args.normalize('NFKC'))
  if (!m) return undefined
  return { id: `${m[1]!.toUpperCase()}${Number(m[2])}`, rest: args.normalize('NFKC').slice(m[0].length).trim() }
}

/**
 * "哈希 1a2b3c4d", "第2版" or "v2": the version a decision is about. The hash first: a quoted
 * request names it last, after a title that may itself contain "第2版".
 */
export function findVersion(text: string): number | string | undefined {
  const t = text.normalize('NFKC')
  const h = /(?:哈希|hash)\s*[:：]?\s*([0-9a-f]{8,64})/i.exec(t)
  if (h) return h[1]!.toLowerCase()
  const v = /(?:第\s*(\d+)\s*版|\bv(\d+)\b)/i.exec(t)
  return v ? Number(v[1] ?? v[2]) : undefined
}

const LEADING_VERSION = /^(?:第\s*(\d+)\s*版|v(\d+)\b|(?:哈希|hash)\s*[:：]?\s*([0-9a-f]{8,64}))/i

/** A version named right after the id (#通过 D3 第2版 / v2 / 哈希 1a2b3c4d), and what follows it. */
export function leadingVersion(text: string): { version: number | string; rest: string } | undefined {
  const normalized = text.normalize('NFKC')
  const m = LEADING_VERSION.exec(normalized)
  if (!m) return undefined
  const version = m[3] ? m[3].toLowerCase() : Number(m[1] ?? m[2])
  return { version, rest: normalized.slice(m[0].length).trim() }
}

/**
 * The end of `raw`, as typed, whose normalised form is `rest`. Command words and ids are read from
 * the normalised line, but what follows them (a title, a reason, a public message) is kept as the
 * person wrote it: NFKC would turn a title's full-width （，：！ into ASCII. Only the first few
 * dozen characters can be command words, so only those are tried as the cut.
 */
export function rawTail(raw: string, rest: string): string {
  const target = normalizeCommandText(rest)
  for (let k = 0; k <= Math.min(raw.length, 64); k++) {
    const tail = raw.slice(k)
    if (normalizeCommandText(tail) === target) return tail.trim()
  }
  return target
}

/** Strips the separators people put before a reason: "：", "，", "理由：", "because". */
export function cleanReason(text: string): string {
  return text
    .replace(/^[\s:：,，。.;；\-—]+/, '')
    .replace(/^(理由|原因|意见|reason)\s*[:：]?\s*/i, '')
    .trim()
}
