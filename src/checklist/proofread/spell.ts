import { looksAlike, warmUpShapes } from './shape.js'
import { soundsAlike, warmUp as warmUpSound } from './sound.js'
import { bestPath, jiebaWordFreq, type WordFreq } from './word-freq.js'

/**
 * A misspelling found without a table: where it is, what it should be, how the two characters are
 * confused, and how sure the detector is (0–1).
 */
export interface SpellFinding {
  start: number
  end: number
  text: string
  suggestion: string
  kind: 'sound' | 'near-sound' | 'shape'
  score: number
}

/**
 * The one seam for misspelling detectors: the statistical one below, or a learned model (a
 * MacBERT-style corrector an office ships weights for) wrapped to the same shape.
 */
export interface SpellDetector {
  readonly name: string
  detect(text: string): SpellFinding[]
}

export interface StatisticalOptions {
  /** a suggested word must be at least this frequent in the dictionary */
  minWordFreq: number
  /** …and this many times more frequent than what is written when that is no word */
  minRatio: number
  /** …or this many times when what is written is a (rarer) dictionary word */
  minWordRatio: number
  /** the gain in log-probability of the best segmentation of the window, by kind of confusion, for words of 3–4 characters */
  minGain: Record<SpellFinding['kind'], number>
  /** the same for two-character words, where chance pairs of common characters abound (因未 → 因为) */
  minGain2: Record<SpellFinding['kind'], number>
  /** …and for two-character words framed by words of two or more characters or the run's edges
   * (安全/则任/，), where a chance pair of single characters is rarer */
  minGain2Framed: Record<SpellFinding['kind'], number>
  /** characters of context on each side that the window is scored with */
  window: number
  /** a character inside a word at least this frequent, in the best segmentation, is not suspected */
  trustFreq: number
}

export const DEFAULT_SPELL_OPTIONS: StatisticalOptions = {
  minWordFreq: 20,
  minRatio: 5,
  minWordRatio: 15,
  minGain: { sound: 4.5, 'near-sound': 7, shape: 7 },
  minGain2: { sound: 9.5, 'near-sound': 10, shape: 10 },
  minGain2Framed: { sound: 8, 'near-sound': 9, shape: 8 },
  window: 3,
  trustFreq: 300,
}

const isHan = (u: number) => u >= 0x4e00 && u <= 0x9fff
const BLANK = 0x2a

/**
 * pycorrector's rule-based detector, on jieba's dictionary: a span of 2–4 characters in which
 * replacing one character by a same-sounding, near-sounding or look-alike one gives a frequent
 * word is a suspect; it is reported when the most probable segmentation of its neighbourhood
 * (jieba's own route) becomes clearly more probable with the replacement and uses the new word.
 * Confusion sets are never listed: sound comes from pinyin-pro, shape from decomposition data.
 */
