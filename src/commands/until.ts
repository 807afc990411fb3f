import * as chrono from 'chrono-node'
import { shanghaiDate, shanghaiInstant, shanghaiMinuteOfDay } from '../deadlines/shanghai-time.js'

/**
 * "至 明天下午3点", "到 11月25日", "until 2026-11-25 18:00", "3天": a time the user means in
 * Asia/Shanghai, whatever the server's time zone. A date without a time means the end of that
 * day. chrono-node reads the Chinese and English phrases; only the "N天/N小时" shorthand is ours.
 *
 * chrono's Chinese parser resolves "明天" against the process's local date even when given a
 * time-zone offset, so it is handed a reference whose local wall clock IS Shanghai's, and the
 * date and time it reads are turned back into an instant in Shanghai.
 */
/** Farther than this is a typo or an attack (100000000天 overflows Date), never a leave or a promise. */
const MAX_AHEAD_MS = 2 * 366 * 86_400_000

export function parseUntil(text: string, now: number): number | undefined {
  const at = readUntil(text, now)
  return at !== undefined && Number.isFinite(at) && at - now <= MAX_AHEAD_MS ? at : undefined
}

function readUntil(text: string, now: number): number | undefined {
  const t = text
    .normalize('NFKC')
    .replace(/^(至|到|直到|until|till|to)\s*/i, '')
    .trim()
  if (!t) return undefined
  const span = /^(\d+(?:\.\d+)?)\s*(天|日|小时|h|d)$/i.exec(t)
  if (span) return now + Number(span[1]) * (/[天日d]/i.test(span[2]!) ? 86_400_000 : 3_600_000)
  const [y, mo, d] = shanghaiDate(now).split('-').map(Number) as [number, number, number]
  const minute = shanghaiMinuteOfDay(now)
  const ref = new Date(y, mo - 1, d, Math.floor(minute / 60), minute % 60)
  const parsed = chrono.zh.hans.parse(t, ref, { forwardDate: true })[0] ?? chrono.en.parse(t, ref, { forwardDate: true })[0]
  if (!parsed) return undefined
  const c = parsed.start
  const date = [c.get('year'), c.get('month'), c.get('day')].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-')
  const at = c.isCertain('hour') ? (c.get('hour') ?? 0) * 60 + (c.get('minute') ?? 0) : 24 * 60 - 1
  return shanghaiInstant(date, at)
}
