import type { Config } from './schema.js'

/** Expands person keys and role names into person keys, in order, each once. */
export function resolveRefs(config: Config, refs: readonly string[]): string[] {
  const out: string[] = []
  for (const ref of refs) {
    const keys = ref in config.people
      ? [ref]
      : Object.entries(config.people).filter(([, p]) => p.roles.includes(ref)).map(([k]) => k)
    for (const k of keys) if (!out.includes(k)) out.push(k)
  }
  return out
}

export function personName(config: Config, key: string): string {
  return config.people[key]?.name ?? key
}

export function supervisorsOf(config: Config): string[] {
  return resolveRefs(config, config.supervisors)
}
