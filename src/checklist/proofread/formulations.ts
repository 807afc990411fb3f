import { createMatcher, type Matcher } from '../matcher.js'
import type { Hit } from '../types.js'
import type { ContextEntry, FormulationFile, SequenceEntry } from './formulation-file.js'
import { finding, insideStandard } from './finding.js'
import { checkSequences } from './sequences.js'

interface Rule {
  kind: 'wrong' | 'outdated' | 'collocation' | 'prefix'
  text: string
  standard: string
  since?: string
  unlessNext: string[]
  unlessPrev: string[]
  source: string
  date: string
}

/** quotes, spaces and 、 inside a formulation do not change it */
const IGNORED = /[\s“”‘’"'「」『』《》〈〉、]/u
const strip = (s: string) => [...s].filter((c) => !IGNORED.test(c)).join('')
const MATCH = { noise: false, collapseRepeats: false, numbers: false } as const
const DIGIT = /^[0-9０-９一二三四五六七八九十〇零]/

export interface FormulationScanner {
  scan(text: string, day: string): Hit[]
}

/** Wrong, outdated, collocation and prefix rules as one matcher over the text without quotes and spaces. */
export function buildFormulationScanner(files: Array<{ file: string; table: FormulationFile }>): FormulationScanner {
  const rules: Rule[] = []
  const sequences: SequenceEntry[] = []
  const context: ContextEntry[] = []
  for (const { table } of files) {
    for (const e of table.wrong) rules.push({ kind: 'wrong', ...e })
    for (const e of table.outdated) rules.push({ kind: 'outdated', ...e })
    for (const c of table.collocations)
      for (const v of c.wrong)
        rules.push({
          kind: 'collocation',
          text: v + c.object,
          standard: c.verbs[0]! + c.object,
          unlessNext: [],
          unlessPrev: [],
          source: c.source,
          date: c.date,
        })
    for (const p of table.prefixes)
      for (const w of p.words)
        rules.push({ kind: 'prefix', text: p.prefix + w, standard: w, unlessNext: [], unlessPrev: [], source: p.source, date: p.date })
    sequences.push(...table.sequences)
    context.push(...table.context)
  }
  // the first file naming a form wins (an office's own file can be listed first)
  const seen = new Set<string>()
  const unique = rules.filter((r) => {
    const k = strip(r.text)
    return !seen.has(k) && seen.add(k)
  })
  const matcher = createMatcher(
    unique.map((r) => strip(r.text)),
    MATCH,
  )
  const contextMatcher: Matcher | undefined = context.length
    ? createMatcher(
        context.map((c) => c.text),
        MATCH,
      )
    : undefined

  function scan(text: string, day: string): Hit[] {
    // the text without ignored characters, and where each of its characters stands in the original
    const at: number[] = []
    let flat = ''
    for (let i = 0; i < text.length; i++) {
      if (IGNORED.test(text[i]!)) continue
      at.push(i)
      flat += text[i]
    }
    const hits: Hit[] = []
    const found = matcher.scan(flat)
    for (const m of found) {
      const r = unique[m.index]!
      if (found.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start)) continue
      if (r.since && day < r.since) continue
      const start = at[m.start]!
      const end = at[m.end - 1]! + 1
      const after = text.slice(end)
      const before = text.slice(0, start)
      if (r.unlessNext.some((w) => after.startsWith(w)) || r.unlessPrev.some((w) => before.endsWith(w))) continue
      if (r.kind === 'outdated' && /[原前]$/.test(before)) continue
      // a rule that only adds quotes (十四五规划 → “十四五”规划) is met by any quotes around the name
      const quotesOnly = strip(r.standard) === strip(r.text)
      if (quotesOnly ? /[“”"「」『』]/.test(text.slice(start, end + 1)) : insideStandard(flat, m.start, m.end, strip(r.standard))) continue
      const label = { wrong: '规范提法', outdated: '过时提法', collocation: '搭配不当', prefix: '多余前缀' }[r.kind]
      const why =
        r.kind === 'outdated' ? `自 ${r.since} 起应为“${r.standard}”` : r.kind === 'collocation' ? `规范搭配为“${r.standard}”` : `应为“${r.standard}”`
      hits.push(
        finding(
          'formulation',
          r.kind,
          text,
          start,
          end,
          r.standard,
          `【${label}】“${text.slice(start, end)}”${why}（依据：${r.source}，${r.date}；提法规则，确定）`,
          r.source,
        ),
      )
    }
    hits.push(...checkSequences(text, sequences))
    if (contextMatcher) hits.push(...contextTypos(text, contextMatcher, context))
    return hits
  }
  return { scan }
}

/** 截止目前: a word that is right elsewhere and wrong before or after these cues */
function contextTypos(text: string, m: Matcher, entries: ContextEntry[]): Hit[] {
  const out: Hit[] = []
  for (const h of m.scan(text)) {
    const e = entries[h.index]!
    const after = text.slice(h.end)
    const before = text.slice(0, h.start)
    const cue = (w: string, s: string, atEnd: boolean) =>
      w === '#数字' ? DIGIT.test(atEnd ? s.slice(-1) : s) : atEnd ? s.endsWith(w) : s.startsWith(w)
    if (!e.next.some((w) => cue(w, after, false)) && !e.prev.some((w) => cue(w, before, true))) continue
    out.push(
      finding(
        'typo',
        'context',
        text,
        h.start,
        h.end,
        e.standard,
        `【错别字】此处“${h.text}”应为“${e.standard}”（依据：${e.source}，${e.date}）`,
        e.source,
      ),
    )
  }
  return out
}
