import type { FastifyRequest } from 'fastify'

/**
 * Why a form post did not come from the dashboard's own pages, or undefined when it did. A
 * SameSite=Strict cookie keeps another site from acting *as* a supervisor, but not from making
 * the browser post to /dashboard/logout, whose answer clears the cookie (a forced logout), or to
 * /dashboard/login (logging the browser in under a token of the attacker's choosing). Browsers say
 * where a request comes from: Sec-Fetch-Site (all current browsers), else Origin, which is
 * compared with the Host the request was sent to (nginx and Caddy in deploy/ pass it on). A
 * request with neither is not a browser's cross-site form: curl, a script, a test.
 */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? undefined : `sec-fetch-site: ${site}`
  const origin = request.headers.origin
  if (origin === undefined) return undefined
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return `origin: ${origin}`
  }
  return host && host === request.host ? undefined : `origin: ${origin}`
}
