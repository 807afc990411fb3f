import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { Clock } from '../clock.js'
import { IntakeError, type Intake, type IntakeResult } from '../public-messages/intake.js'
import type { Config } from '../config/schema.js'
import { accountSecret } from '../platforms/env.js'
import type { Metrics } from './metrics.js'
import { createRecentDeliveries } from './recent-deliveries.js'
import { refuse } from './refuse.js'
import { WechatCryptoError, aesKeyOf, decryptMessage, sameSignature, wechatSignature } from './wechat-crypto.js'

/**
 * The Official Account message push (消息推送): GET is WeChat checking the URL, POST delivers a
 * user's message, plain or in safe mode (encrypt_type=aes). Secrets come from the environment:
 * WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APPID, or per account WECHAT_<ACCOUNT>_TOKEN and so on
 * (account key upper-cased, "-" as "_") when several accounts push to one bot.
 */
export interface WechatRouteOptions {
  config: Config
  clock: Clock
  env: Record<string, string | undefined>
  intake?: Intake
  /** a PUBLISHJOBFINISH event (the account published an article): checked against the approved versions */
  published?: (account: string, articleId: string) => Promise<void>
  metrics: Metrics
  guard: onRequestHookHandler
  /** answer `success` after this long even if the intake is still busy (WeChat gives up at 5 s) */
  ackWithinMs?: number
}

const MAX_SKEW_MS = 5 * 60 * 1000
const xml = new XMLParser({ parseTagValue: false, processEntities: true, trimValues: false })

interface PushQuery {
  signature?: string
  timestamp?: string
  nonce?: string
  echostr?: string
  encrypt_type?: string
  msg_signature?: string
}

function secret(env: WechatRouteOptions['env'], account: string, name: 'TOKEN' | 'AES_KEY' | 'APPID'): string | undefined {
  return accountSecret(env, 'WECHAT', account, name)
}

/**
 * The one identity of a pushed message: a MsgId is unique only within its Official Account. It
 * keys the recent deliveries here and is the externalId the intake stores (as `wechat:<key>`), so
 * a retry after a restart is recognised and two accounts' equal MsgIds never meet.
 */
function wechatMessageKey(account: string, msgId: string): string {
  return `${account}:${msgId}`
}

/** The `<xml>` element's children as strings, or undefined when the text is not such a document. */
function parseXml(text: unknown): Record<string, string> | undefined {
  if (typeof text !== 'string' || text.trim() === '' || XMLValidator.validate(text) !== true) return undefined
  const root = (xml.parse(text) as { xml?: unknown }).xml
  return root && typeof root === 'object' ? (root as Record<string, string>) : undefined
}

