import { isOpen, type PublicMessage } from '../../comments/types.js'
import type { Store, StoredDoc } from '../../store/store.js'

/**
 * Read-only views of the store for the dashboard and the metrics. Collections written by features
 * that may not be deployed (comments, incidents) are read tolerantly: absent means empty, and an
 * incident is shown with whatever fields it has.
 */

export interface OpenMessage {
  id: string
  account: string
  author: string
  text: string
  sensitive: boolean
  handler?: string
  receivedAt?: number
  dueAt?: number
  /** the deadline rule in words, as the reminders show it */
  rule?: string
}

/** Open public messages, sensitive first, then soonest due. */
export async function listOpenMessages(store: Store): Promise<OpenMessage[]> {
  const docs = await store.list<PublicMessage>('comments')
  return docs
    .filter((m) => typeof m.text === 'string' && isOpen(m))
    .map((m) => ({
      id: m.id,
      account: m.account,
      author: m.author,
      text: m.text,
      sensitive: Boolean(m.sensitive),
      handler: m.handler,
      receivedAt: m.receivedAt,
      dueAt: m.deadline?.dueAt,
      rule: m.deadline?.description,
    }))
    .sort((a, b) => Number(b.sensitive) - Number(a.sensitive) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity))
}

/** All public messages (open or not), for the weekly report's "deadlines met and missed". */
export async function listMessages(store: Store): Promise<PublicMessage[]> {
  return (await store.list<PublicMessage>('comments')).filter((m) => typeof m.text === 'string')
}

export interface OpenIncident {
  id: string
  level: string
  description: string
  openedAt?: number
  /** when the response plan is due (red: two hours) */
  dueAt?: number
}

type IncidentDoc = StoredDoc & Record<string, unknown>

const CLOSED = new Set(['closed', 'resolved', 'done', 'planned', 'plan-started'])
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** Open alert incidents (舆情 red / yellow / blue), most serious first. */
export async function listOpenIncidents(store: Store): Promise<OpenIncident[]> {
  const docs = await store.list<IncidentDoc>('incidents')
  const rank: Record<string, number> = { red: 0, 红: 0, yellow: 1, 黄: 1, blue: 2, 蓝: 2 }
  return docs
    .filter((d) => !CLOSED.has(str(d.status) ?? '') && d.closedAt === undefined)
    .map((d) => {
      const deadline = d.deadline as { dueAt?: unknown } | undefined
      return {
        id: d.id,
        level: str(d.level) ?? '?',
        description: str(d.description) ?? str(d.text) ?? '',
        openedAt: num(d.openedAt) ?? num(d.createdAt) ?? num(d.at),
        dueAt: num(deadline?.dueAt) ?? num(d.dueAt),
      }
    })
    .sort((a, b) => (rank[a.level] ?? 3) - (rank[b.level] ?? 3))
}
