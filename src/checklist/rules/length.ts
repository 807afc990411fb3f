import { countChars } from '../count-chars.js'
import type { Hit, Severity } from '../types.js'

/** The account's limit over title + text (saws 四(二): Weibo 140, WeChat 680). */
export function checkLength(text: string, title: string | undefined, limit: number | undefined, severity: Severity): Hit[] {
  if (limit === undefined) return []
  const count = countChars(title ?? '') + countChars(text)
  if (count <= limit) return []
  return [
    {
      term: '字数超限',
      category: 'length',
      list: 'length',
      severity,
      start: -1,
      end: -1,
      text: '',
      reason: `标题与正文共 ${count} 字，超过本账号上限 ${limit} 字（含标点），需删减 ${count - limit} 字`,
      source: 'rules',
    },
  ]
}
