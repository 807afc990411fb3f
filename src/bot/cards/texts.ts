import type { Config } from '../../config/schema.js'
import { personName } from '../../config/people.js'
import { formatShanghai } from '../../deadlines/shanghai-time.js'
import { shortHash } from '../../workflow/hash.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import type { PublicMessage } from '../../public-messages/types.js'

/**
 * The texts of review cards and of answers to presses, Chinese first. Kept apart from the drafts'
 * texts (src/bot/drafts/texts.ts) so the card feature can be read and changed on its own.
 */

/** Reasons offered in WeCom's drop-down when the configuration names none (chat.cards.reasons). */
export const DEFAULT_REASONS = ['数据或事实待核实', '来源未注明', '表述不规范', '领导姓名职务有误', '错别字', '不宜发布']

const STATE: Record<Draft['status'], string> = {
  pending: '待审',
  approved: '已通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
  blocked: '已拦截',
}

const names = (config: Config, people: string[]) => people.map((p) => personName(config, p)).join('、')

export function stageName(config: Config, d: Draft, index = d.stage): string {
  const stages = config.chains[d.chain]?.stages ?? []
  return `第${index + 1}/${stages.length}级「${stages[index]?.name ?? '?'}」`
}

export const cardText = {
  title(d: Draft, shownVersion: number): string {
    const v = currentVersion(d)
    if (shownVersion < v.version) return `【已更新】${d.id}「${v.title}」`
    return `【${STATE[d.status]}】${d.id}「${v.title}」`
  },
  version(d: Draft): string {
    const v = currentVersion(d)
    return `第${v.version}版 · ${shortHash(v.hash)}`
  },
  /** who must act, and that they were @-mentioned in the line sent with the card */
  asked(config: Config, asked: string[]): string {
    return asked.length ? `请 ${names(config, asked)} 审核（已在群里 @ 通知）` : '当前无人可审，请主管指定或转交'
  },
  moreFindings(id: string, n: number): string {
    return `……另有 ${n} 项检查提示，点「检查提示」或发送「#检查 ${id}」查看`
  },
  approvedBy(config: Config, stage: string, person: string, at: number): string {
    return `✔️ ${stage} ${personName(config, person)} ${formatShanghai(at)} 通过`
  },
  rejectedBy(config: Config, person: string, at: number, reason: string): string {
    return `❌ ${personName(config, person)} ${formatShanghai(at)} 驳回：${reason}`
  },
  final(config: Config, person: string, at: number): string {
    return `✅ 已完成全部审核，可以发布（终审 ${personName(config, person)}，${formatShanghai(at)}）`
  },
  withdrawn(d: Draft): string {
    return `${d.id} 已撤回，不再审核`
  },
  stale(id: string, version: number): string {
    return `${id} 已更新到第${version}版，请在新卡片上审核`
  },
  /** the short line that goes with a review card and @-mentions whoever must act */
  requestLine(config: Config, d: Draft, asked: string[]): string {
    return `【待审】${d.id}「${currentVersion(d).title}」${stageName(config, d)}：请 ${names(config, asked)} 审核，详见本条上方的审核卡片（也可回复「#通过 ${d.id}」或「#驳回 ${d.id} 理由」）。`
  },
  needReason(id: string): string {
    return `驳回需要写明理由：请在卡片里填写或选择理由后再点「驳回」，或发送「#驳回 ${id} 理由」。`
  },
  transferHint(id: string): string {
    return `转交请发送「#转交 ${id} @同事」。`
  },
  sentPrivately(what: string): string {
    return `${what}已私信发给你。`
  },
  fullText(d: Draft): string {
    const v = currentVersion(d)
    return `${d.id}「${v.title}」第${v.version}版全文（哈希 ${shortHash(v.hash)}）：\n${v.body}`
  },
  diff(d: Draft, lines: string[]): string {
    const v = currentVersion(d)
    if (d.versions.length < 2) return `${d.id} 只有第1版，没有上一版可比较。`
    return [
      `${d.id} 第${v.version - 1}版 → 第${v.version}版的差异（- 删去，+ 新增）：`,
      ...(lines.length ? lines : ['（正文相同，只改了标题或附件）']),
    ].join('\n')
  },
  unknown(id: string): string {
    return `没有找到 ${id}，这张卡片可能已失效。`
  },
  /** a press that changed nothing because the draft was decided already */
  already(state: string): string {
    return `没有改动：${state}`
  },
  /** appended to a reminder said with a card: the line and the card refer to each other */
  seeCard: '（可直接在审核卡片上处理）',
  buttons: { approve: '通过', reject: '驳回', full: '查看全文', diff: '与上一版的差异', transfer: '转交', check: '检查提示' },
  reasonPlaceholder: '驳回理由（驳回时必填）',
  reasonTitle: '驳回理由',
}

/** The texts of a public message's reminder card (src/bot/cards/message-card.ts). */
export const messageCardText = {
  title(m: PublicMessage, open: boolean): string {
    return `${open ? '【留言待答复】' : '【留言已答复】'}${m.id} ${m.author}`
  },
  replied(config: Config, by: string, at: number): string {
    return `✔️ ${personName(config, by)} ${formatShanghai(at)} 已答复`
  },
  needText(id: string): string {
    return `请在卡片里填写承诺时间（如「明天17点」）后再点「承诺时限」，或发送「#承诺 ${id} 明天17点」。`
  },
  input: '答复内容（已答复）或承诺时间，如「明天17点」（承诺时限）',
  buttons: { replied: '已答复', promise: '承诺时限' },
}
