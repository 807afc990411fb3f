/**
 * The arithmetic of the weekly report (每周总结阅评, gd-youth-league 第九条): generic over numbers
 * and records, so the same functions serve approval time per stage, rejections by reason,
 * checklist findings by category and reply deadlines met or missed.
 */

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks: rank = p/100 · (n−1)
 * over the sorted values (the method of Excel PERCENTILE.INC and NumPy's default). The median is
 * the 50th. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`)
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const lower = Math.floor(rank)
  const low = sorted[lower]!
  const high = sorted[Math.min(lower + 1, sorted.length - 1)]!
  return low + (high - low) * (rank - lower)
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50)
}

export interface DurationSummary {
  count: number
  median?: number | undefined
  p90?: number | undefined
}

/** Count, median and 90th percentile of a list of durations (or any numbers). */
export function summarize(values: readonly number[]): DurationSummary {
  return { count: values.length, median: median(values), p90: percentile(values, 90) }
}

/** How many items per key, most frequent first (ties in key order), for "rejections by reason". */
export function groupCount<T>(items: readonly T[], keyOf: (item: T) => string | undefined): [string, number][] {
  const counts = new Map<string, number>()
  for (const item of items) {
    const key = keyOf(item)
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

/** Values grouped by key, e.g. approval durations by stage name, then summarised per group. */
export function groupSummaries<T>(
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
  valueFor: (item: T) => number,
): Map<string, DurationSummary> {
  const groups = new Map<string, number[]>()
  for (const item of items) {
    const key = keyOf(item)
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), valueFor(item)])
  }
  return new Map([...groups].map(([key, values]) => [key, summarize(values)]))
}
