import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * jieba's dictionary (the `dict.txt` of @node-rs/jieba: 349,045 words with their corpus
 * frequencies, MIT) as an open-addressing hash table over the file's own text: words are looked up
 * by (string, start, end) without slicing, and building it is one pass over the file (≈ 60 ms)
 * instead of a Map of 349k strings (≈ 1 s and 50 MB).
 *
 * The segmenter's own algorithm (the most probable path through the word graph, jieba's `cut`
 * without HMM) is `bestPath`: the proofreader scores a window of text with it before and after
 * replacing one character. The native segmenter is not loaded: it takes ≈ 0.7 s and keeps a second
 * copy of the dictionary, and does not expose the frequencies the scoring needs.
 */
export interface WordFreq {
  /** the dictionary frequency of text[start, end), 0 when it is not a word */
  freq(text: string, start: number, end: number): number
  /** the same for a span in which position `at` is read as `ch` */
  freqWith(text: string, start: number, end: number, at: number, ch: number): number
  /** log of the total of all frequencies: a word's log-probability is log(freq) − logTotal */
  readonly logTotal: number
  readonly size: number
  /** every word of 2–`maxLen` characters with at least `minFreq`, with its frequency */
  forEachWord(minFreq: number, maxLen: number, fn: (text: string, start: number, end: number, freq: number) => void): void
}

const require = createRequire(import.meta.url)

export function jiebaDictPath(): string {
  return require.resolve('@node-rs/jieba/dict.txt')
}

const MAX_WORD = 16

export function buildWordFreq(text: string): WordFreq {
  // entries: start offset, length, frequency
  const starts: number[] = []
  const lens: number[] = []
  const freqs: number[] = []
  let total = 0
  for (let i = 0; i < text.length; ) {
    const sp = text.indexOf(' ', i)
    if (sp < 0) break
    let nl = text.indexOf('\n', sp)
    if (nl < 0) nl = text.length
    let f = 0
    for (let k = sp + 1; k < nl; k++) {
      const c = text.charCodeAt(k)
      if (c < 48 || c > 57) break
      f = f * 10 + c - 48
    }
    if (sp - i <= MAX_WORD && f > 0) {
      starts.push(i)
      lens.push(sp - i)
      freqs.push(f)
      total += f
    }
    i = nl + 1
  }
  let cap = 1
  while (cap < starts.length * 2) cap <<= 1
  const mask = cap - 1
  const slots = new Int32Array(cap).fill(-1)
  for (let e = 0; e < starts.length; e++) {
    let h = hashOf(text, starts[e]!, starts[e]! + lens[e]!, -1, 0) & mask
    while (slots[h] !== -1) h = (h + 1) & mask
    slots[h] = e
  }
  const S = Int32Array.from(starts)
  const L = Int32Array.from(lens)
  const F = Float64Array.from(freqs)

  function lookup(q: string, start: number, end: number, at: number, ch: number): number {
    const len = end - start
    if (len <= 0 || len > MAX_WORD) return 0
    let h = hashOf(q, start, end, at, ch) & mask
    for (;;) {
      const e = slots[h]!
      if (e === -1) return 0
      if (L[e] === len) {
        const s = S[e]!
        let k = 0
        for (; k < len; k++) {
          const c = start + k === at ? ch : q.charCodeAt(start + k)
          if (text.charCodeAt(s + k) !== c) break
        }
        if (k === len) return F[e]!
      }
      h = (h + 1) & mask
    }
  }

  return {
    freq: (q, start, end) => lookup(q, start, end, -1, 0),
    freqWith: lookup,
    logTotal: Math.log(total),
    size: S.length,
    forEachWord(minFreq, maxLen, fn) {
      for (let e = 0; e < S.length; e++) if (F[e]! >= minFreq && L[e]! >= 2 && L[e]! <= maxLen) fn(text, S[e]!, S[e]! + L[e]!, F[e]!)
    },
  }
}

/** FNV-1a over UTF-16 code units; position `at` reads as `ch` */
function hashOf(s: string, start: number, end: number, at: number, ch: number): number {
  let h = 0x811c9dc5
  for (let k = start; k < end; k++) {
    h ^= k === at ? ch : s.charCodeAt(k)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** jieba's dictionary with an office's own words over it (they win over jieba's entry); frequency 1000 unless given */
export function withWords(base: WordFreq, lines: readonly string[]): WordFreq {
  const own = buildWordFreq(
    lines
      .map((l) => {
        const [w, f] = l.split(/\s+/)
        return `${w} ${f && /^\d+$/.test(f) ? f : 1000}`
      })
      .join('\n'),
  )
  const pick = (q: string, start: number, end: number, at: number, ch: number) =>
    own.freqWith(q, start, end, at, ch) || base.freqWith(q, start, end, at, ch)
  return {
    freq: (q, start, end) => pick(q, start, end, -1, 0),
    freqWith: pick,
    logTotal: base.logTotal,
    size: base.size + own.size,
    forEachWord(minFreq, maxLen, fn) {
      own.forEachWord(minFreq, maxLen, fn)
      base.forEachWord(minFreq, maxLen, fn)
    },
  }
}

let shared: WordFreq | undefined
/** One table per process: every checker built from the same package shares it. */
export function jiebaWordFreq(): WordFreq {
  shared ??= buildWordFreq(readFileSync(jiebaDictPath(), 'utf8'))
  return shared
}

/** reused by every bestPath call (single-threaded): the proofreader calls it thousands of times a draft */
let scratch = { score: new Float64Array(64), next: new Int32Array(64) }

/**
 * The log-probability of the most probable segmentation of text[start, end) (jieba's route), with
 * position `at` read as `ch`; an unknown single character counts as frequency 1, as in jieba.
 * `cuts` (optional, length end − start + 1) receives 1 at every word boundary of that path.
 */
export function bestPath(wf: WordFreq, text: string, start: number, end: number, at = -1, ch = 0, cuts?: Uint8Array): number {
  const n = end - start
  if (scratch.score.length < n + 1) scratch = { score: new Float64Array(2 * n + 2), next: new Int32Array(2 * n + 2) }
  const { score, next } = scratch
  score[n] = 0
  const lt = wf.logTotal
  for (let i = n - 1; i >= 0; i--) {
    let best = -Infinity
    let bestJ = i + 1
    const lim = Math.min(n, i + 8)
    for (let j = i + 1; j <= lim; j++) {
      const f = wf.freqWith(text, start + i, start + j, at, ch)
      if (f === 0 && j > i + 1) continue
      const s = Math.log(f || 1) - lt + score[j]!
      if (s > best) {
        best = s
        bestJ = j
      }
    }
    score[i] = best
    next[i] = bestJ
  }
  if (cuts) {
    cuts.fill(0)
    for (let i = 0; i < n; i = next[i]!) cuts[i] = 1
    cuts[n] = 1
  }
  return score[0]!
}
