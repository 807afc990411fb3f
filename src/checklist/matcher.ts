import { Buffer } from 'node:buffer'
import { endianness } from 'node:os'
import { buildAutomaton } from './automaton.js'
import { ALL_NORMALISATIONS, foldTable, normalise, NOISE, type NormaliseOptions } from './char-table.js'
import type { Severity } from './types.js'

export interface TermInput {
  term: string
  category?: string
  severity?: Severity
  list?: string
  suggestion?: string
}

export interface MatchHit {
  term: string
  category: string
  severity: Severity
  list: string
  suggestion?: string
  /** span in the original text, [start, end) in UTF-16 code units */
  start: number
  end: number
  /** the original text of the span, evasions and all */
  text: string
  /** the term's position in the array given to createMatcher */
  index: number
}

export interface MatcherOptions extends NormaliseOptions {
  /** for terms given as plain strings, or objects without these fields */
  defaultCategory?: string
  defaultSeverity?: Severity
  defaultList?: string
}

/**
 * Hits as typed arrays, in the order scan() reports them: hit i is term[i] (the term's position in
 * the array given to createMatcher) at [start[i], end[i]) in the original text. No object is built
 * per hit, which is what keeps dense text (a hit every few characters) fast.
 */
export interface MatchSpans {
  count: number
  start: Int32Array
  end: Int32Array
  term: Int32Array
}

export interface Matcher {
  scan(text: string): MatchHit[]
  /** the same hits as scan(), without building an object per hit */
  spans(text: string): MatchSpans
  /** the number of hits scan() would return */
  count(text: string): number
  /** hit i of spans(text) as scan() would report it */
  hit(text: string, spans: MatchSpans, i: number): MatchHit
  /** number of terms that can match (empty ones after normalisation are dropped) */
  readonly size: number
}

// Codes above every class, so one comparison sends them all off the common path: noise skipped
// between term characters, a line break (noise, but two of them in one noise run end a paragraph),
// a paragraph separator, and a character in no term. A term never spans a paragraph break; one
// line break stays noise, so text written one character a line is still caught.
const SKIP = 0xffff
const LINE = 0xfffe
const PARA = 0xfffd
const OTHER = 0xfffc
/** a Uint16Array over a 'utf16le' Buffer holds the code units in order (every platform Node runs on today) */
const LITTLE_ENDIAN = endianness() === 'LE'
const WORD_START = 1
const WORD_END = 2
/** the term has a doubled character (个个): the text must repeat it as often, see runEnd */
const RUNS = 4
/** with RUNS, the term's first character is the doubled one: most occurrences fail at the next unit */
const RUN_FIRST = 8

interface TermMeta {
  term: string
  category: string
  severity: Severity
  list: string
  suggestion: string | undefined
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}

/**
 * Every occurrence of every term, overlapping and nested ones included, found in one pass over
 * normalised text (see char-table.ts); spans point into the original text. English terms match
 * whole words only: the characters around the span in the original must not be letters or digits.
 * Repeats fold (法法轮轮功 is 法轮功), but a term's own doubled character must be doubled in the
 * text too: 个个 does not match every 个.
 */
