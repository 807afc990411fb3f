import type { Config } from '../config/schema.js'

/** The configured group a room is, by id or topic; undefined for rooms the bot does not serve. */
export function servedGroup(config: Config, room: { id: string; topic: string }): Config['groups'][number] | undefined {
  return config.groups.find((g) => (g.id ? g.id === room.id : g.topic === room.topic))
}

/** Accounts a group may submit for (all when the group names none). */
export function accountsOf(config: Config, group: Config['groups'][number] | undefined): string[] {
  return group?.accounts ?? Object.keys(config.accounts)
}