export function createStatisticalDetector(options: Partial<StatisticalOptions> = {}, wf: WordFreq = jiebaWordFreq()): SpellDetector {
  const o = { ...DEFAULT_SPELL_OPTIONS, ...options }
  warmUpSound()
  warmUpShapes()
  const index = blankIndex(wf, o.minWordFreq)
  const confusion = new Map<number, SpellFinding['kind'] | null>()
  const kindOf = (a: number, b: number): SpellFinding['kind'] | undefined => {
    // both are Han (U+4E00–U+9FFF): a key below 2^30 stays a small integer
    const key = (a - 0x4e00) * 0x5200 + (b - 0x4e00)
    let k = confusion.get(key)
    if (k === undefined) {
      const s = soundsAlike(String.fromCharCode(a), String.fromCharCode(b))
      k = s === 'same' ? 'sound' : looksAlike(a, b) ? 'shape' : s === 'similar' ? 'near-sound' : null
      confusion.set(key, k)
    }
    return k ?? undefined
  }

  function detect(text: string): SpellFinding[] {
    const found: SpellFinding[] = []
    for (let i = 0; i < text.length; ) {
      if (!isHan(text.charCodeAt(i))) {
        i++
        continue
      }
      let j = i
      while (j < text.length && isHan(text.charCodeAt(j))) j++
      if (j - i >= 2) found.push(...inRun(text, i, j))
      i = j
    }
    return found
  }

  function inRun(text: string, runStart: number, runEnd: number): SpellFinding[] {
    const best = new Map<number, SpellFinding & { gain: number }>()
    // characters inside a frequent word of the run's own segmentation are taken as written
    const cuts = new Uint8Array(runEnd - runStart + 1)
    bestPath(wf, text, runStart, runEnd, -1, 0, cuts)
    const trusted = new Uint8Array(runEnd - runStart)
    for (let a = 0; a < runEnd - runStart; ) {
      let b = a + 1
      while (!cuts[b]) b++
      if (b - a >= 2 && wf.freq(text, runStart + a, runStart + b) >= o.trustFreq) trusted.fill(1, a, b)
      a = b
    }
    for (let i = runStart; i < runEnd; i++) {
      if (trusted[i - runStart]) continue
      const own = text.charCodeAt(i)
      for (let len = 2; len <= 4; len++) {
        for (let p = 0; p < len; p++) {
          const a = i - p
          const b = a + len
          if (a < runStart || b > runEnd) continue
          const head = headOf(index, hashBlank(text, a, b, i))
          if (head < 0) continue
          const written = wf.freq(text, a, b)
          // a rival must beat what is written by the ratio, and the span alone must gain enough
          // before its neighbourhood is scored: both are a frequency floor (chains run most frequent first)
          const gains = len === 2 ? o.minGain2Framed : o.minGain
          const spanScore = bestPath(wf, text, a, b)
          const floor = Math.max(
            (written > 0 ? o.minWordRatio : o.minRatio) * Math.max(1, written),
            Math.exp(Math.min(gains.sound, gains.shape, gains['near-sound']) + wf.logTotal + spanScore),
          )
          for (let e = head; e >= 0; e = index.next[e]!) {
            const fw = index.freq[e]!
            if (fw < floor) break
            if (index.len[e] !== len || index.pos[e] !== p) continue
            const ws = index.start[e]!
            const dict = index.texts[index.src[e]!]!
            const ch = dict.charCodeAt(ws + p)
            if (ch === own || !same(dict, ws, text, a, len, p)) continue
            const kind = kindOf(own, ch)
            if (!kind) continue
            const need = gains[kind]
            if (Math.log(fw) - wf.logTotal - spanScore < need) continue
            const ws0 = Math.max(runStart, a - o.window)
            const we = Math.min(runEnd, b + o.window)
            const before = bestPath(wf, text, ws0, we)
            const path = new Uint8Array(we - ws0 + 1)
            const after = bestPath(wf, text, ws0, we, i, ch, path)
            const gain = after - before
            if (gain < need || !path[a - ws0] || !path[b - ws0] || !oneWord(path, a - ws0, b - ws0)) continue
            // a two-character word next to a single character needs the higher gain
            const single = (a > runStart && path[a - 1 - ws0]) || (b < runEnd && path[b + 1 - ws0])
            if (len === 2 && single && gain < o.minGain2[kind]) continue
            const prev = best.get(i)
            if (prev && prev.gain >= gain) continue
            best.set(i, {
              start: a,
              end: b,
              text: text.slice(a, b),
              suggestion: dict.slice(ws, ws + len),
              kind,
              score: 1 - Math.exp(-(gain - need + 1) / 4),
              gain,
            })
          }
        }
      }
    }
    // one finding per span: the strongest of those that overlap
    const all = [...best.values()].sort((x, y) => y.gain - x.gain)
    const kept: SpellFinding[] = []
    for (const f of all) {
      if (kept.some((k) => k.start < f.end && f.start < k.end)) continue
      const { gain: _gain, ...finding } = f
      kept.push(finding)
    }
    return kept.sort((x, y) => x.start - y.start)
  }

  return { name: 'statistical', detect }
}

