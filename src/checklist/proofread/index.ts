import { statSync } from 'node:fs'
import type { ChecklistConfig } from '../../config/checklist-schema.js'
import type { Hit } from '../types.js'
import { readFormulations, readRosters, readTypos, readWordList, resolveDataFile } from './files.js'
import { buildIdiomChecker } from './idioms.js'
import { buildRosterChecker, type RosterChecker } from './roster.js'
import { warmUp } from './sound.js'
import { buildTableScanner, type TableScanner } from './tables.js'

export interface Proofreader {
  /** 三校 findings for the body and the title, read against the draft's date (ms) */
  scan(text: string, title: string | undefined, at: number): { hits: Hit[]; notes: string[] }
}

const CHINA_OFFSET_MS = 8 * 3600_000

/**
 * The typo table has tens of thousands of pairs (≈0.3 s to parse and build): checkers built from
 * the same unchanged files share one scanner; a reload after an edit rebuilds it.
 */
let tableCache: { key: string; scanner: TableScanner } | undefined
function cachedTables(formulations: readonly string[], typos: readonly string[]): TableScanner {
  const stamp = (p: string) => {
    const f = resolveDataFile(p)
    const s = statSync(f)
    return `${f}:${s.mtimeMs}:${s.size}`
  }
  const key = [...formulations.map(stamp), '|', ...typos.map(stamp)].join('\n')
  if (tableCache?.key !== key) tableCache = { key, scanner: buildTableScanner(readFormulations(formulations), readTypos(typos)) }
  return tableCache.scanner
}

/** The roster checks and the formulation and typo tables; reads its files once (and on reload). */
export function buildProofreader(cl: ChecklistConfig): Proofreader {
  const on = (c: string) => cl.categories[c]?.enabled !== false
  const roster: RosterChecker = buildRosterChecker(on('roster') ? readRosters(cl.roster) : [])
  const idioms = buildIdiomChecker(on('typo') ? readWordList(cl.proofread.idioms) : [], cl.proofread.idioms.join('、'))
  if ((on('roster') && cl.roster.length) || on('typo')) warmUp()
  const tables = cachedTables(on('formulation') ? cl.proofread.formulations : [], on('typo') ? cl.proofread.typos : [])
  const max = cl.proofread.maxChars

  function scan(text: string, title: string | undefined, at: number) {
    const day = new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10)
    const notes = text.length > max ? [`正文超过 ${max} 字，三校（人名职务、提法、错别字）只检查了前 ${max} 字`] : []
    const body = text.length > max ? text.slice(0, max) : text
    const one = (s: string) => {
      const listed = tables.scan(s, day)
      const guessed = idioms.scan(s).filter((g) => !listed.some((h) => h.start < g.end && h.end > g.start))
      return [...roster.scan(s, day), ...listed, ...guessed]
    }
    const hits = [...(title ? one(title).map((h): Hit => ({ ...h, field: 'title' })) : []), ...one(body)]
    return { hits, notes }
  }
  return { scan }
}
