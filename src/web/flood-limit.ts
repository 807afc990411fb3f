import type { Clock } from '../clock.js'

/**
 * A per-source token bucket: `burst` requests at once, refilled at `perSecond`. Written by hand
 * rather than adding @fastify/rate-limit because one process and one in-memory map is all the
 * intake endpoints need, and it reads time from our clock so tests need no sleeps.
 */
export interface FloodLimit {
  /** true when `source` may make one more request now (and spends a token) */
  allow(source: string): boolean
  /** true when `source` has a token left now; spends nothing */
  has(source: string): boolean
}

export interface FloodLimitOptions {
  burst: number
  perSecond: number
  /** how many sources are remembered before full buckets are forgotten */
  maxSources?: number
}

export function createFloodLimit(clock: Clock, o: FloodLimitOptions): FloodLimit {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const maxSources = o.maxSources ?? 10_000
  const refill = (b: { tokens: number; at: number }, now: number) => {
    b.tokens = Math.min(o.burst, b.tokens + ((now - b.at) / 1000) * o.perSecond)
    b.at = now
  }
  return {
    has(source) {
      const bucket = buckets.get(source)
      if (!bucket) return true
      refill(bucket, clock.now())
      return bucket.tokens >= 1
    },
    allow(source) {
      const now = clock.now()
      if (buckets.size >= maxSources && !buckets.has(source)) {
        for (const [k, b] of buckets) {
          refill(b, now)
          if (b.tokens >= o.burst) buckets.delete(k)
        }
      }
      const bucket = buckets.get(source) ?? { tokens: o.burst, at: now }
      refill(bucket, now)
      buckets.set(source, bucket)
      if (bucket.tokens < 1) return false
      bucket.tokens -= 1
      return true
    },
  }
}
