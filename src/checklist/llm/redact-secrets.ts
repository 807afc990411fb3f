/**
 * A provider's error message as it may be logged. Gateways repeat what they were sent (a 401 that
 * quotes the key, a proxy echoing the Authorization header), so whatever a provider answers, the
 * configured secrets, bearer tokens, `sk-` keys, `key=value` credentials and long opaque tokens are
 * cut out before the text reaches a log line; a long answer (an HTML error page) is cut short.
 */
const MAX_CHARS = 300
const PATTERNS: Array<[RegExp, string]> = [
  [/\b(bearer|basic)\s+[^\s"',;]+/gi, '$1 [redacted]'],
  [/\bsk-[A-Za-z0-9_-]{4,}/g, 'sk-[redacted]'],
  [/\b(api[_-]?key|access[_-]?token|token|secret|password|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi, '$1$2[redacted]'],
]
/** an opaque token of 24+ characters mixing letters and digits: a key without a known prefix */
const OPAQUE = /[A-Za-z0-9_\-.]{24,}/g

export function redactSecrets(message: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = message
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]')
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  out = out.replace(OPAQUE, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? '[redacted]' : m))
  return out.length > MAX_CHARS ? `${out.slice(0, MAX_CHARS)}…` : out
}
