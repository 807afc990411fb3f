import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake api.weibo.com/2 on loopback, from the public API description: statuses/user_timeline,
 * comments/to_me and statuses/mentions, newest first, since_id / count / page, ids beyond 2^53
 * (given as `idstr`, `id` rounded as JSON numbers are), `created_at` in Weibo's date format, and
 * error_code answers (10023 user rate limit) on demand.
 */
export interface FakeWeiboItem {
  idstr: string
  created_at: string
  text: string
  user: { idstr: string; screen_name: string }
}

export interface FakeWeiboApi {
  url: string
  accessToken: string
  calls: string[]
  timeline: FakeWeiboItem[]
  comments: FakeWeiboItem[]
  mentions: FakeWeiboItem[]
  add(list: 'timeline' | 'comments' | 'mentions', text: string, atMs: number, author?: string): FakeWeiboItem
  rateLimitNext(path: string, code: number, n?: number): void
  close(): Promise<void>
}

/** "Mon Nov 23 10:00:00 +0800 2026", as Weibo writes created_at */
export function weiboDate(ms: number): string {
  const [wd, day, mon, year, time] = new Date(ms + 8 * 3_600_000).toUTCString().replace(',', '').split(' ')
  return `${wd} ${mon} ${day} ${time} +0800 ${year}`
}

export async function startFakeWeiboApi(accessToken = 'weibo-fake-token'): Promise<FakeWeiboApi> {
  let next = 4_900_000_000_000_000_001n
  const failures = new Map<string, { code: number; n: number }>()
  const api = {
    accessToken,
    calls: [] as string[],
    timeline: [] as FakeWeiboItem[],
    comments: [] as FakeWeiboItem[],
    mentions: [] as FakeWeiboItem[],
  }
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    api.calls.push(url.pathname)
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    }
    const lists: Record<string, { key: 'statuses' | 'comments'; items: FakeWeiboItem[] }> = {
      '/2/statuses/user_timeline.json': { key: 'statuses', items: api.timeline },
      '/2/comments/to_me.json': { key: 'comments', items: api.comments },
      '/2/statuses/mentions.json': { key: 'statuses', items: api.mentions },
    }
    const list = lists[url.pathname]
    if (!list) return send(404, { error: 'not found', error_code: 10001, request: url.pathname })
    if (url.searchParams.get('access_token') !== accessToken)
      return send(403, { error: 'invalid_access_token', error_code: 21332, request: url.pathname })
    const fail = failures.get(url.pathname)
    if (fail && fail.n > 0) {
      fail.n--
      return send(403, { error: 'User requests out of rate limit!', error_code: fail.code, request: url.pathname })
    }
    const since = BigInt(url.searchParams.get('since_id') ?? '0')
    const count = Math.min(200, Number(url.searchParams.get('count') ?? 20))
    const page = Number(url.searchParams.get('page') ?? 1)
    const newest = list.items.filter((i) => BigInt(i.idstr) > since).reverse()
    const items = newest.slice((page - 1) * count, page * count).map((i) => ({ ...i, id: Number(i.idstr) }))
    send(200, { [list.key]: items, total_number: newest.length })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}/2`,
    add(which: 'timeline' | 'comments' | 'mentions', text: string, atMs: number, author = '网友甲') {
      const item = { idstr: String(next++), created_at: weiboDate(atMs), text, user: { idstr: '1234567890', screen_name: author } }
      api[which].push(item)
      return item
    },
    rateLimitNext(path: string, code: number, n = 1) {
      failures.set(`/2/${path}`, { code, n })
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  })
}