export function registerWechatRoutes(app: FastifyInstance, o: WechatRouteOptions): void {
  const deliveries = createRecentDeliveries<IntakeResult>()
  const ackWithinMs = o.ackWithinMs ?? 4_000

  /** Logged and counted as refused, but answered `success`: WeChat retrying it would change nothing. */
  const notTakenIn = (request: FastifyRequest, reply: FastifyReply | undefined, err: IntakeError, msgId: string) => {
    o.metrics.refused.inc({ route: request.routeOptions.url ?? 'unknown', reason: 'invalid' })
    request.log.warn({ reason: 'invalid', detail: err.message, msgId }, 'wechat message not taken in')
    return reply?.type('text/plain').send('success')
  }

  /** The account and token of a push whose URL signature is right and recent; else the request is refused. */
  const authenticate = (request: FastifyRequest, reply: FastifyReply): { account: string; token: string } | undefined => {
    const { account } = request.params as { account: string }
    if (o.config.accounts[account]?.platform !== 'wechat') return void refuse(o.metrics, request, reply, 'unknown-account', account)
    const token = secret(o.env, account, 'TOKEN')
    if (!token) return void refuse(o.metrics, request, reply, 'not-configured', 'WECHAT_TOKEN')
    const q = request.query as PushQuery
    if (!q.timestamp || !q.nonce || !sameSignature(wechatSignature(token, q.timestamp, q.nonce), q.signature)) {
      return void refuse(o.metrics, request, reply, 'bad-signature')
    }
    if (!(Math.abs(o.clock.now() - Number(q.timestamp) * 1000) <= MAX_SKEW_MS)) return void refuse(o.metrics, request, reply, 'stale', q.timestamp)
    return { account, token }
  }

  /**
   * 发布能力 result push: publish_status 0 is a successful publish of article_id. Answered at once;
   * the check (getarticle, compare, announce) runs after, once per article however often WeChat retries.
   */
  const publishJobFinished = (request: FastifyRequest, reply: FastifyReply, account: string, message: Record<string, unknown>) => {
    const info = message.PublishEventInfo as Record<string, unknown> | undefined
    const status = String(info?.publish_status ?? '')
    const articleId = typeof info?.article_id === 'string' ? info.article_id.trim() : ''
    if (status !== '0' || !articleId) {
      request.log.info({ account, status, publishId: info?.publish_id }, 'PUBLISHJOBFINISH without a published article')
      return reply.type('text/plain').send('success')
    }
    if (!o.published) return refuse(o.metrics, request, reply, 'not-configured', 'publish guard')
    o.published(account, articleId).catch((err: unknown) => request.log.error({ err, account, articleId }, 'publish check failed; the next poll of freepublish/batchget tries again'))
    request.log.info({ account, articleId }, 'PUBLISHJOBFINISH: checking the published article')
    return reply.type('text/plain').send('success')
  }

  app.get('/wechat/:account', { onRequest: o.guard }, async (request, reply) => {
    if (!authenticate(request, reply)) return reply
    return reply.type('text/plain').send((request.query as PushQuery).echostr ?? '')
  })

  app.post('/wechat/:account', { onRequest: o.guard }, async (request, reply) => {
    const auth = authenticate(request, reply)
    if (!auth) return reply
    const q = request.query as PushQuery
    const outer = parseXml(request.body)
    if (!outer) return refuse(o.metrics, request, reply, 'malformed', 'not an <xml> document')
    let message = outer
    if (q.encrypt_type === 'aes') {
      const encrypted = outer.Encrypt
      if (!encrypted) return refuse(o.metrics, request, reply, 'malformed', 'safe mode without <Encrypt>')
      if (!sameSignature(wechatSignature(auth.token, q.timestamp!, q.nonce!, encrypted), q.msg_signature)) {
        return refuse(o.metrics, request, reply, 'bad-signature', 'msg_signature')
      }
      const aesKey = secret(o.env, auth.account, 'AES_KEY')
      const appId = secret(o.env, auth.account, 'APPID')
      if (!aesKey || !appId) return refuse(o.metrics, request, reply, 'not-configured', 'WECHAT_AES_KEY / WECHAT_APPID')
      try {
        const inner = parseXml(decryptMessage(aesKeyOf(aesKey), encrypted, appId))
        if (!inner) return refuse(o.metrics, request, reply, 'malformed', 'decrypted text is not an <xml> document')
        message = inner
      } catch (err) {
        if (err instanceof WechatCryptoError) return refuse(o.metrics, request, reply, 'bad-signature', err.message)
        throw err
      }
    }
    if (message.MsgType === 'event' && message.Event === 'PUBLISHJOBFINISH') return publishJobFinished(request, reply, auth.account, message as Record<string, unknown>)
    if (message.MsgType !== 'text' || !message.Content || !message.MsgId || !message.FromUserName) {
      // Events, images and voice are acknowledged and left alone: only text is a public message.
      request.log.info({ msgType: message.MsgType }, 'wechat push ignored: not a text message')
      return reply.type('text/plain').send('success')
    }
    if (!o.intake) return refuse(o.metrics, request, reply, 'not-configured', 'intake')
    const intake = o.intake
    const key = wechatMessageKey(auth.account, message.MsgId)
    const { work, repeated } = deliveries.once(key, () =>
      intake({ account: auth.account, author: message.FromUserName!, text: message.Content!, externalId: key, source: 'wechat' }),
    )
    o.metrics.intake.inc({ source: 'wechat', outcome: repeated ? 'retry' : 'new' })
    let timer: NodeJS.Timeout | undefined
    const ack = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ackWithinMs)))
    try {
      const done = await Promise.race([work, ack])
      if (done === 'late') request.log.warn({ msgId: message.MsgId }, 'intake still busy; answered success to stop WeChat retrying')
      else request.log.info({ msgId: message.MsgId, comment: done.id, duplicate: done.duplicate || repeated }, 'wechat message taken in')
    } catch (err) {
      // A message the intake cannot take (a blank text) stays so on every retry: answer success.
      if (err instanceof IntakeError) return notTakenIn(request, reply, err, message.MsgId)
      // Not answering success makes WeChat retry the push, which gets a fresh attempt.
      request.log.error({ err, msgId: message.MsgId }, 'intake failed; WeChat will retry')
      return reply.code(500).type('text/plain').send('retry')
    } finally {
      clearTimeout(timer)
    }
    work.catch((err: unknown) =>
      err instanceof IntakeError ? notTakenIn(request, undefined, err, message.MsgId!) : request.log.error({ err, msgId: message.MsgId }, 'intake failed after the answer'),
    )
    return reply.type('text/plain').send('success')
  })
}