export function createMatcher(terms: ReadonlyArray<string | TermInput>, options: MatcherOptions = {}): Matcher {
  const norm = { ...ALL_NORMALISATIONS, ...options }
  const fold = foldTable(norm)
  const collapse = norm.collapseRepeats
  const entries: TermInput[] = terms.map((t) => (typeof t === 'string' ? { term: t } : t))
  const classOf = new Uint16Array(65536)
  let alphabetSize = 0
  const patterns: Uint16Array[] = []
  /** per term with RUNS: how many times the text must repeat each pattern character */
  const runs: Array<Uint8Array | undefined> = []
  const flags = new Uint8Array(entries.length)
  const meta: TermMeta[] = entries.map((e) => ({
    term: e.term,
    category: e.category ?? options.defaultCategory ?? 'custom',
    severity: e.severity ?? options.defaultSeverity ?? 'block',
    list: e.list ?? options.defaultList ?? 'terms',
    suggestion: e.suggestion,
  }))
  // Every term's UTF-16 code units end to end, term i at [unitsAt[i], unitsAt[i + 1]), to tell a
  // span written exactly as the term: one array rather than one per term keeps the check to one
  // cache miss a hit on dense text.
  const unitsAt = new Int32Array(entries.length + 1)
  entries.forEach((e, i) => {
    unitsAt[i + 1] = unitsAt[i]! + e.term.length
  })
  const termUnits = new Uint16Array(unitsAt[entries.length]!)
  entries.forEach((e, i) => {
    for (let j = 0; j < e.term.length; j++) termUnits[unitsAt[i]! + j] = e.term.charCodeAt(j)
  })
  let size = 0
  entries.forEach((e, i) => {
    const n = normalise(e.term, fold, collapse)
    const p = new Uint16Array(n.length)
    for (let j = 0; j < n.length; j++) {
      const f = n.charCodeAt(j)
      if (classOf[f] === 0) classOf[f] = ++alphabetSize
      p[j] = classOf[f]!
    }
    patterns.push(p)
    if (p.length > 0) size++
    const raw = [...e.term].filter((c) => fold[c.charCodeAt(0)] !== NOISE)
    if (raw.length > 0 && isWordChar(fold, raw[0]!.charCodeAt(0))) flags[i]! |= WORD_START
    if (raw.length > 0 && isWordChar(fold, raw[raw.length - 1]!.charCodeAt(0))) flags[i]! |= WORD_END
    const r = collapse ? repeatsOf(e.term, fold, p.length) : undefined
    runs.push(r)
    if (r) flags[i]! |= r[0]! > 1 ? RUNS | RUN_FIRST : RUNS
  })
  if (alphabetSize >= OTHER) throw new Error(`too many distinct characters in the terms (${alphabetSize})`)
  const code = new Uint16Array(65536)
  for (let u = 0; u < 65536; u++) code[u] = fold[u] === NOISE ? SKIP : classOf[fold[u]!]! || OTHER
  if (norm.noise) {
    code[0x0a] = LINE
    code[0x2028] = LINE
    code[0x2029] = PARA
  }
  // hits of terms with flags (whole word, doubled character) get a check of their own
  const { cells, outputs, maxDepth } = buildAutomaton(patterns, alphabetSize, flags)
  const scanner = new Scanner(code, cells, outputs, flags, fold, patterns, runs, collapse, maxDepth)

  function hit(text: string, spans: MatchSpans, i: number): MatchHit {
    const start = spans.start[i]!
    const end = spans.end[i]!
    const ti = spans.term[i]!
    const { term } = meta[ti]!
    return build(text, start, end, ti, end - start === term.length && text.startsWith(term, start))
  }

  /** asWritten: the span is the term as written, so the hit shares the term's string rather than a copy */
  function build(text: string, start: number, end: number, ti: number, asWritten: boolean): MatchHit {
    const m = meta[ti]!
    const t = asWritten ? m.term : text.slice(start, end)
    return m.suggestion === undefined
      ? { term: m.term, category: m.category, severity: m.severity, list: m.list, start, end, text: t, index: ti }
      : { term: m.term, category: m.category, severity: m.severity, list: m.list, suggestion: m.suggestion, start, end, text: t, index: ti }
  }

  function spans(text: string): MatchSpans {
    const count = scanner.collect(text)
    return { count, start: scanner.start.slice(0, count), end: scanner.end.slice(0, count), term: scanner.term.slice(0, count) }
  }

  function scan(text: string): MatchHit[] {
    const count = scanner.collect(text)
    const hits = new Array<MatchHit>(count)
    const { start, end, term } = scanner
    for (let i = 0; i < count; i++) {
      const ti = term[i]!
      hits[i] = build(text, start[i]!, end[i]!, ti, scanner.spells(start[i]!, end[i]!, termUnits, unitsAt[ti]!, unitsAt[ti + 1]!))
    }
    return hits
  }

  return { scan, spans, count: (text) => scanner.collect(text), hit, size }
}

