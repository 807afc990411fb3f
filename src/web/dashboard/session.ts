import { createHmac, randomBytes } from 'node:crypto'
import { constantTimeEqual } from '../constant-time-equal.js'

/**
 * The dashboard's login cookie: `<expiry>.<session id>.<hmac(token, expiry, id)>`. Checked without
 * a lookup, so it survives a restart, and changing SANSHEN_DASHBOARD_TOKEN logs everyone out. It
 * never contains the token. Logging out records the session id as ended (see routes.ts), so a
 * copied cookie stops working at once instead of at its expiry.
 */
export const COOKIE = 'sanshen_dashboard'
const LIFETIME_MS = 12 * 60 * 60 * 1000

const mac = (token: string, expiry: string, id: string) => createHmac('sha256', token).update(`dashboard:${expiry}:${id}`).digest('base64url')

export function tokenMatches(token: string, given: unknown): boolean {
  return typeof given === 'string' && constantTimeEqual(token, given)
}

/** `now` is real time (Date.now): a session is about the browser, not the bot's clock. */
export function issueSession(token: string, now: number): { value: string; maxAgeSeconds: number } {
  const expiry = String(now + LIFETIME_MS)
  const id = randomBytes(12).toString('base64url')
  return { value: `${expiry}.${id}.${mac(token, expiry, id)}`, maxAgeSeconds: LIFETIME_MS / 1000 }
}

/** The session of a well-signed, unexpired cookie: its id and expiry; undefined otherwise. */
export function sessionOf(token: string, cookieHeader: string | undefined, now: number): { id: string; expiry: number } | undefined {
  const value = readCookie(cookieHeader, COOKIE)
  const [expiry, id, signature, extra] = value?.split('.') ?? []
  if (!expiry || !id || !signature || extra !== undefined || !(Number(expiry) > now)) return undefined
  return constantTimeEqual(mac(token, expiry, id), signature) ? { id, expiry: Number(expiry) } : undefined
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}
