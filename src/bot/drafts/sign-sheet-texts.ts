import { formatShanghai } from '../../deadlines/shanghai-time.js'
import { shortHash } from '../../workflow/hash.js'
import type { SignSheet } from './sign-sheet.js'

/** What the chat, the dashboard and `npm run verify-record` say about a 审签单. */
export const signSheetText = {
  usage(): string {
    return '请写明稿件编号，例如「#审签单 D12」。'
  },
  /** `#审签单 D12`: the record in a few lines, its checksum, and where to print it. */
  summary(sheet: SignSheet, checksum: string): string {
    const versions = sheet.versions.map((v) => `第${v.version}版 ${shortHash(v.hash)}`).join('，')
    const stages = sheet.stages.map((s, i) => {
      const d = s.decisions.map((x) => `${x.who}${x.decision}（${formatShanghai(x.at)}${x.remark ? `，${x.remark}` : ''}）`).join('、')
      return `第${i + 1}级「${s.name}」：${d || '未审'}`
    })
    const byResolution = new Map<string, number>()
    for (const f of sheet.findings) byResolution.set(f.resolution, (byResolution.get(f.resolution) ?? 0) + 1)
    const findings = sheet.findings.length
      ? `检查提示 ${sheet.findings.length} 项：${[...byResolution].map(([r, n]) => `${r} ${n} 项`).join('，')}`
      : '检查提示：无'
    const published = sheet.published.at(-1)
    return [
      `📄 ${sheet.id}「${sheet.title}」审签单 · ${sheet.account} · ${sheet.category}`,
      `投稿：${sheet.submitter}（${formatShanghai(sheet.submittedAt)}）；版本：${versions}`,
      ...stages,
      findings,
      `发布核对：${published ? `${published.verdict}（${formatShanghai(published.at)}）` : '暂无'}`,
      `校验码 ${checksum}。打印：督办看板 → 稿件 ${sheet.id} → 审签单（/dashboard/drafts/${sheet.id}/record）。`,
    ].join('\n')
  },
  unknown(id: string): string {
    return `没有稿件 ${id}。`
  },
  verified(id: string, checksum: string): string {
    return `✔ ${id} 审签单校验码 ${checksum} 与存储中的审核记录一致：打印件所载内容未被改动，打印后记录也没有变化。`
  },
  mismatch(id: string, typed: string, actual: string): string {
    return `✘ ${id} 的校验码 ${typed} 与存储中的审核记录不一致（现在应为 ${actual}）：或打印后记录有了新的变动（新版本、审核、发布核对），请重新打印核对；或打印件不是本系统按现存记录生成的。`
  },
}
