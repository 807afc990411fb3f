import type { LexiconFile } from '../lexicon-format.js'
import { createMatcher } from '../matcher.js'
import type { Hit } from '../types.js'
import { insideStandard } from './finding.js'

interface Rule {
  wrong: string
  right: string
  source: string
}

export interface TableScanner {
  scan(text: string): Hit[]
  readonly size: number
}

/**
 * The typo tables as one matcher, exact characters only (no skipping of punctuation, so a
 * two-character typo cannot match across a comma). A hit inside the right form itself is no error.
 */
export function buildTableScanner(typos: LexiconFile[]): TableScanner {
  const rules: Rule[] = typos.flatMap((f) =>
    f.terms.filter((t) => t.suggestion).map((t): Rule => ({ wrong: t.term, right: t.suggestion!, source: `${f.list}.txt` })),
  )
  // the first table naming a wrong form wins (an organisation's own file can be listed first)
  const seen = new Set<string>()
  const unique = rules.filter((r) => !seen.has(r.wrong) && seen.add(r.wrong))
  const matcher = createMatcher(
    unique.map((r) => r.wrong),
    { noise: false, collapseRepeats: false, numbers: false },
  )

  function scan(text: string): Hit[] {
    const hits: Hit[] = []
    const found = matcher.scan(text)
    for (const m of found) {
      const r = unique[m.index]!
      // 卫生计生委 inside 国家卫生计生委 is the same finding
      if (found.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start)) continue
      if (insideStandard(text, m.start, m.end, r.right)) continue
      const reason = `【错别字】“${m.text}”应为“${r.right}”（依据：错别字表 ${r.source}；表中规则，确定）`
      hits.push({
        term: r.wrong,
        category: 'typo',
        list: 'typo',
        severity: 'review',
        start: m.start,
        end: m.end,
        text: m.text,
        suggestion: r.right,
        reason,
        source: 'rules',
        ruleSource: r.source,
        confidence: 1,
      })
    }
    return hits
  }
  return { scan, size: unique.length }
}
