import { accountName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import { shortHash } from '../../workflow/hash.js'

/** What the platform features say in the chat, Chinese first, in one place. */

const titled = (title: string) => (title ? `「${title}」` : '')

function minutesText(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes} 分钟`
  const hours = Math.floor(minutes / 60)
  return hours < 48 ? `${hours} 小时 ${minutes % 60} 分钟` : `${Math.floor(hours / 24)} 天 ${hours % 24} 小时`
}

export const platformMsg = {
  publishedMatch: (config: Config, account: string, title: string, draft: string, version: number, hash: string) =>
    `已发布，与 ${draft} 第${version}版一致（${accountName(config, account)}${titled(title)}，哈希 ${shortHash(hash)}）。`,
  publishedChanged: (config: Config, account: string, title: string, draft: string, version: number, diff: string) =>
    `发布内容与审定版本不一致：${accountName(config, account)}${titled(title)} 与 ${draft} 第${version}版不同，请核查（擅自改动须重新审核）。\n${diff}`,
  publishedUnapproved: (config: Config, account: string, title: string, text: string, pending?: string) =>
    `未经审核发布：${accountName(config, account)}${titled(title)} 没有对应的审定稿件${pending ? `（${pending} 仍在审核中）` : ''}，请核查。\n${text.slice(0, 60)}${text.length > 60 ? '…' : ''}`,
  draftBoxAdded: (draft: string, version: number, mediaId: string) =>
    `${draft} 第${version}版已放入公众号草稿箱（media_id ${mediaId}），请从草稿箱直接发布，发布前不要改动。`,
  draftBoxFailed: (draft: string, version: number, reason: string) =>
    `${draft} 第${version}版未能放入公众号草稿箱：${reason}。请手工放入，发布后机器人仍会核对。`,
  draftBoxChanged: (draft: string, version: number, diff: string) =>
    `公众号草稿箱中的 ${draft} 第${version}版已被改动，与审定版本不一致；发布前请用「#修改 ${draft}」重新送审。\n${diff}`,
  quota: (config: Config, account: string, what: string, until: string) =>
    `${accountName(config, account)} 的平台接口受限（${what}），暂停拉取至 ${until}；留言不会丢失，恢复后补齐。`,
  /** Why polling paused: the daily quota, or another rate limit by its code. */
  limitName: (code: number | undefined, quotaCode: number) => (code === quotaCode ? '接口调用次数已达上限 45009' : `频次限制 ${code}`),
  /** Why draft/add failed, as the group reads it. */
  draftBoxReason: (code?: number) => (code === undefined ? '接口无响应' : `错误码 ${code}`),
  /** A public message whose platform gives no author name. */
  anonymousAuthor: (platform: 'wechat' | 'weibo') => (platform === 'wechat' ? '公众号读者' : '微博用户'),
  caughtUp: (config: Config, account: string, stream: string, behindMs: number, taken: number) =>
    `${accountName(config, account)} 的${stream}拉取已恢复：距上次成功拉取 ${minutesText(behindMs)}，补收 ${taken} 条，期限按各条留言的发表时间计算。`,
}

export const STREAM_NAMES: Record<string, string> = {
  comments: '留言',
  mentions: '提及',
  published: '发布核对',
  timeline: '发布核对',
  'draft-box': '草稿箱核对',
}
