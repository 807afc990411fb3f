import { createHmac } from 'node:crypto'
import { constantTimeEqual } from '../constant-time-equal.js'

/**
 * The dashboard's login cookie: `<expiry>.<hmac(token, expiry)>`. Stateless, so it survives a
 * restart, and changing SANSHEN_DASHBOARD_TOKEN logs everyone out. It never contains the token.
 */
export const COOKIE = 'sanshen_dashboard'
const LIFETIME_MS = 12 * 60 * 60 * 1000

const mac = (token: string, expiry: string) => createHmac('sha256', token).update(`dashboard:${expiry}`).digest('base64url')

export function tokenMatches(token: string, given: unknown): boolean {
  return typeof given === 'string' && constantTimeEqual(token, given)
}

/** `now` is real time (Date.now): a session is about the browser, not the bot's clock. */
export function issueSession(token: string, now: number): { value: string; maxAgeSeconds: number } {
  const expiry = String(now + LIFETIME_MS)
  return { value: `${expiry}.${mac(token, expiry)}`, maxAgeSeconds: LIFETIME_MS / 1000 }
}

export function validSession(token: string, cookieHeader: string | undefined, now: number): boolean {
  const value = readCookie(cookieHeader, COOKIE)
  const [expiry, signature] = value?.split('.') ?? []
  if (!expiry || !signature || !(Number(expiry) > now)) return false
  return constantTimeEqual(mac(token, expiry), signature)
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}
