import type { Severity } from './types.js'

/**
 * The lexicon file format: one term a line, `#` starts a comment.
 *
 *     term[ -> suggestion][ | category][ | severity]
 *
 * A field after `|` that is block, review or suggest is the severity, anything else the category.
 * The category defaults to the file's name (rumour.txt → rumour), the severity to review.
 * Files whose name starts with `allow` are allow lists: one word a line, no fields.
 */
export interface LexiconTerm {
  term: string
  category: string
  severity: Severity
  list: string
  suggestion?: string
}

export interface LexiconFile {
  /** the file name without .txt */
  list: string
  kind: 'terms' | 'allow'
  terms: LexiconTerm[]
  allow: string[]
}

const SEVERITIES = new Set<string>(['block', 'review', 'suggest'])
const CATEGORY = /^[a-z][a-z0-9-]*$/

export class LexiconError extends Error {
  override name = 'LexiconError'
}

export function parseLexicon(fileName: string, text: string): LexiconFile {
  const list = fileName.replace(/\.txt$/, '')
  const kind = list.startsWith('allow') ? 'allow' : 'terms'
  const terms: LexiconTerm[] = []
  const allow: string[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s#.*$/, '').trim()
    if (line === '' || line.startsWith('#')) return
    const where = `${fileName}:${i + 1}`
    if (kind === 'allow') {
      allow.push(line)
      return
    }
    const [head = '', ...fields] = line.split('|').map((f) => f.trim())
    const [term = '', suggestion] = head.split('->').map((f) => f.trim())
    if (term === '') throw new LexiconError(`${where}: the line has no term before "|" or "->"`)
    let category = list
    let severity: Severity = 'review'
    for (const f of fields) {
      if (f === '') continue
      if (SEVERITIES.has(f)) severity = f as Severity
      else if (CATEGORY.test(f)) category = f
      else throw new LexiconError(`${where}: "${f}" is neither a severity (block, review, suggest) nor a category key (lower case, e.g. rumour)`)
    }
    if (suggestion === '') throw new LexiconError(`${where}: "->" must be followed by the preferred term`)
    terms.push({ term, category, severity, list, ...(suggestion ? { suggestion } : {}) })
  })
  return { list, kind, terms, allow }
}
