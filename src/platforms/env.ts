/**
 * Secrets per account from the environment: `<PLATFORM>_<ACCOUNT>_<NAME>` (account key
 * upper-cased, "-" as "_"), else the one `<PLATFORM>_<NAME>` for every account of that platform.
 */
export function accountSecret(
  env: Record<string, string | undefined>,
  platform: 'WECHAT' | 'WEIBO',
  account: string,
  name: string,
): string | undefined {
  return env[`${platform}_${account.toUpperCase().replace(/-/g, '_')}_${name}`] || env[`${platform}_${name}`] || undefined
}