/**
 * The tables of one matcher and the loop that runs them. The loop is a method, one function shared
 * by every matcher in the process, reading the tables from an object of one fixed shape: as a
 * closure per matcher it was optimised for the first matcher's tables and ran two to three times
 * slower once a process had built a second matcher.
 */
class Scanner {
  /** hits of the last collect(): term[i] at [start[i], end[i]) in the original text; reused, grown by doubling */
  start: Int32Array = new Int32Array(256)
  end: Int32Array = new Int32Array(256)
  term: Int32Array = new Int32Array(256)
  /** original positions of the last characters fed to the automaton, as many as the longest term */
  private readonly ring: Int32Array
  private readonly mask: number
  /** the text's UTF-16 code units, copied in by unitsOf(); reused, grown by doubling */
  private bytes: Buffer = Buffer.alloc(0)
  private units: Uint16Array = new Uint16Array(0)

  constructor(
    private readonly code: Uint16Array,
    private readonly cells: Int32Array,
    private readonly outputs: Int32Array,
    private readonly flags: Uint8Array,
    private readonly fold: Uint16Array,
    private readonly patterns: Uint16Array[],
    private readonly runs: Array<Uint8Array | undefined>,
    private readonly collapse: boolean,
    maxDepth: number,
  ) {
    let ringSize = 1
    while (ringSize < maxDepth) ringSize <<= 1
    this.ring = new Int32Array(ringSize)
    this.mask = ringSize - 1
  }

  /**
   * Runs the automaton over text and writes every hit into start, end and term; returns how many.
   * Everything the loop touches is a local: on dense text a third of all characters end a hit.
   */
  collect(text: string): number {
    const { code, cells, outputs, flags, fold, ring, mask, collapse } = this
    const units = this.unitsOf(text)
    let hs = this.start
    let he = this.end
    let ht = this.term
    let count = 0
    let fed = 0
    let s = 0
    let prev = -1
    let lines = 0
    for (let i = 0, n = units.length; i < n; i++) {
      const k = code[units[i]!]!
      if (k >= OTHER) {
        if (k === SKIP || (k === LINE && ++lines < 2)) continue
        if (k === OTHER) lines = 0
        s = 0
        prev = -1
        continue
      }
      lines = 0
      if (k === prev && collapse) continue
      prev = k
      ring[fed & mask] = i
      fed++
      // Cell fields by offset: 0 base, 1 check, 2 fail, 3 outputs (automaton.ts). Literals, not
      // the imported BASE … OUT, which are read through the module on every access: 1.5× slower
      // compiled by tsc, 4–6× when tsx loads this file as CommonJS (each is then a getter call).
      // The root is cell 0 with base 0, so its children are cells 1..alphabetSize; it has no fail.
      for (;;) {
        const t = cells[s << 2]! + k
        if (cells[(t << 2) + 1] === s) {
          s = t
          break
        }
        if (s === 0) break
        s = cells[(s << 2) + 2]!
        // Most failures on prose fall back to the root: its row is direct and full (cell k is its
        // child by k, see automaton.ts), so step there at once, with no check.
        if (s === 0) {
          s = k
          break
        }
      }
      const first = cells[(s << 2) + 3]!
      if (first === 0) continue
      for (let o = first; ; o += 2) {
        const ti = outputs[o]!
        if (ti < 0) break
        const d = outputs[o + 1]!
        let start: number
        let end = i + 1
        if (d > 0) start = ring[(fed - d) & mask]!
        else {
          start = ring[(fed + d) & mask]!
          const f = flags[ti]!
          if (f & RUNS) {
            // 人人 collapses to 人 and fires on every 人: turn most away without a call
            if (f & RUN_FIRST && start + 1 < n) {
              const next = code[units[start + 1]!]!
              if (next < OTHER && next !== code[units[start]!]) continue
            }
            if ((end = this.runEnd(units, ti, start)) < 0) continue
          }
          if (f & WORD_START && start > 0 && isWordChar(fold, units[start - 1]!)) continue
          if (f & WORD_END && end < n && isWordChar(fold, units[end]!)) continue
        }
        if (count === hs.length) {
          hs = this.start = grown(hs)
          he = this.end = grown(he)
          ht = this.term = grown(ht)
        }
        hs[count] = start
        he[count] = end
        ht[count++] = ti
      }
    }
    return count
  }

