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

/**
 * The remark methods of the port exist for WeChat, whose web puppets change contact ids at every
 * login. Official bot platforms give stable user ids, so there is nothing to tag or re-bind.
 */
export const stableIds = {
  async remarkOf(): Promise<string | undefined> {
    return undefined
  },
  async setRemark(): Promise<void> {},
  async findByRemark(): Promise<string | undefined> {
    return undefined
  },
  async hasContact(): Promise<boolean> {
    return true
  },
}
