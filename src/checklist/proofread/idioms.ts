import type { Hit } from '../types.js'
import { soundsAlike } from './sound.js'

/**
 * Misspelt idioms the typo table does not list: a four-character run that is not an idiom but
 * differs from one in a single character of the same sound (声名雀起 for 声名鹊起). Each idiom is
 * indexed four times, once per position left open, so a window costs four map look-ups. Runs
 * overlapping a correctly written idiom are left alone.
 */
export interface IdiomChecker {
  scan(text: string): Hit[]
}

const isHan = (u: number) => u >= 0x4e00 && u <= 0x9fff

export function buildIdiomChecker(idioms: readonly string[], source: string): IdiomChecker {
  const known = new Set(idioms.filter((w) => w.length === 4))
  const open = new Map<string, string[]>()
  for (const w of known) {
    for (let p = 0; p < 4; p++) {
      const k = `${w.slice(0, p)}*${w.slice(p + 1)}`
      const list = open.get(k)
      if (list) list.push(w)
      else open.set(k, [w])
    }
  }

  function scan(text: string): Hit[] {
    if (known.size === 0) return []
    const hits: Hit[] = []
    const inIdiom = new Uint8Array(text.length)
    for (let i = 0; i + 4 <= text.length; i++) if (known.has(text.slice(i, i + 4))) inIdiom.fill(1, i, i + 4)
    for (let i = 0; i + 4 <= text.length; i++) {
      let ok = true
      for (let k = i; k < i + 4; k++) if (inIdiom[k] || !isHan(text.charCodeAt(k))) ok = false
      if (!ok) continue
      const w = text.slice(i, i + 4)
      for (let p = 0; p < 4; p++) {
        const right = open.get(`${w.slice(0, p)}*${w.slice(p + 1)}`)?.find((c) => soundsAlike(w[p]!, c[p]!) === 'same')
        if (!right) continue
        hits.push({
          term: w,
          category: 'typo',
          list: 'idiom',
          severity: 'review',
          start: i,
          end: i + 4,
          text: w,
          suggestion: right,
          reason: `【错别字】“${w}”疑为成语“${right}”之误（依据：成语表，与成语只差一个同音字；较有把握）`,
          confidence: 0.9,
          source: 'rules',
          ruleSource: source,
        })
        break
      }
    }
    return hits
  }
  return { scan }
}
