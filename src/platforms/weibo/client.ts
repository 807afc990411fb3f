import { z } from 'zod'
import { fetchJson, type Fetch } from '../http.js'

/**
 * The Weibo Open API (api.weibo.com/2) as far as sanshen uses it: the account's own timeline,
 * comments to it and mentions of it, each newer than a since_id. Ids exceed 2^53, so `idstr` is
 * what counts. An `error_code` answer is a WeiboApiError carrying the code.
 */
const DEFAULT_WEIBO_API_BASE = 'https://api.weibo.com/2'

export class WeiboApiError extends Error {
  constructor(
    readonly code: number,
    readonly path: string,
    error: string,
  ) {
    super(`Weibo ${path}: error_code ${code} ${error}`)
    this.name = 'WeiboApiError'
  }
}

/** rate limits and refusals: 10014 insufficient app permission, 10022 IP, 10023 user, 10024 user per API */
export const WEIBO_RATE_LIMITS = new Set([10014, 10022, 10023, 10024])

const user = z
  .object({ idstr: z.string().optional(), id: z.union([z.number(), z.string()]).optional(), screen_name: z.string().default('') })
  .optional()
const item = z
  .object({ idstr: z.string().optional(), id: z.union([z.number(), z.string()]), created_at: z.string(), text: z.string().default(''), user })
  .transform((i) => ({
    id: i.idstr ?? String(i.id),
    createdAt: Date.parse(i.created_at),
    text: i.text,
    author: i.user?.screen_name || i.user?.idstr || String(i.user?.id ?? ''),
  }))
export type WeiboItem = z.output<typeof item>

const answer = z.object({
  error_code: z.coerce.number().optional(),
  error: z.string().default(''),
  statuses: z.array(item).optional(),
  comments: z.array(item).optional(),
})

export interface WeiboClientOptions {
  accessToken: string
  /** default https://api.weibo.com/2 (WEIBO_API_BASE) */
  base?: string | undefined
  fetch?: Fetch
}

export type WeiboStream = 'comments' | 'mentions' | 'timeline'

const PATHS: Record<WeiboStream, string> = {
  comments: '/comments/to_me.json',
  mentions: '/statuses/mentions.json',
  timeline: '/statuses/user_timeline.json',
}

export interface WeiboClient {
  /** one page (1-based) of items newer than sinceId, newest first */
  list(stream: WeiboStream, sinceId: string | undefined, page: number, count: number): Promise<WeiboItem[]>
}

export function createWeiboClient(o: WeiboClientOptions): WeiboClient {
  const f = o.fetch ?? fetch
  const base = (o.base || DEFAULT_WEIBO_API_BASE).replace(/\/+$/, '')
  return {
    async list(stream, sinceId, page, count) {
      const path = PATHS[stream]
      const q = new URLSearchParams({
        access_token: o.accessToken,
        count: String(count),
        page: String(page),
        ...(sinceId ? { since_id: sinceId } : {}),
      })
      const body = await fetchJson(f, 'Weibo', path, `${base}${path}?${q}`, { method: 'GET' }, answer)
      if (body.error_code) throw new WeiboApiError(body.error_code, path, body.error)
      const items = stream === 'comments' ? body.comments : body.statuses
      if (!items) throw new WeiboApiError(-1, path, `no ${stream === 'comments' ? 'comments' : 'statuses'} in the answer`)
      const bad = items.find((i) => !Number.isFinite(i.createdAt))
      if (bad) throw new WeiboApiError(-1, path, `created_at of ${bad.id} is not a date`)
      return items
    },
  }
}

/** Weibo ids compared as the big integers they are. */
export function newerId(a: string, b: string | undefined): boolean {
  if (b === undefined) return true
  try {
    return BigInt(a) > BigInt(b)
  } catch {
    return a > b
  }
}
