import { UNIT_HEAD, UNIT_REF, type Config } from './schema.js'

/**
 * Expands person keys, role names and unit places into person keys, in order, each once.
 * `unit:head` / `unit:<role>` are relative to the draft's submitter when `submitter` is given
 * (nobody when the submitter has no unit); without it they stand for everyone who holds that
 * place in any unit (who could be asked at all).
 */
export function resolveRefs(config: Config, refs: readonly string[], draft?: { submitter: string | undefined }): string[] {
  const out: string[] = []
  for (const ref of refs) {
    for (const k of expand(config, ref, draft)) if (!out.includes(k)) out.push(k)
  }
  return out
}

function expand(config: Config, ref: string, draft: { submitter: string | undefined } | undefined): string[] {
  if (ref in config.people) return [ref]
  const people = Object.entries(config.people)
  if (!ref.startsWith(UNIT_REF)) return people.filter(([, p]) => p.roles.includes(ref)).map(([k]) => k)
  const own = draft ? config.people[draft.submitter ?? '']?.unit : undefined
  if (draft && !own) return []
  const units = own ? [own] : Object.keys(config.units)
  const place = ref.slice(UNIT_REF.length)
  if (place === UNIT_HEAD) return units.map((u) => config.units[u]?.head).filter((h): h is string => !!h)
  return people.filter(([, p]) => p.unit && units.includes(p.unit) && p.roles.includes(place)).map(([k]) => k)
}

export function personName(config: Config, key: string): string {
  return config.people[key]?.name ?? key
}

/** An account's name as the people know it; its key when the config no longer has it. */
export function accountName(config: Config, key: string): string {
  return config.accounts[key]?.name ?? key
}

export function supervisorsOf(config: Config): string[] {
  return resolveRefs(config, config.supervisors)
}
