/**
 * Deterministic inputs for the matcher benchmark: a lexicon and a text drawn by a seeded PRNG
 * from the 3,755 level-1 characters of GB2312 (the most common Chinese characters).
 */

/** mulberry32: small, fast, and the same sequence on every machine */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function commonChars(): string[] {
  const bytes: number[] = []
  for (let hi = 0xb0; hi <= 0xd7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) bytes.push(hi, lo)
  const decoded = new TextDecoder('gbk').decode(new Uint8Array(bytes))
  return [...decoded].filter((c) => /\p{Script=Han}/u.test(c))
}

/** `count` distinct terms of 2–4 characters */
export function lexicon(count: number, seed: number): string[] {
  const chars = commonChars()
  const rand = prng(seed)
  const terms = new Set<string>()
  while (terms.size < count) {
    const len = 2 + Math.floor(rand() * 3)
    let t = ''
    for (let i = 0; i < len; i++) t += chars[Math.floor(rand() * chars.length)]
    terms.add(t)
  }
  return [...terms]
}

/** `length` UTF-16 units of text: common characters, a comma or full stop every 6–25, and a lexicon term every ~400 */
export function chineseText(length: number, terms: string[], seed: number): string {
  const chars = commonChars()
  const rand = prng(seed)
  const parts: string[] = []
  let n = 0
  let untilPunct = 6
  while (n < length) {
    let piece: string
    if (rand() < 1 / 400) piece = terms[Math.floor(rand() * terms.length)]!
    else if (--untilPunct <= 0) { piece = rand() < 0.7 ? '，' : '。'; untilPunct = 6 + Math.floor(rand() * 20) }
    else piece = chars[Math.floor(rand() * chars.length)]!
    parts.push(piece)
    n += piece.length
  }
  return parts.join('').slice(0, length)
}
