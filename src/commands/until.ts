import * as chrono from 'chrono-node'
import { shanghaiDate, shanghaiInstant } from '../deadlines/shanghai-time.js'

/**
 * "至 明天下午3点", "到 11月25日", "until 2026-11-25 18:00", "3天": when a leave ends, read in
 * Asia/Shanghai. A date without a time means the end of that day. chrono-node does the Chinese and
 * English phrase parsing; only the "N天/N小时" shorthand is ours.
 */
export function parseUntil(text: string, now: number): number | undefined {
  const t = text.normalize('NFKC').replace(/^(至|到|直到|until|till|to)\s*/i, '').trim()
  if (!t) return undefined
  const span = /^(\d+(?:\.\d+)?)\s*(天|日|小时|h|d)$/i.exec(t)
  if (span) return now + Number(span[1]) * (/[天日d]/i.test(span[2]!) ? 86_400_000 : 3_600_000)
  const ref = { instant: new Date(now), timezone: 480 }
  const parsed = chrono.zh.hans.parse(t, ref, { forwardDate: true })[0] ?? chrono.en.parse(t, ref, { forwardDate: true })[0]
  if (!parsed) return undefined
  const at = parsed.start.date().getTime()
  if (parsed.start.isCertain('hour')) return at
  return shanghaiInstant(shanghaiDate(at), 24 * 60 - 1)
}
