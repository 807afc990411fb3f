import type { Config } from '../config/schema.js'
import type { ChecklistCategory } from '../config/checklist-schema.js'
import type { Hit, Label, Severity, Verdict } from './types.js'

const RANK: Record<Severity, number> = { suggest: 0, review: 1, block: 2 }

/** pass unless something needs a person (review) or is clearly forbidden (block); suggestions never hold a draft */
export function verdictOf(hits: readonly Hit[]): Verdict {
  if (hits.some((h) => h.severity === 'block')) return 'block'
  if (hits.some((h) => h.severity === 'review')) return 'review'
  return 'pass'
}

export function labelsOf(hits: readonly Hit[]): Label[] {
  const labels = new Map<string, Label>()
  for (const h of hits) {
    const l = labels.get(h.category)
    if (!l) labels.set(h.category, { category: h.category, severity: h.severity, count: 1 })
    else {
      l.count++
      if (RANK[h.severity] > RANK[l.severity]) l.severity = h.severity
    }
  }
  return [...labels.values()]
}

/**
 * The content category a draft is raised to: of the targets named by the hit categories (and by
 * the LLM), the highest-ranked one that exists under `categories:`.
 */
export function raiseCategoryOf(
  hits: readonly Hit[],
  checklistCategories: Record<string, ChecklistCategory>,
  contentCategories: Config['categories'],
  extra?: string,
): string | undefined {
  const targets = new Set(hits.map((h) => checklistCategories[h.category]?.raiseTo).filter((t): t is string => !!t))
  if (extra) targets.add(extra)
  let best: string | undefined
  for (const t of targets) {
    const c = contentCategories[t]
    if (c && (best === undefined || c.rank > contentCategories[best]!.rank)) best = t
  }
  return best
}
