/**
 * Paste-ready YAML for a person or group the configuration does not name yet: what `#我是谁`
 * answers and the dashboard lists, so onboarding is copying a few lines, not retyping ids.
 */
import type { Config } from '../../config/schema.js'
import { botText } from '../texts.js'

/** A scalar as YAML reads it back unchanged: plain when safe, else double-quoted (JSON is valid YAML). */
function scalar(value: string): string {
  return /^[\p{L}\p{N}_][\p{L}\p{N}_.@-]*$/u.test(value) && !/^(true|false|null|yes|no|on|off|~|[\d.]+)$/i.test(value) ? value : JSON.stringify(value)
}

/** A key for people: (letters, digits, "_", "." or "-", starting with a letter or digit) from the platform id. */
export function personKeyFor(contactId: string): string {
  const key = contactId.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[^A-Za-z0-9]+/, '')
  return (key || 'person').slice(0, 40)
}

export function personSnippet(config: Config, person: { id: string; name: string }): string {
  const roles = [...new Set(Object.values(config.people).flatMap((p) => p.roles))]
  const hint = roles.length ? ` # ${botText.rolesToChoose(roles)}` : ''
  return `people:\n  ${personKeyFor(person.id)}: { name: ${scalar(person.name)}, id: ${scalar(person.id)}, roles: [] }${hint}`
}

/** The topic is written only when the platform told one (WeCom never does): the id is what matches. */
export function groupSnippet(room: { id: string; topic?: string }): string {
  const topic = room.topic && room.topic !== room.id ? `, topic: ${scalar(room.topic)}` : ''
  return `groups:\n  - { id: ${scalar(room.id)}${topic} }`
}
