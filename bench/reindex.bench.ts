import { ensureIndexed } from '../src/bot/index-terms.js'
import { createRedisStore } from '../src/store/redis-store.js'
import { startScratchRedis } from '../test/helpers/redis-server.js'

/**
 * The pass start-up makes over every stored document after an INDEX_VERSION bump (ensureIndexed),
 * on a redis-server of its own holding n approved drafts without terms: how long it takes and how
 * much the heap grows at most meanwhile (it reads a page at a time, so this should not grow with n).
 * `npx tsx bench/run.ts reindex [n]` (default 50000).
 */
export const name = 'Re-indexing every draft after an INDEX_VERSION bump (Redis)'

export async function run(scale = '50000'): Promise<string[]> {
  const n = Number(scale)
  const redis = await startScratchRedis()
  const store = await createRedisStore({ url: redis.url })
  try {
    const body = '正文'.repeat(200)
    for (let i = 0; i < n; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
        const at = Date.UTC(2025, 0, 1) + (i + k) * 60_000
        const draft = { id: `D${i + k + 1}`, rev: 0, status: 'approved', createdAt: at, updatedAt: at, group: 'g', account: 'wechat' }
        return store.commit(
          'drafts',
          { ...draft, submitter: { contactId: 'c', name: '甲' }, approvals: [], remarks: [], versions: [{ body }] },
          0,
          [],
        )
      })
      await Promise.all(batch)
    }
    const heap = process.memoryUsage().heapUsed
    let peak = heap
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    }, 20)
    const t = performance.now()
    let logged = 0
    await ensureIndexed(store, { info: () => logged++ })
    clearInterval(sampler)
    const seconds = (performance.now() - t) / 1000
    return [
      `${n} drafts: ${seconds.toFixed(1)} s (${(n / seconds).toFixed(0)} a second), heap at most +${((peak - heap) / 1e6).toFixed(0)} MB, ${logged} log lines, ${await store.count('drafts', 'created')} indexed`,
    ]
  } finally {
    await store.close()
    await redis.dispose()
  }
}
