import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { z } from 'zod'
import type { Clock } from '../clock.js'
import { IntakeError, type Intake, type IntakeResult, type PublicMessageInput } from '../public-messages/intake.js'
import type { Config } from '../config/schema.js'
import { accountSecret } from '../platforms/env.js'
import type { IntakeSpool } from './intake-spool.js'
import type { Metrics } from './metrics.js'
import { PushXmlError, parsePushXml } from './push-xml.js'
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
  /** wall-clock time for the timestamp check: the bot's clock may be a simulated one */
  realClock: Clock
  env: Record<string, string | undefined>
  intake?: Intake | undefined
  /** a PUBLISHJOBFINISH event (the account published an article): checked against the approved versions */
  published?: ((account: string, articleId: string) => Promise<void>) | undefined
  metrics: Metrics
  guard: onRequestHookHandler
  /** answer `success` after this long even if the intake is still busy (WeChat gives up at 5 s) */
  ackWithinMs?: number
  /** where a push is made durable before `success` is answered; without one a push is answered only once stored */
  spool?: IntakeSpool | undefined
}

const MAX_SKEW_MS = 5 * 60 * 1000

/** Every parameter at most once and a string: a repeated one is not WeChat. */
const pushQuery = z.object({
  signature: z.string().optional(),
  timestamp: z.string().optional(),
  nonce: z.string().optional(),
  echostr: z.string().optional(),
  encrypt_type: z.string().optional(),
  msg_signature: z.string().optional(),
  openid: z.string().optional(),
})

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

/**
 * Signed URLs seen within the timestamp window, with a digest of the body they came with: WeChat
 * retries a push with the same body, but the same signed URL with another body is a replay.
 */
function createNonceMemory(windowMs: number, max = 50_000) {
  const seen = new Map<string, { digest: string; until: number }>()
  return {
    /** false when this signed URL was already used with another body */
    fresh(key: string, body: string, now: number): boolean {
      const digest = createHash('sha256').update(body).digest('base64')
      const known = seen.get(key)
      if (known && known.until > now) return known.digest === digest
      seen.set(key, { digest, until: now + windowMs })
      if (seen.size > max) {
        for (const [k, v] of seen) if (v.until <= now || seen.size > max) seen.delete(k)
      }
      return true
    },
  }
}

