import { accountName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import { shortHash } from '../../workflow/hash.js'
import type { Todo } from './stream-health.js'

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
  /** draft/add refused the configured cover (thumbMediaId), as the group reads it. */
  invalidCover: (account: string) =>
    `配置中 accounts.${account}.sync.thumbMediaId 的封面图在公众号素材库中不存在，请改为有效的永久素材 media_id，或删去这一项用默认封面`,
  /** A public message whose platform gives no author name. */
  anonymousAuthor: (platform: 'wechat' | 'weibo') => (platform === 'wechat' ? '公众号读者' : '微博用户'),
  /** A stream (`what`: 「留言拉取」) or the whole account's link (「平台接口」) that will not work until someone acts; said once, with what to do. */
  streamFailed: (config: Config, account: string, what: string, reason: string, todo: string) =>
    `${accountName(config, account)} 的${what}已停止（${reason}）。请${todo}；恢复后会再告知。`,
  /** It works again after a failure that was told; `taken`: comments collected on the way back. */
  streamRecovered: (config: Config, account: string, what: string, downMs: number, taken?: number) =>
    `${accountName(config, account)} 的${what}已恢复：中断 ${minutesText(downMs)}${taken === undefined ? '' : `，补收 ${taken} 条，期限按各条留言的发表时间计算`}。`,
  /** What stopped: one stream's polling, or every stream of the account (its credentials). */
  streamWhat: (stream: string, wide: boolean) => (wide ? '平台接口' : `${STREAM_NAMES[stream] ?? stream}拉取`),
  /** Why a stream failed, as the supervisors read it: the platform's code, or the transport's words. */
  failureReason: (code: number | undefined, message: string, failures: number) =>
    code === undefined ? `连续 ${failures} 次无法连接平台接口：${message.slice(0, 80)}` : `错误码 ${code}`,
  /** What to do about a failure, naming the variables to set for this account. */
  todo: (todo: Todo | 'network', account: string) => {
    const k = account.toUpperCase().replace(/-/g, '_')
    switch (todo) {
      case 'wechat-article':
        return `确认 WECHAT_${k}_APPID 是发布这些文章的公众号，且文章开启了留言（接口找不到文章的 msg_data_id）`
      case 'wechat-comments-off':
        return '在公众号后台开通留言功能（该号没有留言权限）'
      case 'wechat-credentials':
        return `核对 WECHAT_${k}_APPID 与 WECHAT_${k}_SECRET（公众号后台「设置与开发 - 基本配置」），改正后重启三审助手`
      case 'wechat-ip':
        return '在公众号后台「设置与开发 - 基本配置 - IP 白名单」加入本机的出口 IP'
      case 'wechat-permission':
        return '确认该公众号已认证并有此接口的权限，或在配置的 accounts 中关闭相应的 sync 功能'
      case 'weibo-token':
        return `重新授权微博应用，把新的 access_token 填入 WEIBO_${k}_ACCESS_TOKEN 后重启三审助手`
      case 'network':
        return '检查本机到平台接口的网络和代理'
    }
  },
}

export const STREAM_NAMES: Record<string, string> = {
  comments: '留言',
  mentions: '提及',
  published: '发布核对',
  timeline: '发布核对',
  'draft-box': '草稿箱核对',
}
