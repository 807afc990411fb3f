/** Redis for tests: the server under REDIS_URL (default local), a random key prefix per test, cleaned up after. */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

export function redisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379'
}

export interface RedisTestPrefix {
  url: string
  /** unique to this call, e.g. "sanshen-test-3fa9c1d2e4b5" */
  prefix: string
  /** Deletes every key under the prefix and closes the connection it used. */
  cleanup(): Promise<void>
}

export function withRedisPrefix(): RedisTestPrefix {
  const url = redisUrl()
  const prefix = `sanshen-test-${randomBytes(6).toString('hex')}`
  return {
    url,
    prefix,
    async cleanup() {
      const client = new Redis(url)
      try {
        let cursor = '0'
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
          if (keys.length > 0) await client.del(...keys)
          cursor = next
        } while (cursor !== '0')
      } finally {
        await client.quit()
      }
    },
  }
}
