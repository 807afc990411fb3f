import { z } from 'zod'
import type { LexiconFile } from '../lexicon-format.js'
import { createMatcher } from '../matcher.js'
import type { Hit } from '../types.js'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
const entry = z
  .object({
    text: z.string().min(2),
    standard: z.string().min(1),
    /** the style guide or document the rule comes from; defaults to the file's `source` */
    source: z.string().min(1).optional(),
  })
  .strict()

/** A formulation table (config/proofread/*.yaml): wrong forms, and forms outdated since a date. */
export const formulationFileSchema = z.object({
  source: z.string().min(1).optional(),
  wrong: z.array(entry).default([]),
  outdated: z.array(entry.extend({ since: day })).default([]),
})
export type FormulationFile = z.output<typeof formulationFileSchema>

interface Rule {
  kind: 'formulation' | 'outdated' | 'typo'
  wrong: string
  right: string
  since?: string
  source: string
}

export interface TableScanner {
  scan(text: string, day: string): Hit[]
  readonly size: number
}

/**
 * Formulations and typos as one matcher, exact characters only (no skipping of punctuation, so a
 * two-character typo cannot match across a comma). A hit inside the standard form itself is no
 * error (新时代中国特色社会主义思想 inside 习近平新时代中国特色社会主义思想), nor is an outdated name
 * marked as former (原国家卫生计生委).
 */
export function buildTableScanner(formulations: Array<{ file: string; table: FormulationFile }>, typos: LexiconFile[]): TableScanner {
  const rules: Rule[] = [
    ...formulations.flatMap(({ file, table }) => [
      ...table.wrong.map((e): Rule => ({ kind: 'formulation', wrong: e.text, right: e.standard, source: e.source ?? table.source ?? file })),
      ...table.outdated.map(
        (e): Rule => ({ kind: 'outdated', wrong: e.text, right: e.standard, since: e.since, source: e.source ?? table.source ?? file }),
      ),
    ]),
    ...typos.flatMap((f) =>
      f.terms.filter((t) => t.suggestion).map((t): Rule => ({ kind: 'typo', wrong: t.term, right: t.suggestion!, source: `${f.list}.txt` })),
    ),
  ]
  // the first table naming a wrong form wins (an organisation's own file can be listed first)
  const seen = new Set<string>()
  const unique = rules.filter((r) => !seen.has(r.wrong) && seen.add(r.wrong))
  const matcher = createMatcher(
    unique.map((r) => r.wrong),
    { noise: false, collapseRepeats: false, numbers: false },
  )

  function scan(text: string, today: string): Hit[] {
    const hits: Hit[] = []
    const found = matcher.scan(text)
    for (const m of found) {
      const r = unique[m.index]!
      // 卫生计生委 inside 国家卫生计生委 is the same finding
      if (found.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start)) continue
      if (r.since && today < r.since) continue
      if (r.kind === 'outdated' && /[原前]$/.test(text.slice(Math.max(0, m.start - 1), m.start))) continue
      if (insideStandard(text, m.start, m.end, r.right)) continue
      const reason =
        r.kind === 'typo'
          ? `【错别字】“${m.text}”应为“${r.right}”`
          : r.kind === 'outdated'
            ? `【过时提法】“${m.text}”自 ${r.since} 起应为“${r.right}”`
            : `【规范提法】“${m.text}”应为“${r.right}”`
      hits.push({
        term: r.wrong,
        category: r.kind === 'typo' ? 'typo' : 'formulation',
        list: r.kind,
        severity: 'review',
        start: m.start,
        end: m.end,
        text: m.text,
        suggestion: r.right,
        reason,
        source: 'rules',
        ruleSource: r.source,
      })
    }
    return hits
  }
  return { scan, size: unique.length }
}

function insideStandard(text: string, start: number, end: number, standard: string): boolean {
  for (let at = text.indexOf(standard, Math.max(0, end - standard.length)); at >= 0 && at <= start; at = text.indexOf(standard, at + 1)) {
    if (at + standard.length >= end) return true
  }
  return false
}
