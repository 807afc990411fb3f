import { BASE, buildAutomaton, CHECK, FAIL, OUT } from './automaton.js'
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

export interface Matcher {
  scan(text: string): MatchHit[]
  /** number of terms that can match (empty ones after normalisation are dropped) */
  readonly size: number
}

const SKIP = 0xffff

/**
 * Every occurrence of every term, overlapping and nested ones included, found in one pass over
 * normalised text (see char-table.ts); spans point into the original text. English terms match
 * whole words only: the characters around the span in the original must not be letters or digits.
 */
export function createMatcher(terms: ReadonlyArray<string | TermInput>, options: MatcherOptions = {}): Matcher {
  const norm = { ...ALL_NORMALISATIONS, ...options }
  const fold = foldTable(norm)
  const entries: TermInput[] = terms.map((t) => (typeof t === 'string' ? { term: t } : t))
  const classOf = new Uint16Array(65536)
  let alphabetSize = 0
  const patterns: Uint16Array[] = []
  const wordStart = new Uint8Array(entries.length)
  const wordEnd = new Uint8Array(entries.length)
  let size = 0
  entries.forEach((e, i) => {
    const n = normalise(e.term, fold, norm.collapseRepeats)
    const p = new Uint16Array(n.length)
    for (let j = 0; j < n.length; j++) {
      const f = n.charCodeAt(j)
      if (classOf[f] === 0) classOf[f] = ++alphabetSize
      p[j] = classOf[f]!
    }
    patterns.push(p)
    if (p.length > 0) size++
    const raw = [...e.term].filter((c) => fold[c.charCodeAt(0)] !== NOISE)
    wordStart[i] = raw.length > 0 && isWordChar(fold, raw[0]!.charCodeAt(0)) ? 1 : 0
    wordEnd[i] = raw.length > 0 && isWordChar(fold, raw[raw.length - 1]!.charCodeAt(0)) ? 1 : 0
  })
  if (alphabetSize >= SKIP) throw new Error(`too many distinct characters in the terms (${alphabetSize})`)
  const code = new Uint16Array(65536)
  for (let u = 0; u < 65536; u++) code[u] = fold[u] === NOISE ? SKIP : classOf[fold[u]!]!
  const ac = buildAutomaton(patterns, alphabetSize)
  const { cells, outNext, termAt, sameTermNext, depth } = ac
  let ringSize = 1
  while (ringSize < ac.maxDepth) ringSize <<= 1
  const mask = ringSize - 1
  const collapse = norm.collapseRepeats

  function scan(text: string): MatchHit[] {
    const hits: MatchHit[] = []
    // original positions of the last maxDepth characters fed to the automaton
    const ring = new Int32Array(ringSize)
    let fed = 0
    let s = 0
    let prev = -1
    for (let i = 0, n = text.length; i < n; i++) {
      const k = code[text.charCodeAt(i)]!
      if (k === SKIP) continue
      if (k === prev && collapse) continue
      prev = k
      if (k === 0) { s = 0; continue }
      ring[fed & mask] = i
      fed++
      for (;;) {
        if (s === 0) { s = cells[(k << 2) + CHECK] === 0 ? k : 0; break }
        const t = cells[(s << 2) + BASE]! + k
        if (cells[(t << 2) + CHECK] === s) { s = t; break }
        s = cells[(s << 2) + FAIL]!
      }
      for (let o = cells[(s << 2) + OUT]!; o !== 0; o = outNext[o]!) {
        const start = ring[(fed - depth[o]!) & mask]!
        for (let ti = termAt[o]!; ti >= 0; ti = sameTermNext[ti]!) emit(hits, text, ti, start, i + 1)
      }
    }
    return hits
  }

  function emit(hits: MatchHit[], text: string, ti: number, start: number, end: number): void {
    if (wordStart[ti] && start > 0 && isWordChar(fold, text.charCodeAt(start - 1))) return
    if (wordEnd[ti] && end < text.length && isWordChar(fold, text.charCodeAt(end))) return
    const e = entries[ti]!
    hits.push({
      term: e.term,
      category: e.category ?? options.defaultCategory ?? 'custom',
      severity: e.severity ?? options.defaultSeverity ?? 'block',
      list: e.list ?? options.defaultList ?? 'terms',
      ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
      start,
      end,
      text: text.slice(start, end),
      index: ti,
    })
  }

  return { scan, size }
}

/** A Latin letter or a digit in any width (not an ideograph numeral such as 一). */
function isWordChar(fold: Uint16Array, u: number): boolean {
  if (u >= 0x2e80) return u >= 0xff10 && u <= 0xff5a && isAsciiAlnum(fold[u]!)
  return isAsciiAlnum(fold[u]!)
}

function isAsciiAlnum(f: number): boolean {
  return (f >= 0x30 && f <= 0x39) || (f >= 0x41 && f <= 0x5a) || (f >= 0x61 && f <= 0x7a)
}
