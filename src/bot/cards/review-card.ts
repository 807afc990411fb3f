import type { Card, CardButton } from '../../chat/cards.js'
import { accountName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import { PROOFREADING } from '../../checklist/types.js'
import { dutyOf, type DutyContext } from '../../workflow/duty.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { formatHit } from '../texts.js'
import { cardText, DEFAULT_REASONS, stageName } from './texts.js'

/** Findings shown on the card; the rest behind the 检查提示 button. */
const FINDINGS_SHOWN = 3
const EXCERPT = 120

/**
 * A draft's review card as it should look now. `shownVersion`: the version the card was sent for;
 * a card of an older version keeps no buttons and says where the review went on.
 */
export function reviewCard(config: Config, d: Draft, ctx: DutyContext, shownVersion = currentVersion(d).version, reminder?: string): Card {
  const v = currentVersion(d)
  const stale = shownVersion < v.version
  const fields = [
    { label: '账号', value: accountName(config, d.account) },
    { label: '阶段', value: stageName(config, d) },
    { label: '版本', value: cardText.version(d) },
    { label: '投稿', value: d.submitter.name },
  ]
  const lines: string[] = reminder && shownVersion === v.version && d.status === 'pending' ? [reminder] : []
  if (stale) lines.push(cardText.stale(d.id, v.version))
  else if (d.status === 'pending') lines.push(cardText.asked(config, dutyOf(d, ctx).asked))
  const body = v.body.trim()
  lines.push(body.length > EXCERPT ? `${body.slice(0, EXCERPT)}……` : body)
  const findings = v.findings.map((h, i) => formatHit(h, i + 1))
  lines.push(...findings.slice(0, FINDINGS_SHOWN))
  if (findings.length > FINDINGS_SHOWN) lines.push(cardText.moreFindings(d.id, findings.length - FINDINGS_SHOWN))
  const status = statusOf(config, d)
  const open = d.status === 'pending' && !stale
  return {
    subject: d.id,
    version: shownVersion,
    title: cardText.title(d, shownVersion),
    tone: open ? 'open' : d.status === 'approved' ? 'done' : d.status === 'rejected' || d.status === 'blocked' ? 'refused' : 'closed',
    fields,
    lines,
    ...(status ? { status } : {}),
    buttons: open ? buttonsOf(d, findings.length > FINDINGS_SHOWN || v.findings.some((h) => PROOFREADING.has(h.category))) : [],
    ...(open ? { reasons: config.chat.cards.reasons ?? DEFAULT_REASONS } : {}),
  }
}

/** Who decided what, for everyone to see on the card. */
function statusOf(config: Config, d: Draft): string | undefined {
  const lines = d.approvals.map((a) => cardText.approvedBy(config, stageName(config, d, a.stage), a.person, a.at))
  if (d.rejection) lines.push(cardText.rejectedBy(config, d.rejection.person, d.rejection.at, d.rejection.reason))
  if (d.status === 'withdrawn') lines.push(cardText.withdrawn(d))
  const last = d.approvals.at(-1)
  if (d.status === 'approved' && last) lines.push(cardText.final(config, last.person, last.at))
  return lines.length ? lines.join('\n') : undefined
}

/** At most six (WeCom's limit): 通过, 驳回, 查看全文, 与上一版的差异, 转交, 检查提示. */
function buttonsOf(d: Draft, moreFindings: boolean): CardButton[] {
  const version = currentVersion(d).version
  const on = (verb: string) => ({ verb, subject: d.id, version })
  const b = cardText.buttons
  return [
    { label: b.approve, action: on('approve'), style: 'primary' },
    { label: b.reject, action: on('reject'), style: 'danger', needsReason: true },
    { label: b.full, action: on('full') },
    ...(d.versions.length > 1 ? [{ label: b.diff, action: on('diff') }] : []),
    { label: b.transfer, action: on('transfer') },
    ...(moreFindings ? [{ label: b.check, action: on('check') }] : []),
  ]
}
