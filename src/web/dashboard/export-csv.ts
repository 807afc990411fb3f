import { z } from 'zod'
import { accountName, personName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import type { Store } from '../../store/store.js'
import { currentVersion, finalApproval } from '../../workflow/types.js'
import { toCsv } from './csv.js'
import { isoTime, LEVEL_LABEL, STATUS_LABEL } from './format.js'
import { incidentOutcome, messageOutcome } from './history.js'
import { blank, day, type Found, incidentsIn, messagesIn, searchDrafts } from './history-search.js'

/** A period's drafts, public messages or alerts as CSV for the monthly report (csv.ts: what Excel needs). */

/** rows of one CSV export at most */
const EXPORT_LIMIT = 50_000

export const exportQuery = z.object({
  kind: z.enum(['drafts', 'messages', 'alerts']),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
})

type Cells = (string | number | undefined)[]

/** The rows of an export, and a last row saying so when the period held more than one export takes. */
function exportRows<T>(found: Found<T>, row: (item: T) => Cells): Cells[] {
  const rows = found.items.map(row)
  return found.capped || found.total > found.items.length ? [...rows, [`（只导出了最近的 ${found.items.length} 条：请缩小日期范围）`]] : rows
}

/**
 * The account as a spreadsheet cell: its platform first ("微博 @广东共青团"), so a Weibo handle
 * neither reads as a formula nor needs the ' that defuses one.
 */
function accountCell(config: Config, key: string): string {
  const platform = config.accounts[key]?.platform
  return `${platform === 'weibo' ? '微博' : platform === 'wechat' ? '微信' : ''} ${accountName(config, key)}`.trim()
}

export async function exportCsv(config: Config, store: Store, now: number, q: z.infer<typeof exportQuery>): Promise<string> {
  const t = (ms: number | undefined) => (ms === undefined ? '' : isoTime(ms))
  switch (q.kind) {
    case 'drafts': {
      return toCsv(
        ['编号', '标题', '账号', '类别', '投稿人', '状态', '版本', '版本哈希', '终审人', '终审时间', '送审时间', '最后变动', '驳回理由'],
        exportRows(await searchDrafts(config, store, q, 0, EXPORT_LIMIT), (d) => {
          const v = currentVersion(d)
          const final = finalApproval(d)
          return [
            d.id,
            v.title,
            accountCell(config, d.account),
            config.categories[d.category]?.name ?? d.category,
            d.submitter.name,
            STATUS_LABEL[d.status],
            v.version,
            v.hash,
            final ? personName(config, final.person) : '',
            t(final?.at),
            t(d.createdAt),
            t(d.updatedAt),
            d.rejection?.reason,
          ]
        }),
      )
    }
    case 'messages':
      return toCsv(
        ['编号', '账号', '留言人', '内容', '类别', '经办人', '收到', '答复期限', '结果'],
        exportRows(await messagesIn(store, q, 0, EXPORT_LIMIT), (m) => [
          m.id,
          accountCell(config, m.account),
          m.author,
          m.text,
          m.sensitive ? '敏感' : '一般',
          personName(config, m.handler),
          t(m.receivedAt),
          t(m.deadline.dueAt),
          messageOutcome(m, now, isoTime),
        ]),
      )
    case 'alerts':
      return toCsv(
        ['编号', '级别', '描述', '报告人', '时间', '预案期限', '结果'],
        exportRows(await incidentsIn(store, q, 0, EXPORT_LIMIT), (i) => [
          i.id,
          LEVEL_LABEL[i.level],
          i.description,
          personName(config, i.reportedBy),
          t(i.openedAt),
          t(i.deadline?.dueAt),
          incidentOutcome(i, now, isoTime),
        ]),
      )
  }
}
