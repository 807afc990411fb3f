import type { Hit } from '../types.js'

/** A 三校 finding from a rule: what was written, what it should be, why (the reason names the source). */
export function finding(
  category: 'formulation' | 'typo',
  list: string,
  text: string,
  start: number,
  end: number,
  suggestion: string,
  reason: string,
  source: string,
): Hit {
  return {
    term: text.slice(start, end),
    category,
    list,
    severity: 'review',
    start,
    end,
    text: text.slice(start, end),
    suggestion,
    reason,
    source: 'rules',
    ruleSource: source,
    confidence: 1,
  }
}

/** a hit inside the right form itself is no error (新时代中国特色社会主义思想 inside 习近平新时代中国特色社会主义思想) */
export function insideStandard(text: string, start: number, end: number, standard: string): boolean {
  for (let at = text.indexOf(standard, Math.max(0, end - standard.length)); at >= 0 && at <= start; at = text.indexOf(standard, at + 1)) {
    if (at + standard.length >= end) return true
  }
  return false
}