  /** whether the last text collected holds exactly the code units units[from, to) at [start, end) */
  spells(start: number, end: number, units: Uint16Array, from: number, to: number): boolean {
    if (end - start !== to - from) return false
    const u = this.units
    for (let j = from, i = start; j < to; j++, i++) if (u[i] !== units[j]) return false
    return true
  }

  /**
   * The text as a Uint16Array, copied natively. The loop reads it instead of calling charCodeAt:
   * once any module in the process declares `class … extends String` (ioredis does, so the bot's
   * own entry point loads one), String.prototype turns to dictionary mode, charCodeAt is no longer
   * inlined and the scan ran at half speed. The copy costs about 0.2 ms per MiB.
   */
  private unitsOf(text: string): Uint16Array {
    if (this.units.length < text.length) {
      this.bytes = Buffer.allocUnsafeSlow(Math.max(2 * text.length, 2 * this.units.length, 1024))
      this.units = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >> 1)
    }
    if (LITTLE_ENDIAN) this.bytes.write(text, 0, 'utf16le')
    else for (let i = 0; i < text.length; i++) this.units[i] = text.charCodeAt(i)
    // exactly as long as the text, so the loop's bound is the array's and needs no other check
    return this.units.subarray(0, text.length)
  }

  /**
   * The end of term ti's occurrence from start when the text repeats each of its characters at
   * least as often as the term does, else -1. Noise and single line breaks may sit inside a run.
   */
  private runEnd(units: Uint16Array, ti: number, start: number): number {
    const { code } = this
    const p = this.patterns[ti]!
    const want = this.runs[ti]!
    const last = p.length - 1
    let i = start
    let end = -1
    let lines = 0
    for (let j = 0; j <= last; j++) {
      let got = 0
      for (; i < units.length; i++) {
        const k = code[units[i]!]!
        if (k >= OTHER) {
          if (k === SKIP || (k === LINE && ++lines < 2)) continue
          break
        }
        if (k !== p[j]) break
        lines = 0
        end = i + 1
        if (++got === want[j] && j === last) break
      }
      if (got < want[j]!) return -1
    }
    return end
  }
}

/**
 * How many times each character of the normalised term repeats in the term itself (个个: [2]),
 * or undefined when none does, so that only such terms pay for the check.
 */
function repeatsOf(term: string, fold: Uint16Array, length: number): Uint8Array | undefined {
  const want = new Uint8Array(length)
  let j = -1
  let prev = -1
  let doubled = false
  for (let i = 0; i < term.length; i++) {
    const f = fold[term.charCodeAt(i)]!
    if (f === NOISE) continue
    if (f === prev) {
      if (want[j]! < 255) want[j]!++
      doubled = true
      continue
    }
    prev = f
    want[++j] = 1
  }
  return doubled ? want : undefined
}

/** A Latin letter or a digit in any width (not an ideograph numeral such as 一). */
function isWordChar(fold: Uint16Array, u: number): boolean {
  if (u >= 0x2e80) return u >= 0xff10 && u <= 0xff5a && isAsciiAlnum(fold[u]!)
  return isAsciiAlnum(fold[u]!)
}

function isAsciiAlnum(f: number): boolean {
  return (f >= 0x30 && f <= 0x39) || (f >= 0x41 && f <= 0x5a) || (f >= 0x61 && f <= 0x7a)
}
