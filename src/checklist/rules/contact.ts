import type { Hit } from '../types.js'

/**
 * Private contact details an official account should not carry by accident: mobile and landline
 * numbers, QQ and WeChat ids, e-mail addresses and URLs. Patterns run over a width-folded copy of
 * the text (same length, so spans stay those of the original), which catches １３８… as well.
 */
const PATTERNS: Array<{ term: string; re: RegExp; reason: string }> = [
  { term: '电子邮箱', re: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi, reason: '含电子邮箱地址' },
  {
    term: '网址',
    re: /(?:https?:\/\/|www\.)[^\s，。；、！？）)】」"'<>]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|gov|edu|top|xyz|info|cc)\b(?:\/[^\s，。；、！？）)】」"'<>]*)?/gi,
    reason: '含网址链接',
  },
  { term: '手机号码', re: /(?<![\d])1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g, reason: '含手机号码' },
  { term: '固定电话', re: /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g, reason: '含固定电话号码' },
  { term: 'QQ号', re: /(?:qq|扣扣|企鹅号)\s*[号群]?\s*[:：]?\s*[1-9]\d{4,10}(?!\d)/gi, reason: '含QQ号' },
  { term: '微信号', re: /(?:微信号?|vx|wx|v信)\s*[:：]\s*[a-z][-_a-z0-9]{5,19}/gi, reason: '含微信号' },
]

export function findContacts(text: string): Hit[] {
  const folded = text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const hits: Hit[] = []
  for (const { term, re, reason } of PATTERNS) {
    for (const m of folded.matchAll(re)) {
      const start = m.index
      const end = start + m[0].length
      // an e-mail address also looks like a domain: report it once
      if (hits.some((h) => start < h.end && end > h.start)) continue
      hits.push({
        term,
        category: 'contact',
        list: 'contact',
        severity: 'review',
        start,
        end,
        text: text.slice(start, end),
        reason: `${reason}：官方账号不宜公开个人联系方式，请确认`,
        source: 'rules',
      })
    }
  }
  return hits
}
