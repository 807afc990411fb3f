import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A fake api.weixin.qq.com on loopback, written from the public API description (获取 Access token,
 * 草稿箱, 发布能力, 图文消息留言管理, 永久素材): only the newest access_token is valid; errcode answers as
 * WeChat gives them. A published article has a 43-character article_id and a numeric msg_data_id,
 * which its URL carries as `mid=` (with `idx=`, 1-based); comment/list takes only the msg_data_id
 * (88001 for anything else). draft/add needs the thumb_media_id of an uploaded image (40007). Tests change its state directly (publish, edit a draft, add comments, expire
 * the token, spend the quota).
 */
export interface FakeArticle {
  title: string
  content: string
  url?: string
}
interface Published {
  article_id: string
  msg_data_id: string
  update_time: number
  news_item: FakeArticle[]
}
export interface FakeComment {
  user_comment_id: number
  openid: string
  create_time: number
  content: string
}

export interface FakeWechatApi {
  url: string
  appId: string
  secret: string
  /** every call: path and the access_token used */
  calls: { path: string; token?: string }[]
  tokensIssued: number
  drafts: Map<string, FakeArticle>
  published: Published[]
  /** by `<msg_data_id>:<index>` */
  comments: Map<string, FakeComment[]>
  /** permanent images uploaded (material/add_material type=image): media_id → bytes */
  images: Map<string, Buffer>
  /** invalidates the current token (the next call with it gets 42001) */
  expireToken(): void
  /** the next `n` calls to `path` answer errcode `code`, or (code "html") a 502 gateway page */
  failNext(path: string, code: number | 'html', n?: number): void
  /** the account publishes an article (from the draft box when mediaId is given): returns article_id */
  publish(from: { mediaId: string } | FakeArticle, atSec: number): string
  addComment(articleId: string, index: number, c: Omit<FakeComment, 'user_comment_id'>): FakeComment
  close(): Promise<void>
}

async function raw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await raw(req)).toString('utf8')
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

/** The bytes of the multipart part named `media`, as material/add_material takes the file. */
function mediaPart(req: IncomingMessage, data: Buffer): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '')
  if (!boundary) return undefined
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  let at = data.indexOf(sep)
  while (at >= 0) {
    const next = data.indexOf(sep, at + sep.length)
    if (next < 0) return undefined
    const part = data.subarray(at + sep.length, next)
    const headEnd = part.indexOf('\r\n\r\n')
    if (headEnd >= 0 && /name="media"/.test(part.subarray(0, headEnd).toString('utf8'))) return part.subarray(headEnd + 4, part.length - 2)
    at = next
  }
  return undefined
}

const IMAGE_MAGIC = [Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from([0xff, 0xd8, 0xff])]

