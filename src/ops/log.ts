import { type Logger, pino } from 'pino'
import type { Env } from '../config/env.js'

/**
 * The process logger: JSON lines in production (for journald, Docker and log shippers), readable
 * lines in a terminal — when stdout is a TTY or LOG_FORMAT=pretty (LOG_FORMAT=json forces JSON).
 * A small formatter rather than pino-pretty, which is not a dependency.
 */
export function createLogger(env: Env, out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): Logger {
  const level = env.LOG_LEVEL ?? 'info'
  const pretty = env.LOG_FORMAT === 'pretty' || (env.LOG_FORMAT !== 'json' && Boolean(out.isTTY))
  if (!pretty) return pino({ name: 'sanshen', level }, out)
  return pino({ name: 'sanshen', level }, { write: (line: string) => out.write(prettyLine(line)) })
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' }
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v'])

/** One pino JSON line as `12:03:04 INFO  message key=value …`, an error's stack indented below. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>
  try {
    o = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`
  }
  const time = typeof o.time === 'number' ? new Date(o.time).toTimeString().slice(0, 8) : ''
  const fields = Object.entries(o)
    .filter(([k]) => !OMIT.has(k) && k !== 'err')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  const err = o.err as { message?: string; stack?: string } | undefined
  const lines = [[time, LEVELS[o.level as number] ?? String(o.level), String(o.msg ?? ''), ...fields].filter(Boolean).join(' ')]
  if (err) lines.push(`  ${(err.stack ?? err.message ?? '').split('\n').join('\n  ')}`)
  return `${lines.join('\n')}\n`
}
