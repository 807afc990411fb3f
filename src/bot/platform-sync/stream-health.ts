import { QUOTA_EXCEEDED, WechatApiError } from '../../platforms/wechat-oa/client.js'
import { WEIBO_RATE_LIMITS, WeiboApiError } from '../../platforms/weibo/client.js'

/**
 * What a failed poll means for the people who must act on it: a rate limit (wait, it passes), a
 * failure that will not pass by itself (a wrong id or credential, an expired token: someone must
 * change something, said at once), or a transient one (network, a 502), said only when it has
 * lasted TRANSIENT_FAILURES polls in a row.
 */
export type StreamFailure =
  | { kind: 'rate-limit'; code: number | undefined }
  | { kind: 'persistent'; code: number; todo: Todo }
  | { kind: 'transient'; code: number | undefined }

/** what the operator must do, by the stream's account key (for the variable names) */
export type Todo = 'wechat-article' | 'wechat-comments-off' | 'wechat-credentials' | 'wechat-ip' | 'wechat-permission' | 'weibo-token'

/** what stops every stream of the account at once: told by the first stream that meets it, not by each */
export const ACCOUNT_WIDE: ReadonlySet<Todo> = new Set(['wechat-credentials', 'wechat-ip', 'weibo-token'])

/** a transient failure this many polls in a row is told to the supervisors */
export const TRANSIENT_FAILURES = 5

const WECHAT_PERSISTENT: Record<number, Todo> = {
  88001: 'wechat-article',
  88000: 'wechat-comments-off',
  // the client already refreshed the token once: still refused means the AppID/AppSecret pair is wrong
  40001: 'wechat-credentials',
  40013: 'wechat-credentials',
  40014: 'wechat-credentials',
  40125: 'wechat-credentials',
  42001: 'wechat-credentials',
  40164: 'wechat-ip',
  61004: 'wechat-ip',
  48001: 'wechat-permission',
}

/** expired, revoked or invalid access_token (Weibo OAuth2 error codes) */
const WEIBO_TOKEN_CODES = new Set([21301, 21314, 21315, 21316, 21317, 21319, 21327, 21332])

export function classifyFailure(err: unknown): StreamFailure {
  if (err instanceof WechatApiError) {
    if (err.code === QUOTA_EXCEEDED) return { kind: 'rate-limit', code: err.code }
    const todo = WECHAT_PERSISTENT[err.code]
    return todo ? { kind: 'persistent', code: err.code, todo } : { kind: 'transient', code: err.code }
  }
  if (err instanceof WeiboApiError) {
    if (WEIBO_RATE_LIMITS.has(err.code)) return { kind: 'rate-limit', code: err.code }
    if (WEIBO_TOKEN_CODES.has(err.code)) return { kind: 'persistent', code: err.code, todo: 'weibo-token' }
    return { kind: 'transient', code: err.code }
  }
  return { kind: 'transient', code: undefined }
}
