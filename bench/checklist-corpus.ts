import { readdirSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

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
    else if (--untilPunct <= 0) {
      piece = rand() < 0.7 ? '，' : '。'
      untilPunct = 6 + Math.floor(rand() * 20)
    } else piece = chars[Math.floor(rand() * chars.length)]!
    parts.push(piece)
    n += piece.length
  }
  return parts.join('').slice(0, length)
}

const DATA = new URL('./data/', import.meta.url)

/**
 * The 20,000 most frequent words of two or more Han characters in jieba's dictionary
 * (bench/data/jieba-top20k.txt, see bench/data/README.md): a dense lexicon of common words.
 */
export function commonWords(): string[] {
  return wordList('jieba-top20k.txt')
}

/**
 * 20,000 words ranked 5,001–25,000 in the same order (bench/data/jieba-next20k.txt): common words
 * without the 5,000 commonest, about 70,000 hits per MiB of the prose where the top list gives 362,000.
 */
export function lessCommonWords(): string[] {
  return wordList('jieba-next20k.txt')
}

function wordList(file: string): string[] {
  return readFileSync(new URL(file, DATA), 'utf8')
    .split('\n')
    .filter((w) => w.length > 0)
}

/**
 * `length` UTF-16 units of real Chinese prose: the five regulations in bench/data/prose/, then any
 * files named in MATCHER_PROSE (colon-separated), joined by paragraph breaks and repeated.
 */
export function realProse(length: number): { text: string; sources: string[] } {
  const dir = new URL('prose/', DATA)
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => fileURLToPath(new URL(f, dir)))
  const extra = (process.env.MATCHER_PROSE ?? '').split(':').filter((p) => p.length > 0)
  const base = [...files, ...extra].map((f) => readFileSync(f, 'utf8')).join('\n\n')
  let text = ''
  while (text.length < length) text += `${base}\n\n`
  return { text: text.slice(0, length), sources: [...files.map((f) => basename(f)), ...extra] }
}
