import type { BotDeps } from '../deps.js'
import { newerId } from '../../platforms/weibo/client.js'
import type { LinkedAccount } from './links.js'
import { updatePoll } from './poll-state.js'

/**
 * Every item newer than sinceId, oldest first, paging until a short page. Without a cursor (the
 * account's first poll) only the newest page: the account's whole history is not work to do.
 */
export async function fetchAllSince(link: LinkedAccount, stream: 'comments' | 'mentions' | 'timeline', sinceId: string | undefined) {
  const count = 50
  const all = new Map<string, Awaited<ReturnType<NonNullable<LinkedAccount['weibo']>['list']>>[number]>()
  for (let page = 1; page <= (sinceId === undefined ? 1 : 40); page++) {
    const items = await link.weibo!.list(stream, sinceId, page, count)
    for (const i of items) if (newerId(i.id, sinceId)) all.set(i.id, i)
    if (items.length < count) break
  }
  return [...all.values()].sort((a, b) => (newerId(a.id, b.id) ? 1 : -1))
}

export async function advanceSinceId(deps: BotDeps, account: string, stream: string, id: string): Promise<void> {
  await updatePoll(deps.store, account, stream, (p) => (newerId(id, p.sinceId) ? { ...p, sinceId: id } : p))
}
