import { statSync } from 'node:fs'
import type { ChecklistConfig } from '../../config/checklist-schema.js'
import type { Hit } from '../types.js'
import { readFormulations, readRosters, readTypos, readWordList, resolveDataFile } from './files.js'
import { buildFormulationScanner, type FormulationScanner } from './formulations.js'
import { buildIdiomChecker } from './idioms.js'
import { buildRosterChecker, type RosterChecker } from './roster.js'
import { warmUp } from './sound.js'
import { createStatisticalDetector, type SpellDetector, type SpellFinding } from './spell.js'
import { buildTableScanner, type TableScanner } from './tables.js'
import { jiebaWordFreq, withWords } from './word-freq.js'

export interface Proofreader {
  /** 三校 findings for the body and the title, read against the draft's date (ms) */
  scan(text: string, title: string | undefined, at: number): { hits: Hit[]; notes: string[] }
}

const CHINA_OFFSET_MS = 8 * 3600_000

/**
 * The typo table has tens of thousands of pairs (≈0.3 s to parse and build) and the misspelling
 * detector indexes jieba's dictionary (≈0.5 s): checkers built from the same unchanged files share
 * them; a reload after an edit rebuilds what changed.
 */
const stamp = (p: string) => {
  const f = resolveDataFile(p)
  const s = statSync(f)
  return `${f}:${s.mtimeMs}:${s.size}`
}
function cached<T>(slot: { key?: string; value?: T }, paths: readonly string[], build: () => T): T {
  const key = paths.map(stamp).join('\n')
  if (slot.key !== key || slot.value === undefined) Object.assign(slot, { key, value: build() })
  return slot.value as T
}
const tableSlot: { key?: string; value?: TableScanner } = {}
const formulationSlot: { key?: string; value?: FormulationScanner } = {}
const spellSlot: { key?: string; value?: SpellDetector } = {}

function spellDetector(words: readonly string[]): SpellDetector {
  return cached(spellSlot, words, () => {
    const extra = readWordList(words)
    return createStatisticalDetector({}, extra.length ? withWords(jiebaWordFreq(), extra) : jiebaWordFreq())
  })
}

/** The roster checks and the formulation and typo tables; reads its files once (and on reload). */
export function buildProofreader(cl: ChecklistConfig): Proofreader {
  const on = (c: string) => cl.categories[c]?.enabled !== false
  const roster: RosterChecker = buildRosterChecker(on('roster') ? readRosters(cl.roster) : [])
  const idioms = buildIdiomChecker(on('typo') ? readWordList(cl.proofread.idioms) : [], cl.proofread.idioms.join('、'))
  if ((on('roster') && cl.roster.length) || on('typo')) warmUp()
  const typos = on('typo') ? cl.proofread.typos : []
  const tables = cached(tableSlot, typos, () => buildTableScanner(readTypos(typos)))
  const forms = on('formulation') ? cl.proofread.formulations : []
  const formulations = cached(formulationSlot, forms, () => buildFormulationScanner(readFormulations(forms)))
  const spell = on('typo') && cl.proofread.spell === 'statistical' ? spellDetector(cl.proofread.words) : undefined
  const max = cl.proofread.maxChars

  function scan(text: string, title: string | undefined, at: number) {
    const day = new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10)
    const notes = text.length > max ? [`正文超过 ${max} 字，三校（人名职务、提法、错别字）只检查了前 ${max} 字`] : []
    const body = text.length > max ? text.slice(0, max) : text
    const one = (s: string) => {
      const people = roster.scan(s, day)
      const listed = [...formulations.scan(s, day), ...tables.scan(s)]
      const free = (g: { start: number; end: number }) => !listed.some((h) => h.start < g.end && h.end > g.start)
      const guessed = idioms.scan(s).filter(free)
      // names are no words: a roster name (or a near miss of one) is never "corrected" to a word
      const names = [...roster.names(s), ...people]
      const spelt = (spell?.detect(s) ?? [])
        .filter((f) => free(f) && !guessed.some((g) => g.start < f.end && g.end > f.start) && !names.some((n) => n.start < f.end && n.end > f.start))
        .map((f) => spellHit(f, spell!.name))
      return [...people, ...listed, ...guessed, ...spelt]
    }
    const hits = [...(title ? one(title).map((h): Hit => ({ ...h, field: 'title' })) : []), ...one(body)]
    return { hits, notes }
  }
  return { scan }
}

const KIND = { sound: '同音字', 'near-sound': '近音字', shape: '形近字' } as const

function spellHit(f: SpellFinding, detector: string): Hit {
  const sure = f.score >= 0.8 ? '较有把握' : f.score >= 0.5 ? '可能' : '把握不大'
  return {
    term: f.text,
    category: 'typo',
    list: 'spell',
    severity: 'review',
    start: f.start,
    end: f.end,
    text: f.text,
    suggestion: f.suggestion,
    reason: `【错别字·${KIND[f.kind]}】“${f.text}”疑为“${f.suggestion}”（${sure}，${Math.round(f.score * 100)}%；依据：jieba 词频与${f.kind === 'shape' ? '字形分解' : '拼音'}数据）`,
    source: 'rules',
    ruleSource: `spell:${detector}`,
    confidence: Math.round(f.score * 100) / 100,
  }
}
