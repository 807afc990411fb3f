import type { ChecklistCategory } from '../config/checklist-schema.js'
import type { LexiconFile, LexiconTerm } from './lexicon-format.js'
import { createMatcher } from './matcher.js'
import type { Hit } from './types.js'

const SEVERITY_WORD = { block: '禁止发布', review: '需人工复核', suggest: '建议修改' } as const

export interface LexiconScanner {
  scan(text: string): Hit[]
  /** categories named by the lexicons that the configuration does not know (they count as enabled) */
  unknownCategories: string[]
}

/**
 * The lexicons as one matcher. Allow-list words go into the same automaton; a term hit lying
 * inside an allowed word's span is dropped (三黄片 keeps 黄片 from firing). Terms of switched-off
 * categories are left out at build time.
 */
export function buildLexiconScanner(files: LexiconFile[], categories: Record<string, ChecklistCategory>): LexiconScanner {
  const terms: LexiconTerm[] = files.flatMap((f) => f.terms).filter((t) => categories[t.category]?.enabled !== false)
  const allow = files.flatMap((f) => f.allow.map((term) => ({ term, list: f.list })))
  const unknownCategories = [...new Set(terms.map((t) => t.category).filter((c) => !(c in categories)))]
  const matcher = createMatcher([...terms, ...allow])
  const isAllow = (index: number) => index >= terms.length

  function scan(text: string): Hit[] {
    // Filter on the typed arrays; objects only for the hits reported.
    const found = matcher.spans(text)
    const allowed: Array<[number, number]> = []
    for (let i = 0; i < found.count; i++) if (isAllow(found.term[i]!)) allowed.push([found.start[i]!, found.end[i]!])
    const hits: Hit[] = []
    for (let i = 0; i < found.count; i++) {
      const start = found.start[i]!
      const end = found.end[i]!
      if (isAllow(found.term[i]!) || allowed.some(([s, e]) => s <= start && end <= e)) continue
      const h = matcher.hit(text, found, i)
      const name = categories[h.category]?.name ?? h.category
      const advice = h.suggestion ? `，建议改为“${h.suggestion}”` : ''
      hits.push({
        term: h.term,
        category: h.category,
        list: h.list,
        severity: h.severity,
        start,
        end,
        text: h.text,
        ...(h.suggestion ? { suggestion: h.suggestion } : {}),
        reason: `【${name}】命中“${h.term}”：${SEVERITY_WORD[h.severity]}${advice}`,
        source: 'rules',
      })
    }
    return hits.sort((a, b) => a.start - b.start || b.end - a.end)
  }
  return { scan, unknownCategories }
}
