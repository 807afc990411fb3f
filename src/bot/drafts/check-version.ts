import type { Attachment, CheckResult } from '../../checklist/types.js'
import { textLimitOf } from '../../config/schema.js'
import type { BotDeps } from '../deps.js'
import { withoutLearned } from '../false-alarms/learned.js'

export interface VersionContent {
  title: string
  body: string
  attachments?: Attachment[]
}

/**
 * The checklist over one version of a draft: text against the account's limit, plus its
 * attachments; without the findings this organisation taught are false alarms (#误报).
 */
export async function checkVersion(deps: BotDeps, account: string, content: VersionContent): Promise<CheckResult> {
  const acc = deps.config.accounts[account]!
  const check = await deps.checker.check(content.body, {
    kind: 'draft',
    platform: acc.platform,
    account,
    textLimit: textLimitOf(acc),
    title: content.title,
    ...(content.attachments?.length ? { attachments: content.attachments } : {}),
  })
  return withoutLearned(deps.store, check)
}

/** What of a check travels with the version to the reviewers. */
export function findingsOf(check: CheckResult): { findings: CheckResult['hits']; manual: string[] } {
  return { findings: check.hits, manual: check.manual }
}

export function blockingCount(check: CheckResult): number {
  return check.hits.filter((h) => h.severity === 'block').length
}
