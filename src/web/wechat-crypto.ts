import { createDecipheriv, createHash } from 'node:crypto'
import { constantTimeEqual } from './constant-time-equal.js'

/**
 * The Official Account message-push protocol (公众号消息加解密): the URL signature, the safe-mode
 * msg_signature, and AES-256-CBC decryption of the Encrypt field. Only decryption lives here: the
 * server always answers the plain word `success`, so it never has to encrypt a reply.
 */

/** sha1 over the lexically sorted parts, concatenated: both `signature` and `msg_signature`. */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')
}

/** Whether a hex signature WeChat sent (either case) is the expected one, in constant time. */
export function sameSignature(expected: string, given: string | undefined): boolean {
  return given !== undefined && constantTimeEqual(expected, given.toLowerCase())
}

/** The 32-byte AES key from the 43-character EncodingAESKey (base64 without its trailing "="). */
export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new Error('WECHAT_AES_KEY must be the 43-character EncodingAESKey from the Official Account settings')
  }
  return key
}

export class WechatCryptoError extends Error {}

/**
 * Decrypts an Encrypt field: AES-256-CBC with the key's first 16 bytes as IV, PKCS#7 padding to
 * 32-byte blocks; the plaintext is 16 random bytes, the message length (4 bytes, big-endian), the
 * message, then the AppID it was sent for, which must match ours.
 */
export function decryptMessage(key: Buffer, encrypted: string, appId: string): string {
  let plain: Buffer
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
    decipher.setAutoPadding(false)
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()])
  } catch {
    throw new WechatCryptoError('cannot decrypt')
  }
  const pad = plain[plain.length - 1] ?? 0
  if (pad < 1 || pad > 32 || pad > plain.length) throw new WechatCryptoError('bad padding')
  const body = plain.subarray(0, plain.length - pad)
  if (body.length < 20) throw new WechatCryptoError('too short')
  const length = body.readUInt32BE(16)
  if (20 + length > body.length) throw new WechatCryptoError('bad length')
  const message = body.subarray(20, 20 + length).toString('utf8')
  const sender = body.subarray(20 + length).toString('utf8')
  if (sender !== appId) throw new WechatCryptoError('message is for another AppID')
  return message
}
