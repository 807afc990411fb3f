import type { Account, Config } from '../../config/schema.js'
import type { Clock } from '../../clock.js'
import { accountSecret } from '../../platforms/env.js'
import type { Fetch } from '../../platforms/http.js'
import { createWechatOaClient, type WechatOaClient } from '../../platforms/wechat-oa/client.js'
import { createWeiboClient, type WeiboClient } from '../../platforms/weibo/client.js'
import type { Store } from '../../store/store.js'

/**
 * The accounts whose platform API sanshen can reach: those with credentials in the environment
 * (WECHAT_<ACCOUNT>_APPID + _SECRET, WEIBO_<ACCOUNT>_ACCESS_TOKEN, or the unprefixed ones), with
 * their API client and poll interval.
 */
export interface LinkedAccount {
  key: string
  account: Account
  intervalMs: number
  wechat?: WechatOaClient
  weibo?: WeiboClient
}

export interface LinkOptions {
  config: Config
  env: Record<string, string | undefined>
  store: Store
  clock: Clock
  owner: string
  fetch?: Fetch
}

export function linkAccounts(o: LinkOptions): LinkedAccount[] {
  const every = Number(o.env.SANSHEN_PLATFORM_POLL_SECONDS)
  const links: LinkedAccount[] = []
  for (const [key, account] of Object.entries(o.config.accounts)) {
    const intervalMs = (Number.isFinite(every) && every > 0 ? every : account.sync.pollSeconds) * 1000
    const fetchOption = o.fetch ? { fetch: o.fetch } : {}
    if (account.platform === 'wechat') {
      const appId = accountSecret(o.env, 'WECHAT', key, 'APPID')
      const secret = accountSecret(o.env, 'WECHAT', key, 'SECRET')
      if (!appId || !secret) continue
      const wechat = createWechatOaClient({
        appId,
        secret,
        base: o.env.WECHAT_API_BASE,
        store: o.store,
        clock: o.clock,
        owner: o.owner,
        ...fetchOption,
      })
      links.push({ key, account, intervalMs, wechat })
    } else {
      const accessToken = accountSecret(o.env, 'WEIBO', key, 'ACCESS_TOKEN')
      if (!accessToken) continue
      links.push({ key, account, intervalMs, weibo: createWeiboClient({ accessToken, base: o.env.WEIBO_API_BASE, ...fetchOption }) })
    }
  }
  return links
}

/** The streams polled for an account, as its `sync` settings ask. */
export function streamsOf(link: LinkedAccount): string[] {
  const s = link.account.sync
  if (link.wechat)
    return [...(s.publishGuard ? ['published'] : []), ...(s.publishGuard && s.draftBox ? ['draft-box'] : []), ...(s.comments ? ['comments'] : [])]
  return [...(s.publishGuard ? ['timeline'] : []), ...(s.comments ? ['comments', 'mentions'] : [])]
}
