/**
 * Platforms redeliver a message whose acknowledgement they missed (a dropped connection, a slow
 * handler): remember the last ids handled so a redelivery is not handled twice.
 */
export function recentIds(limit = 2000): { firstTime(id: string): boolean } {
  const seen = new Set<string>()
  return {
    firstTime(id) {
      if (seen.has(id)) return false
      seen.add(id)
      // A Set iterates in insertion order: the first entry is the oldest.
      if (seen.size > limit) seen.delete(seen.values().next().value as string)
      return true
    },
  }
}
