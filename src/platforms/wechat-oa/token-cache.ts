import type { Clock } from '../../clock.js'
import type { Store, StoredDoc } from '../../store/store.js'

/**
 * The access_token of one Official Account, shared by every bot process through the Store: WeChat
 * keeps only the newest token valid, so two processes refreshing at once would log each other out.
 * One refresh at a time: a process takes a short lease with compare-and-set, fetches, writes the
 * token and frees the lease; the others wait for the new token instead of fetching their own.
 */
export interface TokenDoc extends StoredDoc {
  /** the AppID */
  id: string
  rev: number
  token?: string
  expiresAt?: number
  /** a process refreshing now, and until when it may */
  lease?: { owner: string; until: number }
}

const TOKENS = 'wechat-oa-tokens'
/** refreshed this long before WeChat's expiry, so no call goes out with a token about to die */
const REFRESH_MARGIN_MS = 5 * 60_000
const LEASE_MS = 20_000

export interface TokenCacheOptions {
  store: Store
  clock: Clock
  appId: string
  owner: string
  /** fetches a fresh token from WeChat */
  fetchToken(): Promise<{ token: string; expiresInSec: number }>
  /** how long to wait between looks at another process's refresh (real time) */
  waitMs?: number
}

export interface TokenCache {
  /** a valid token; `stale` is the token WeChat just refused, which forces a refresh even before expiry */
  get(stale?: string): Promise<string>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function createTokenCache(o: TokenCacheOptions): TokenCache {
  let inFlight: Promise<string> | undefined
  const usable = (d: TokenDoc | undefined, stale?: string): d is TokenDoc & { token: string } =>
    Boolean(d?.token && d.expiresAt !== undefined && d.expiresAt - REFRESH_MARGIN_MS > o.clock.now() && d.token !== stale)

  const refresh = async (stale?: string): Promise<string> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const doc = await o.store.get<TokenDoc>(TOKENS, o.appId)
      if (usable(doc, stale)) return doc.token
      const now = o.clock.now()
      if (doc?.lease && doc.lease.until > now && doc.lease.owner !== o.owner) {
        await sleep(o.waitMs ?? 100)
        continue
      }
      const leased: TokenDoc = { ...(doc ?? { id: o.appId, rev: 0 }), lease: { owner: o.owner, until: now + LEASE_MS } }
      const rev = await o.store.commit(TOKENS, leased, doc?.rev ?? 0, [])
      if (rev === false) continue
      let fresh: { token: string; expiresInSec: number }
      try {
        fresh = await o.fetchToken()
      } catch (err) {
        const { lease: _l, ...free } = leased
        await o.store.commit(TOKENS, { ...free, rev }, rev, [])
        throw err
      }
      const saved: TokenDoc = { id: o.appId, rev, token: fresh.token, expiresAt: o.clock.now() + fresh.expiresInSec * 1000 }
      await o.store.commit(TOKENS, saved, rev, [])
      return fresh.token
    }
    throw new Error(`access_token of ${o.appId}: another process holds the refresh lease for too long`)
  }

  return {
    async get(stale) {
      const doc = await o.store.get<TokenDoc>(TOKENS, o.appId)
      if (usable(doc, stale)) return doc.token
      // One refresh per process at a time; across processes the lease keeps it single.
      inFlight ??= refresh(stale).finally(() => (inFlight = undefined))
      return inFlight
    },
  }
}
