import { z } from 'zod'
import type { Incident } from '../../alerts/incident.js'
import { collections } from '../../bot/collections.js'
import { term } from '../../bot/index-terms.js'
import { personName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import type { PublicMessage } from '../../public-messages/types.js'
import type { ScoreRange, Store } from '../../store/store.js'
import { peopleOf, type Draft } from '../../workflow/types.js'

/**
 * The supervisors' look back, as searches: every draft whatever became of it, every public message
 * and alert, over Beijing calendar days (both ends included). Filters come from the query string (zod).
 *
 * Years of a province's drafts are never read whole: a search reads one index term (by account,
 * status or person, else by date), archived documents included (they keep these terms), newest
 * first, one page at a time, and counts without reading. Only a search the term does not answer
 * by itself (a title, two filters) reads documents to filter them, and at most SCAN_LIMIT of them.
 */
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
export const blank = (v: unknown) => (v === '' ? undefined : v)
export const historyQuery = z.object({
  id: z.preprocess(blank, z.string().max(20).optional()),
  q: z.preprocess(blank, z.string().max(200).optional()),
  account: z.preprocess(blank, z.string().max(50).optional()),
  person: z.preprocess(blank, z.string().max(50).optional()),
  status: z.preprocess(blank, z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'blocked']).optional()),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).optional()),
})
export type HistoryQuery = z.infer<typeof historyQuery>

/** documents a filtering search reads at most (newest first) */
export const SCAN_LIMIT = 10_000

const SHANGHAI = '+08:00'
/** The from..to Beijing days of a history or export query (YYYY-MM-DD, either end open). */
export type Period = { from?: string | undefined; to?: string | undefined }
/** [start, end) of the Beijing days from..to; open ends when not given */
function period(q: Period): [number, number] {
  const start = q.from ? Date.parse(`${q.from}T00:00:00${SHANGHAI}`) : -Infinity
  const end = q.to ? Date.parse(`${q.to}T00:00:00${SHANGHAI}`) + 86_400_000 : Infinity
  return [start, end]
}

/** The period as an index score range (times are whole milliseconds, bounds included). */
function scoreRange(q: Period): ScoreRange {
  const [start, end] = period(q)
  return { ...(start > -Infinity ? { min: start } : {}), ...(end < Infinity ? { max: end - 1 } : {}) }
}

/** One page of a search, how many matched in all, and whether the search stopped at SCAN_LIMIT. */
export interface Found<T> {
  items: T[]
  total: number
  capped: boolean
}

/** The person terms a person filter may mean: the text itself, and every configured person whose key or name contains it. */
function personTerms(config: Config, who: string): string[] {
  const like = (a: string) => a.toLowerCase().includes(who.toLowerCase())
  const keys = Object.keys(config.people).filter((k) => like(k) || like(personName(config, k)))
  return [...new Set([who, ...keys])].map(term.person)
}

/**
 * The drafts of a history query, newest first, `limit` of them from `offset`. Reads the filter's
 * term with the fewest documents; when that term is the whole query, a page and a count, else up
 * to SCAN_LIMIT documents filtered here. A person filter matches configured people by key or name
 * and submitters by their exact name.
 */
export async function searchDrafts(config: Config, store: Store, q: HistoryQuery, offset: number, limit: number): Promise<Found<Draft>> {
  if (q.id) {
    const d = await collections.drafts.get(store, q.id.trim().toUpperCase())
    const items = filterDrafts(config, d ? [d] : [], q)
    return { items: items.slice(offset, offset + limit), total: items.length, capped: false }
  }
  const range = scoreRange(q)
  const sources = [
    ...(q.account ? [[term.account(q.account)]] : []),
    ...(q.status ? [[term.status(q.status)]] : []),
    ...(q.person ? [personTerms(config, q.person)] : []),
  ]
  if (sources.length === 0) sources.push([term.created])
  const sized = await Promise.all(
    sources.map(async (candidates) => {
      const counts = await Promise.all(candidates.map((t) => collections.drafts.count(store, t, range)))
      // a term without documents in the period adds nothing to read
      const terms = candidates.filter((_, i) => counts[i]! > 0)
      return { terms, size: counts.reduce((a, b) => a + b, 0) }
    }),
  )
  const { terms, size } = sized.reduce((a, b) => (b.size < a.size ? b : a))
  if (terms.length === 0) return { items: [], total: 0, capped: false }
  // the term is the whole query: no document needs reading beyond the page
  if (terms.length === 1 && !q.q && sources.length === 1) {
    const items = await collections.drafts.findBy(store, terms[0]!, { ...range, reverse: true, offset, limit })
    return { items, total: size, capped: false }
  }
  const read = await Promise.all(terms.map((t) => collections.drafts.findBy(store, t, { ...range, reverse: true, limit: SCAN_LIMIT })))
  const unique = [...new Map(read.flat().map((d) => [d.id, d])).values()]
  const scanned = unique.sort((a, b) => b.createdAt - a.createdAt).slice(0, SCAN_LIMIT)
  const items = filterDrafts(config, scanned, q)
  return { items: items.slice(offset, offset + limit), total: items.length, capped: size > SCAN_LIMIT }
}

function filterDrafts(config: Config, drafts: Draft[], q: HistoryQuery): Draft[] {
  const [start, end] = period(q)
  const like = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase())
  return drafts
    .filter((d) => d.createdAt >= start && d.createdAt < end)
    .filter((d) => !q.id || d.id.toUpperCase() === q.id.trim().toUpperCase())
    .filter((d) => !q.q || d.versions.some((v) => like(v.title, q.q!)))
    .filter((d) => !q.account || d.account === q.account)
    .filter((d) => !q.status || d.status === q.status)
    .filter((d) => !q.person || peopleOf(d).some((p) => p === q.person || like(personName(config, p), q.person!) || like(p, q.person!)))
    .sort((a, b) => b.createdAt - a.createdAt)
}

/** Public messages received in the period, newest first, one page (archived ones included). */
export async function messagesIn(store: Store, q: Period, offset: number, limit: number): Promise<Found<PublicMessage>> {
  const range = scoreRange(q)
  const [page, total] = await Promise.all([
    collections.publicMessages.findBy(store, term.received, { ...range, reverse: true, offset, limit }),
    collections.publicMessages.count(store, term.received, range),
  ])
  // read tolerantly: a message stored without its text is not shown
  return { items: page.filter((m) => typeof m.text === 'string'), total, capped: false }
}

/** Incidents opened in the period, newest first, one page (archived ones included). */
export async function incidentsIn(store: Store, q: Period, offset: number, limit: number): Promise<Found<Incident>> {
  const range = scoreRange(q)
  const [items, total] = await Promise.all([
    collections.incidents.findBy(store, term.opened, { ...range, reverse: true, offset, limit }),
    collections.incidents.count(store, term.opened, range),
  ])
  return { items, total, capped: false }
}
