import { z } from 'zod'
import type { Clock } from '../../clock.js'
import type { Store } from '../../store/store.js'
import { fetchJson, PlatformResponseError, type Fetch } from '../http.js'
import { createTokenCache } from './token-cache.js'

/**
 * The WeChat Official Account API (api.weixin.qq.com) as far as sanshen uses it: access_token,
 * the draft box, published articles and comments. Every answer is validated with zod; an answer
 * with a non-zero errcode is a WechatApiError carrying the code.
 */
const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com'

export class WechatApiError extends Error {
  constructor(
    readonly code: number,
    readonly path: string,
    errmsg: string,
  ) {
    super(`WeChat ${path}: errcode ${code} ${errmsg}`)
    this.name = 'WechatApiError'
  }
}

/** access_token invalid (40001), expired (42001) or not the newest (40014): refresh and retry once */
const TOKEN_ERRORS = new Set([40001, 40014, 42001])
/** the daily quota of this API is spent */
export const QUOTA_EXCEEDED = 45009

/**
 * Where comment/list finds an article's comments: its numeric msg_data_id and 0-based index. A
 * published article's URL carries them (`mid=` and the 1-based `idx=`); the 43-character
 * article_id is not a msg_data_id (comment/list answers 88001). Undefined for a URL without them.
 */
export function commentTargetOf(url: string | undefined): { msgDataId: string; index: number } | undefined {
  const query = url?.split('#')[0]?.split('?')[1]
  if (!query) return undefined
  const q = new URLSearchParams(query.replace(/&amp;/g, '&'))
  const mid = q.get('mid')
  if (!mid || !/^\d+$/.test(mid)) return undefined
  const idx = Number(q.get('idx') ?? '1')
  return { msgDataId: mid, index: Number.isInteger(idx) && idx >= 1 ? idx - 1 : 0 }
}

const errorShape = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() })
const tokenShape = z.union([z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() }), errorShape])

const newsItem = z.object({
  title: z.string().default(''),
  author: z.string().optional(),
  digest: z.string().optional(),
  content: z.string().default(''),
  url: z.string().optional(),
  is_deleted: z.boolean().optional(),
})
export type NewsItem = z.infer<typeof newsItem>

const newsItems = errorShape.extend({ news_item: z.array(newsItem).default([]) })
const draftAdded = errorShape.extend({ media_id: z.string().optional() })
const materialAdded = errorShape.extend({ media_id: z.string().optional(), url: z.string().optional() })
const published = errorShape.extend({
  total_count: z.number().optional(),
  item_count: z.number().optional(),
  item: z
    .array(
      z.object({
        article_id: z.coerce.string().pipe(z.string().min(1)),
        update_time: z.coerce.number().optional(),
        content: z.object({ news_item: z.array(newsItem).default([]) }).optional(),
      }),
    )
    .default([]),
})
const comment = z.object({
  user_comment_id: z.coerce.string(),
  openid: z.string().default(''),
  create_time: z.coerce.number(),
  content: z.string(),
  comment_type: z.number().optional(),
})
export type WechatComment = z.infer<typeof comment>
const comments = errorShape.extend({ total: z.number().optional(), comment: z.array(comment).default([]) })

export interface PublishedArticle {
  articleId: string
  updateTime?: number
  items: NewsItem[]
}

export interface WechatOaClientOptions {
  appId: string
  secret: string
  /** default https://api.weixin.qq.com (WECHAT_API_BASE) */
  base?: string | undefined
  store: Store
  clock: Clock
  /** names this process in the token lease */
  owner: string
  fetch?: Fetch
}

export interface WechatOaClient {
  readonly appId: string
  draftAdd(article: { title: string; content: string; author?: string; digest?: string; thumbMediaId?: string }): Promise<string>
  draftGet(mediaId: string): Promise<NewsItem[]>
  /** uploads a permanent image (material/add_material type=image); returns its media_id, usable as a cover */
  addImage(png: Buffer, filename: string): Promise<string>
  /** published articles, newest first */
  publishedList(offset: number, count: number): Promise<{ total: number; items: PublishedArticle[] }>
  getArticle(articleId: string): Promise<NewsItem[]>
  /** comments on one article (its numeric msg_data_id, see commentTargetOf, and 0-based index), oldest first as WeChat lists them */
  commentList(msgDataId: string, index: number, begin: number, count: number): Promise<{ total: number; comments: WechatComment[] }>
}