export function registerWechatRoutes(app: FastifyInstance, o: WechatRouteOptions): void {
  const deliveries = createRecentDeliveries<IntakeResult>()
  const nonces = createNonceMemory(2 * MAX_SKEW_MS)
  const ackWithinMs = o.ackWithinMs ?? 4_000

  /** Logged and counted as refused, but answered `success`: WeChat retrying it would change nothing. */
  const notTakenIn = (request: FastifyRequest, reply: FastifyReply | undefined, err: IntakeError, msgId: string) => {
    o.metrics.refused.inc({ route: request.routeOptions.url ?? 'unknown', reason: 'invalid' })
    request.log.warn({ reason: 'invalid', detail: err.message, msgId }, 'wechat message not taken in')
    return reply?.type('text/plain').send('success')
  }

  /** The account, token and query of a push whose URL signature is right and recent; else the request is refused. */
  const authenticate = (
    request: FastifyRequest,
    reply: FastifyReply,
  ): { account: string; token: string; q: z.infer<typeof pushQuery> } | undefined => {
    const { account } = request.params as { account: string }
    if (!Object.hasOwn(o.config.accounts, account) || o.config.accounts[account]?.platform !== 'wechat') {
      return void refuse(o.metrics, request, reply, 'unknown-account', account)
    }
    const parsed = pushQuery.safeParse(request.query)
    if (!parsed.success) return void refuse(o.metrics, request, reply, 'malformed', 'a query parameter repeated or not text')
    const q = parsed.data
    const token = secret(o.env, account, 'TOKEN')
    if (!token) return void refuse(o.metrics, request, reply, 'not-configured', 'WECHAT_TOKEN')
    if (!q.timestamp || !q.nonce || !sameSignature(wechatSignature(token, q.timestamp, q.nonce), q.signature)) {
      return void refuse(o.metrics, request, reply, 'bad-signature')
    }
    if (!(Math.abs(o.realClock.now() - Number(q.timestamp) * 1000) <= MAX_SKEW_MS))
      return void refuse(o.metrics, request, reply, 'stale', q.timestamp)
    return { account, token, q }
  }

  /**
   * 发布能力 result push: publish_status 0 is a successful publish of article_id. Answered at once;
   * the check (getarticle, compare, announce) runs after, once per article however often WeChat retries.
   */
  const publishJobFinished = (request: FastifyRequest, reply: FastifyReply, account: string, message: Record<string, string>) => {
    const status = message['PublishEventInfo.publish_status']
    const articleId = message['PublishEventInfo.article_id']?.trim()
    if (status !== '0' || !articleId) {
      request.log.info({ account, status, publishId: message['PublishEventInfo.publish_id'] }, 'PUBLISHJOBFINISH without a published article')
      return reply.type('text/plain').send('success')
    }
    if (!o.published) return refuse(o.metrics, request, reply, 'not-configured', 'publish guard')
    o.published(account, articleId).catch((err: unknown) =>
      request.log.error({ err, account, articleId }, 'publish check failed; the next poll of freepublish/batchget tries again'),
    )
    request.log.info({ account, articleId }, 'PUBLISHJOBFINISH: checking the published article')
    return reply.type('text/plain').send('success')
  }

  app.get('/wechat/:account', { onRequest: o.guard }, async (request, reply) => {
    const auth = authenticate(request, reply)
    if (!auth) return reply
    return reply.type('text/plain').send(auth.q.echostr ?? '')
  })

  app.post('/wechat/:account', { onRequest: o.guard }, async (request, reply) => {
    const auth = authenticate(request, reply)
    if (!auth) return reply
    const { q } = auth
    if (!nonces.fresh(`${auth.account}|${q.timestamp}|${q.nonce}|${q.signature}`, String(request.body ?? ''), o.realClock.now())) {
      return refuse(o.metrics, request, reply, 'replay')
    }
    let outer: Record<string, string>
    try {
      outer = parsePushXml(request.body)
    } catch (err) {
      if (err instanceof PushXmlError) return refuse(o.metrics, request, reply, 'malformed', err.message)
      throw err
    }
    let message = outer
    const aesKey = secret(o.env, auth.account, 'AES_KEY')
    if (q.encrypt_type === 'aes') {
      const encrypted = outer.Encrypt
      if (!encrypted) return refuse(o.metrics, request, reply, 'malformed', 'safe mode without <Encrypt>')
      if (!sameSignature(wechatSignature(auth.token, q.timestamp!, q.nonce!, encrypted), q.msg_signature)) {
        return refuse(o.metrics, request, reply, 'bad-signature', 'msg_signature')
      }
      const appId = secret(o.env, auth.account, 'APPID')
      if (!aesKey || !appId) return refuse(o.metrics, request, reply, 'not-configured', 'WECHAT_AES_KEY / WECHAT_APPID')
      try {
        message = parsePushXml(decryptMessage(aesKeyOf(aesKey), encrypted, appId))
      } catch (err) {
        if (err instanceof WechatCryptoError) return refuse(o.metrics, request, reply, 'bad-signature', err.message)
        if (err instanceof PushXmlError) return refuse(o.metrics, request, reply, 'malformed', `decrypted: ${err.message}`)
        throw err
      }
    } else if (aesKey) {
      // With an AES key the account is in safe mode: a plain push was not sent by WeChat.
      return refuse(o.metrics, request, reply, 'insecure', 'plain push while an AES key is configured')
    }
    if (message.MsgType === 'event' && message.Event === 'PUBLISHJOBFINISH') return publishJobFinished(request, reply, auth.account, message)
    if (message.MsgType !== 'text' || !message.Content || !message.MsgId || !message.FromUserName) {
      // Events, images and voice are acknowledged and left alone: only text is a public message.
      request.log.info({ msgType: message.MsgType }, 'wechat push ignored: not a text message')
      return reply.type('text/plain').send('success')
    }
    if (!o.intake) return refuse(o.metrics, request, reply, 'not-configured', 'intake')
    const intake = o.intake
    const key = wechatMessageKey(auth.account, message.MsgId)
    const input: PublicMessageInput & { externalId: string } = {
      account: auth.account,
      author: message.FromUserName,
      text: message.Content,
      externalId: key,
      source: 'wechat',
    }
    try {
      o.spool?.put(input)
    } catch (err) {
      // Not durable yet: not answering success makes WeChat retry.
      request.log.error({ err, msgId: message.MsgId }, 'spool write failed; WeChat will retry')
      return reply.code(503).type('text/plain').send('retry')
    }
    const { work, repeated } = deliveries.once(key, () => intake(input))
    o.metrics.intake.inc({ source: 'wechat', outcome: repeated ? 'retry' : 'new' })
    void work.then(
      () => o.spool?.remove(key),
      (err: unknown) => {
        // A message the intake cannot take (a blank text) stays so on every retry: it leaves the spool.
        if (err instanceof IntakeError) o.spool?.remove(key)
      },
    )
    let timer: NodeJS.Timeout | undefined
    const ack = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ackWithinMs)))
    try {
      const done = await Promise.race([work, ack])
      if (done === 'late') {
        if (!o.spool) {
          request.log.warn({ msgId: message.MsgId }, 'intake still busy and no spool: not acknowledged, WeChat will retry')
          return reply.code(503).type('text/plain').send('retry')
        }
        request.log.warn({ msgId: message.MsgId }, 'intake still busy; the push is spooled, answered success')
      } else request.log.info({ msgId: message.MsgId, comment: done.id, duplicate: done.duplicate || repeated }, 'wechat message taken in')
    } catch (err) {
      if (err instanceof IntakeError) return notTakenIn(request, reply, err, message.MsgId)
      if (o.spool) {
        request.log.error({ err, msgId: message.MsgId }, 'intake failed; the push is spooled and will be taken in when the store is back')
        return reply.type('text/plain').send('success')
      }
      // Not answering success makes WeChat retry the push, which gets a fresh attempt.
      request.log.error({ err, msgId: message.MsgId }, 'intake failed; WeChat will retry')
      return reply.code(503).type('text/plain').send('retry')
    } finally {
      clearTimeout(timer)
    }
    work.catch((err: unknown) =>
      err instanceof IntakeError
        ? notTakenIn(request, undefined, err, message.MsgId!)
        : request.log.error({ err, msgId: message.MsgId }, 'intake failed after the answer'),
    )
    return reply.type('text/plain').send('success')
  })
}
