import { collections } from '../../bot/collections.js'
import { term } from '../../bot/index-terms.js'
import type { Incident } from '../../alerts/incident.js'
import type { Store } from '../../store/store.js'

/**
 * Read-only views of the store for the dashboard and the metrics. Collections written by features
 * that may not be deployed (comments, incidents) are read tolerantly: absent means empty, and
 * the dashboard reads only fields those features have always written.
 */

export interface OpenMessage {
  id: string
  account: string
  author: string
  text: string
  sensitive: boolean
  handler?: string
  dueAt?: number
  /** the deadline rule in words, as the reminders show it */
  rule?: string
}

/** Open public messages, sensitive first, then soonest due. */
export async function listOpenMessages(store: Store): Promise<OpenMessage[]> {
  const docs = await collections.publicMessages.findBy(store, term.open)
  return docs
    .filter((m) => typeof m.text === 'string')
    .map((m) => ({
      id: m.id,
      account: m.account,
      author: m.author,
      text: m.text,
      sensitive: Boolean(m.sensitive),
      handler: m.handler,
      dueAt: m.deadline?.dueAt,
      rule: m.deadline?.description,
    }))
    .sort((a, b) => Number(b.sensitive) - Number(a.sensitive) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity))
}

/** Red and yellow incidents whose response plan has not been started yet, red first, then soonest due. */
export async function listOpenIncidents(store: Store): Promise<Incident[]> {
  const rank: Record<Incident['level'], number> = { red: 0, yellow: 1, blue: 2 }
  return (await collections.incidents.findBy(store, term.open)).sort(
    (a, b) => rank[a.level] - rank[b.level] || (a.deadline?.dueAt ?? Infinity) - (b.deadline?.dueAt ?? Infinity),
  )
}