export function createWechatOaClient(o: WechatOaClientOptions): WechatOaClient {
  const f = o.fetch ?? fetch
  const base = (o.base || DEFAULT_WECHAT_API_BASE).replace(/\/+$/, '')
  const tokenFrom = (path: string, body: z.infer<typeof tokenShape>) => {
    if ('access_token' in body) return { token: body.access_token, expiresInSec: body.expires_in }
    throw new WechatApiError(body.errcode ?? -1, path, body.errmsg ?? 'no access_token')
  }
  /** The classic token API; where it is not served (a gateway offering only the stable one), /cgi-bin/stable_token. */
  const fetchToken = async () => {
    const path = '/cgi-bin/token'
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: o.appId, secret: o.secret })
    let body: z.infer<typeof tokenShape>
    try {
      body = await fetchJson(f, 'WeChat', path, `${base}${path}?${q}`, { method: 'GET' }, tokenShape)
    } catch (err) {
      if (!(err instanceof PlatformResponseError) || !/HTTP 404/.test(err.message)) throw err
      const stable = '/cgi-bin/stable_token'
      const payload = JSON.stringify({ grant_type: 'client_credential', appid: o.appId, secret: o.secret, force_refresh: false })
      return tokenFrom(
        stable,
        await fetchJson(
          f,
          'WeChat',
          stable,
          `${base}${stable}`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload },
          tokenShape,
        ),
      )
    }
    return tokenFrom(path, body)
  }
  const tokens = createTokenCache({ store: o.store, clock: o.clock, appId: o.appId, owner: o.owner, fetchToken })

  const json = (payload: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
  /** POSTs with the shared token; a refused token is refreshed and the call made once more. */
  const call = async <T extends z.infer<typeof errorShape>>(path: string, request: RequestInit, schema: z.ZodType<T>, query = ''): Promise<T> => {
    let stale: string | undefined
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get(stale)
      const body = await fetchJson(f, 'WeChat', path, `${base}${path}?access_token=${encodeURIComponent(token)}${query}`, request, schema)
      const code = body.errcode ?? 0
      if (code === 0) return body
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        stale = token
        continue
      }
      throw new WechatApiError(code, path, body.errmsg ?? '')
    }
  }

  return {
    appId: o.appId,
    async draftAdd(a) {
      const article = {
        title: a.title,
        content: a.content,
        ...(a.author ? { author: a.author } : {}),
        ...(a.digest ? { digest: a.digest } : {}),
        ...(a.thumbMediaId ? { thumb_media_id: a.thumbMediaId } : {}),
      }
      const body = await call('/cgi-bin/draft/add', json({ articles: [article] }), draftAdded)
      if (!body.media_id) throw new WechatApiError(-1, '/cgi-bin/draft/add', 'no media_id in the answer')
      return body.media_id
    },
    async draftGet(mediaId) {
      return (await call('/cgi-bin/draft/get', json({ media_id: mediaId }), newsItems)).news_item
    },
    async addImage(png, filename) {
      const form = new FormData()
      form.append('media', new Blob([new Uint8Array(png)], { type: 'image/png' }), filename)
      const body = await call('/cgi-bin/material/add_material', { method: 'POST', body: form }, materialAdded, '&type=image')
      if (!body.media_id) throw new WechatApiError(-1, '/cgi-bin/material/add_material', 'no media_id in the answer')
      return body.media_id
    },
    async publishedList(offset, count) {
      const body = await call('/cgi-bin/freepublish/batchget', json({ offset, count, no_content: 0 }), published)
      return {
        total: body.total_count ?? body.item.length,
        items: body.item.map((i) => ({
          articleId: i.article_id,
          ...(i.update_time !== undefined ? { updateTime: i.update_time } : {}),
          items: i.content?.news_item ?? [],
        })),
      }
    },
    async getArticle(articleId) {
      return (await call('/cgi-bin/freepublish/getarticle', json({ article_id: articleId }), newsItems)).news_item
    },
    async commentList(msgDataId, index, begin, count) {
      const body = await call('/cgi-bin/comment/list', json({ msg_data_id: Number(msgDataId), index, begin, count, type: 0 }), comments)
      return { total: body.total ?? body.comment.length, comments: body.comment }
    },
  }
}
