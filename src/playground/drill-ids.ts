/**
 * A drill is written with the ids a fresh group would give (D1, C1, A1). Played after free play,
 * the bot hands out D7 instead: the first expectation that names D1 binds it to whatever id the
 * bot's reply carries at that place, and every later step says D7 where the script says D1. So a
 * drill never approves a draft it did not create.
 */
export interface IdBinding {
  /** the script's text with bound ids replaced by the real ones */
  apply(text: string): string
  /** the expectation as met by one of `replies` (binding its unbound ids), or undefined */
  expect(expectation: string, replies: string[]): string | undefined
}

const ID = /\b([DCA])(\d+)\b/g
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function createIdBinding(): IdBinding {
  const bound = new Map<string, string>()
  const apply = (text: string) => text.replace(ID, (id) => bound.get(id) ?? id)
  return {
    apply,
    expect(expectation, replies) {
      const unbound: string[] = []
      let pattern = ''
      let last = 0
      for (const m of expectation.matchAll(ID)) {
        pattern += escapeRegExp(expectation.slice(last, m.index))
        const real = bound.get(m[0])
        if (real) pattern += escapeRegExp(real)
        else {
          unbound.push(m[0])
          pattern += `(${m[1]}\\d+)\\b`
        }
        last = m.index + m[0].length
      }
      pattern += escapeRegExp(expectation.slice(last))
      const re = new RegExp(pattern)
      for (const reply of replies) {
        const found = re.exec(reply)
        if (!found) continue
        unbound.forEach((id, i) => bound.set(id, found[i + 1]!))
        return apply(expectation)
      }
      return undefined
    },
  }
}
