import { createCipheriv, createHash, randomBytes } from 'node:crypto'

/**
 * Builds the requests WeChat sends, written from the public protocol description (公众号消息加解密
 * 说明) independently of src/web/wechat-crypto.ts, so the tests check the server against the
 * protocol and not against itself.
 */
export const TOKEN = 'sanshenTestToken'
export const APP_ID = 'wx1234567890abcdef'
/** 43 characters of base64 (32 bytes once "=" is appended) */
export const AES_KEY = Buffer.alloc(32, 7).toString('base64').slice(0, 43)

export function sha1Sorted(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')
}

export function textMessageXml(o: { msgId: string; content: string; from?: string; createTime?: number }): string {
  return `<xml><ToUserName><![CDATA[gh_sanshen]]></ToUserName><FromUserName><![CDATA[${o.from ?? 'oUser_abc'}]]></FromUserName><CreateTime>${o.createTime ?? 1700000000}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${o.content}]]></Content><MsgId>${o.msgId}</MsgId></xml>`
}

/** random(16) + length(4, big-endian) + message + AppID, PKCS#7 to 32, AES-256-CBC, IV = key[0..16). */
export function encrypt(message: string, appId = APP_ID, aesKey = AES_KEY): string {
  const key = Buffer.from(`${aesKey}=`, 'base64')
  const msg = Buffer.from(message, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(msg.length)
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId)])
  const pad = 32 - (plain.length % 32)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64')
}

export interface SignedQuery {
  timestamp: string
  nonce: string
  signature: string
  [k: string]: string
}

/** A fresh nonce each time, as WeChat sends: the server refuses a signed URL replayed with another body. */
export function signedQuery(nowMs: number, token = TOKEN, nonce = String(Math.floor(Math.random() * 1e10))): SignedQuery {
  const timestamp = String(Math.floor(nowMs / 1000))
  return { timestamp, nonce, signature: sha1Sorted(token, timestamp, nonce), openid: 'oUser_abc' }
}

/** The safe-mode body and query: <Encrypt> plus msg_signature over token, timestamp, nonce, Encrypt. */
export function safeModeRequest(nowMs: number, innerXml: string, o: { token?: string; appId?: string } = {}): { query: SignedQuery; body: string } {
  const token = o.token ?? TOKEN
  const query = signedQuery(nowMs, token)
  const encrypted = encrypt(innerXml, o.appId)
  query.encrypt_type = 'aes'
  query.msg_signature = sha1Sorted(token, query.timestamp, query.nonce, encrypted)
  return { query, body: `<xml><ToUserName><![CDATA[gh_sanshen]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>` }
}

export function withQuery(base: string, query: Record<string, string>): string {
  return `${base}?${new URLSearchParams(query).toString()}`
}
