/** What the adapters of platforms that mention people by name only (WeCom, DingTalk) share. */

export interface Person {
  id: string
  name: string
}

/** The options both such adapters take. */
export interface NamedPeopleOptions {
  /** configured people, to match `@姓名` in texts and to name senders and mentions */
  people?: Person[]
  log?: (msg: string, err?: unknown) => void
}

/** Longest names first, so `@张三丰` is matched before `@张三`. */
export function longestNameFirst(people: Person[] = []): Person[] {
  return [...people].sort((a, b) => b.name.length - a.name.length)
}
