import { accountName } from '../config/people.js'
import type { Config } from '../config/schema.js'
import { citationWithWords } from '../config/regulation.js'

/** Accounts that published fewer posts in a week than their minimum (accounts.<key>.minPostsPerWeek). */
export interface DormantAccount {
  account: string
  posts: number
  minimum: number
}

export function dormantAccounts(config: Config, postsByAccount: Record<string, number>): DormantAccount[] {
  return Object.entries(config.accounts)
    .map(([account, a]) => ({ account, posts: postsByAccount[account] ?? 0, minimum: a.minPostsPerWeek }))
    .filter((d) => d.posts < d.minimum)
}

export function formatDormant(config: Config, dormant: DormantAccount[]): string[] {
  if (dormant.length === 0) return ['各账号本周发布量均达到最低要求。']
  return [
    `⚠️ 发布不足（${citationWithWords(config.regulation, 'dormant') ?? '每周发布不少于规定篇数'}）：`,
    ...dormant.map((d) => `  ${accountName(config, d.account)}：本周 ${d.posts} 篇，最低 ${d.minimum} 篇`),
  ]
}
