/**
 * Groups and people the bot has heard from but the configuration does not name, kept in the store
 * so the dashboard can list them with their YAML (snippet.ts). Written once per id and process
 * (not on every message); an entry the configuration comes to name is marked so when it is reloaded.
 */
import type { Config } from '../../config/schema.js'
import type { Store, StoredDoc } from '../../store/store.js'
import { collection } from '../collections.js'

export interface Heard extends StoredDoc {
  /** `group:<room id>` or `person:<contact id>` */
  id: string
  kind: 'group' | 'person'
  platformId: string
  /** the group's topic or the person's display name, as the platform gave it */
  name: string
  /** for a person: the group they were heard in, if any */
  room?: string
  firstAt: number
  /** the configuration names it now (set at a reload): no longer listed */
  named?: boolean
}

export const heard = collection<Heard>('heard')

export interface HeardLog {
  record(kind: Heard['kind'], platformId: string, name: string, room?: string): Promise<void>
  /** marks what `config` now names (people by id, groups by id or topic); returns how many */
  forget(config: Config): Promise<number>
}

export function createHeardLog(store: () => Store, now: () => number): HeardLog {
  const recorded = new Set<string>()
  return {
    async record(kind, platformId, name, room) {
      const id = `${kind}:${platformId}`
      if (recorded.has(id)) return
      recorded.add(id)
      if (await heard.get(store(), id)) return
      const doc: Heard = { id, rev: 0, kind, platformId, name, firstAt: now(), ...(room ? { room } : {}) }
      // create-only: another instance that heard it first keeps its entry
      await heard.commit(store(), doc, 0, [])
    },
    async forget(config) {
      const ids = new Set(Object.values(config.people).map((p) => `person:${p.id}`))
      for (const g of config.groups) if (g.id) ids.add(`group:${g.id}`)
      const topics = new Set(config.groups.flatMap((g) => (g.id ? [] : [g.topic])))
      let n = 0
      for (const h of await heard.list(store())) {
        if (h.named || (!ids.has(h.id) && !(h.kind === 'group' && topics.has(h.name)))) continue
        // a conflict: another instance marked it meanwhile
        if ((await heard.commit(store(), { ...h, named: true }, h.rev, [])) !== false) n++
      }
      return n
    },
  }
}

/** What the dashboard lists: heard and not named, groups first, oldest first. */
export async function unnamed(store: Store): Promise<Heard[]> {
  return (await heard.list(store)).filter((h) => !h.named).sort((a, b) => a.kind.localeCompare(b.kind) || a.firstAt - b.firstAt)
}
