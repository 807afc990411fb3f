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

/** The first draft/comment/incident id in a text (D12, c7, Ａ3 after normalisation). */
export function findId(text: string): string | undefined {
  const m = ID.exec(text.normalize('NFKC'))
  return m ? `${m[1]!.toUpperCase()}${Number(m[2])}` : undefined
}

/** Removes the first id from a text, for what follows it (a reason, a remark). */
export function withoutId(text: string): string {
  return text.replace(ID, ' ').replace(/\s+/g, ' ').trim()
}

/** "第2版", "v2" or "哈希 1a2b3c4d": the version a quoted request was about. */
export function findVersion(text: string): number | string | undefined {
  const t = text.normalize('NFKC')
  const v = /(?:第\s*(\d+)\s*版|\bv(\d+)\b)/i.exec(t)
  if (v) return Number(v[1] ?? v[2])
  const h = /(?:哈希|hash)\s*[:：]?\s*([0-9a-f]{8,64})/i.exec(t)
  return h ? h[1]!.toLowerCase() : undefined
}

/** Strips the separators people put before a reason: "：", "，", "理由：", "because". */
export function cleanReason(text: string): string {
  return text
    .replace(/^[\s:：,，。.;；\-—]+/, '')
    .replace(/^(理由|原因|意见|reason)\s*[:：]?\s*/i, '')
    .trim()
}
