/**
 * WeChat retries a push three times when it has no answer within 5 s, with the same MsgId. The
 * first delivery's work is remembered here (bounded, oldest forgotten first), so a retry joins
 * it instead of starting it again. A delivery whose work failed is forgotten, so the retry can
 * succeed. The intake's own de-duplication by externalId covers restarts and longer gaps.
 */
export interface RecentDeliveries<T> {
  /** the work already started for `id`, or `start()` run now and remembered */
  once(id: string, start: () => Promise<T>): { work: Promise<T>; repeated: boolean }
}

export function createRecentDeliveries<T>(max = 5_000): RecentDeliveries<T> {
  const seen = new Map<string, Promise<T>>()
  return {
    once(id, start) {
      const known = seen.get(id)
      if (known) return { work: known, repeated: true }
      const work = start()
      seen.set(id, work)
      work.catch(() => seen.delete(id))
      if (seen.size > max) seen.delete(seen.keys().next().value as string)
      return { work, repeated: false }
    },
  }
}