/** `stableOnly`: a gateway serving only /cgi-bin/stable_token (the classic /cgi-bin/token answers 404) */
export async function startFakeWechatApi(o: { appId?: string; secret?: string; stableOnly?: boolean } = {}): Promise<FakeWechatApi> {
  const appId = o.appId ?? 'wxfake0000000001'
  const secret = o.secret ?? 'fake-app-secret'
  let token: string | undefined
  const expired = new Set<string>()
  const failures = new Map<string, { code: number | 'html'; n: number }>()
  const api = {
    appId,
    secret,
    calls: [] as { path: string; token?: string }[],
    tokensIssued: 0,
    drafts: new Map<string, FakeArticle>(),
    published: [] as Published[],
    comments: new Map<string, FakeComment[]>(),
    images: new Map<string, Buffer>(),
  }
  let seq = 0
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const path = url.pathname
      const accessToken = url.searchParams.get('access_token') ?? undefined
      api.calls.push({ path, ...(accessToken ? { token: accessToken } : {}) })
      const send = (json: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(json))
      }
      const fail = failures.get(path)
      if (fail && fail.n > 0) {
        fail.n--
        if (fail.code === 'html') {
          res.writeHead(502, { 'content-type': 'text/html' })
          return res.end('<html><body>502 Bad Gateway</body></html>')
        }
        return send({ errcode: fail.code, errmsg: 'fake failure' })
      }
      if (path === '/cgi-bin/stable_token' && req.method === 'POST') {
        const b = await body(req)
        if (b.appid !== appId || b.secret !== secret) return send({ errcode: 40125, errmsg: 'invalid appsecret' })
        // the stable token stays the same while valid, unless force_refresh
        if (!token || b.force_refresh === true) {
          if (token) expired.add(token)
          token = `STABLE_${++api.tokensIssued}`
        }
        return send({ access_token: token, expires_in: 7200 })
      }
      if (path === '/cgi-bin/token' && o.stableOnly) {
        res.writeHead(404)
        return res.end('not found')
      }
      if (path === '/cgi-bin/token') {
        if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret)
          return send({ errcode: 40125, errmsg: 'invalid appsecret' })
        if (token) expired.add(token)
        token = `TOKEN_${++api.tokensIssued}`
        return send({ access_token: token, expires_in: 7200 })
      }
      if (!accessToken || accessToken !== token)
        return send({ errcode: accessToken && expired.has(accessToken) ? 42001 : 40001, errmsg: 'invalid credential' })
      if (path === '/cgi-bin/material/add_material') {
        const file = mediaPart(req, await raw(req))
        if (url.searchParams.get('type') !== 'image' || !file) return send({ errcode: 40004, errmsg: 'invalid media type' })
        if (!IMAGE_MAGIC.some((m) => file.subarray(0, m.length).equals(m))) return send({ errcode: 40113, errmsg: 'unsupported file type' })
        const mediaId = `IMAGE_${++seq}`
        api.images.set(mediaId, file)
        return send({ media_id: mediaId, url: `http://mmbiz.qpic.cn/fake/${mediaId}` })
      }
      const b = req.method === 'POST' ? await body(req) : {}
      switch (path) {
        case '/cgi-bin/draft/add': {
          const a = (b.articles as (FakeArticle & { thumb_media_id?: string })[] | undefined)?.[0]
          if (!a?.title || !a.content) return send({ errcode: 40002, errmsg: 'invalid article' })
          if (!a.thumb_media_id || !api.images.has(a.thumb_media_id)) return send({ errcode: 40007, errmsg: 'invalid media_id' })
          const mediaId = `MEDIA_${++seq}`
          api.drafts.set(mediaId, { title: a.title, content: a.content })
          return send({ media_id: mediaId })
        }
        case '/cgi-bin/draft/get': {
          const d = api.drafts.get(String(b.media_id))
          return d ? send({ news_item: [d] }) : send({ errcode: 40007, errmsg: 'invalid media_id' })
        }
        case '/cgi-bin/freepublish/batchget': {
          const offset = Number(b.offset ?? 0)
          const count = Number(b.count ?? 20)
          const newest = [...api.published].reverse()
          return send({
            total_count: newest.length,
            item_count: Math.min(count, Math.max(0, newest.length - offset)),
            item: newest
              .slice(offset, offset + count)
              .map((p) => ({ article_id: p.article_id, update_time: p.update_time, content: { news_item: p.news_item } })),
          })
        }
        case '/cgi-bin/freepublish/getarticle': {
          const p = api.published.find((x) => x.article_id === b.article_id)
          return p ? send({ news_item: p.news_item }) : send({ errcode: 53600, errmsg: 'invalid article_id' })
        }
        case '/cgi-bin/comment/list': {
          if (!api.published.some((p) => p.msg_data_id === String(b.msg_data_id))) return send({ errcode: 88001, errmsg: 'msg_data is not exist' })
          const all = api.comments.get(`${String(b.msg_data_id)}:${Number(b.index ?? 0)}`) ?? []
          const begin = Number(b.begin ?? 0)
          const count = Number(b.count ?? 50)
          if (count < 1 || count > 50) return send({ errcode: 88010, errmsg: 'count range error. cout <= 0 or count > 50' })
          return send({ errcode: 0, errmsg: 'ok', total: all.length, comment: all.slice(begin, begin + count) })
        }
        default:
          res.writeHead(404)
          res.end('not found')
      }
    })().catch((err: unknown) => {
      res.writeHead(500)
      res.end(String(err))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    expireToken() {
      if (token) expired.add(token)
      token = `${token}-revoked`
    },
    failNext(path: string, code: number | 'html', n = 1) {
      failures.set(path, { code, n })
    },
    publish(from: { mediaId: string } | FakeArticle, atSec: number) {
      const article = 'mediaId' in from ? api.drafts.get(from.mediaId)! : from
      if ('mediaId' in from) api.drafts.delete(from.mediaId)
      const n = ++seq
      const id = `ARTICLE_${n}_`.padEnd(43, 'x')
      const mid = String(2247483000 + n)
      const url = `http://mp.weixin.qq.com/s?__biz=MzA5NTY3MDk2MA==&mid=${mid}&idx=1&sn=${n.toString(16).padStart(32, '0')}&chksm=fake#rd`
      api.published.push({ article_id: id, msg_data_id: mid, update_time: atSec, news_item: [{ ...article, url }] })
      return id
    },
    addComment(articleId: string, index: number, c: Omit<FakeComment, 'user_comment_id'>) {
      const article = api.published.find((p) => p.article_id === articleId)
      if (!article) throw new Error(`fake WeChat: no published article ${articleId}`)
      const key = `${article.msg_data_id}:${index}`
      const list = api.comments.get(key) ?? []
      const comment = { ...c, user_comment_id: list.length + 1 }
      list.push(comment)
      api.comments.set(key, list)
      return comment
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  })
}