function same(dict: string, ws: number, text: string, a: number, len: number, p: number): boolean {
  for (let k = 0; k < len; k++) if (k !== p && dict.charCodeAt(ws + k) !== text.charCodeAt(a + k)) return false
  return true
}

/** the suggested word is one segment of the path: no boundary inside it */
function oneWord(cuts: Uint8Array, a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (cuts[k]) return false
  return true
}

function hashBlank(s: string, start: number, end: number, at: number): number {
  let h = 0x811c9dc5
  for (let k = start; k < end; k++) {
    h ^= k === at ? BLANK : s.charCodeAt(k)
    h = Math.imul(h, 0x01000193)
  }
  // non-negative, so that -1 can mark an empty slot
  return h & 0x7fffffff
}

interface BlankIndex {
  /** the dictionaries' texts; entry e's word is texts[src[e]] from start[e] */
  texts: string[]
  src: Uint8Array
  /** open addressing: slot → [key, first entry]; -1 when empty */
  keys: Int32Array
  heads: Int32Array
  mask: number
  next: Int32Array
  start: Int32Array
  len: Uint8Array
  pos: Uint8Array
  freq: Float64Array
}

/** the first entry of a chain, -1 when no word has that shape */
function headOf(ix: BlankIndex, key: number): number {
  for (let h = Math.imul(key, 0x9e3779b1) & ix.mask; ; h = (h + 1) & ix.mask) {
    const k = ix.keys[h]!
    if (k === -1) return -1
    if (k === key) return ix.heads[h]!
  }
}

/** Every frequent word of 2–4 characters, once per position left open (坐*, *落). */
function blankIndex(wf: WordFreq, minFreq: number): BlankIndex {
  const texts: string[] = []
  const srcs: number[] = []
  const starts: number[] = []
  const lens: number[] = []
  const freqs: number[] = []
  wf.forEachWord(minFreq, 4, (t, s, e, f) => {
    for (let k = s; k < e; k++) if (!isHan(t.charCodeAt(k))) return
    if (texts[texts.length - 1] !== t) texts.push(t)
    srcs.push(texts.length - 1)
    starts.push(s)
    lens.push(e - s)
    freqs.push(f)
  })
  let n = 0
  for (const L of lens) n += L
  let cap = 1
  while (cap < n * 2) cap <<= 1
  const ix: BlankIndex = {
    texts,
    src: new Uint8Array(n),
    keys: new Int32Array(cap).fill(-1),
    heads: new Int32Array(cap),
    mask: cap - 1,
    next: new Int32Array(n),
    start: new Int32Array(n),
    len: new Uint8Array(n),
    pos: new Uint8Array(n),
    freq: new Float64Array(n),
  }
  // inserted least frequent first: each chain (last in, first out) runs most frequent first;
  // one typed-array sort of frequency × 2^20 + word number
  const order = new Float64Array(starts.length)
  for (let w = 0; w < starts.length; w++) order[w] = Math.min(freqs[w]!, 2 ** 30) * 2 ** 20 + w
  order.sort()
  let e = 0
  for (const packed of order) {
    const w = packed % 2 ** 20
    const s = starts[w]!
    const L = lens[w]!
    const t = texts[srcs[w]!]!
    for (let p = 0; p < L; p++, e++) {
      const key = hashBlank(t, s, s + L, s + p)
      let h = Math.imul(key, 0x9e3779b1) & ix.mask
      while (ix.keys[h] !== -1 && ix.keys[h] !== key) h = (h + 1) & ix.mask
      ix.next[e] = ix.keys[h] === key ? ix.heads[h]! : -1
      ix.keys[h] = key
      ix.heads[h] = e
      ix.src[e] = srcs[w]!
      ix.start[e] = s
      ix.len[e] = L
      ix.pos[e] = p
      ix.freq[e] = freqs[w]!
    }
  }
  return ix
}
