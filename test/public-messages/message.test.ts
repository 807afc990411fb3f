import { describe, expect, it } from 'vitest'
import { parseAlert } from '../../src/alerts/incident.js'
import { parseMessage } from '../../src/commands/parse.js'
import { parseCommentCommand } from '../../src/public-messages/command.js'
import { acknowledge, approveReply, handOver, promise, receiveMessage, reclassify, rejectReply, reply } from '../../src/public-messages/message.js'
import { activeDeadlines } from '../../src/public-messages/types.js'
import { loadConfig, parseConfig } from '../../src/config/load.js'
import { readFileSync } from 'node:fs'
import { at, context } from '../deadlines/helpers.js'

const config = loadConfig('config/sanshen.yaml')
const ctx = context({ accounts: { wechat: { acknowledgeSameDay: true, maxPromiseWorkingDays: 2 } } })
const input = { account: 'wechat', author: '张三', text: '报名入口在哪？', source: 'chat' as const }
const received = (now = at('2026-11-23 10:00'), sensitive = false) =>
  receiveMessage({ id: 'C1', input, handler: 'editor1', sensitive, now }, ctx).message

describe('public message decisions (pure)', () => {
  it('gives an ordinary message its working-day deadline and, where asked, a same-day acknowledgement', () => {
    const m = received()
    expect(m.deadline).toMatchObject({ kind: 'ordinary', dueAt: at('2026-11-24 10:00'), assumed: false })
    expect(m.acknowledge).toMatchObject({ kind: 'acknowledge', dueAt: at('2026-11-23 18:00') })
    expect(activeDeadlines(m).map((d) => d.kind)).toEqual(['ordinary', 'acknowledge'])
    expect(received(at('2026-11-23 10:00'), true).acknowledge).toBeUndefined()
  })

  it('re-classifies from the arrival time and refuses a no-op', () => {
    const m = received()
    const s = reclassify(m, true, 'deputy', at('2026-11-23 10:20'), ctx)
    expect(s.ok && s.message).toMatchObject({ sensitive: true, sensitiveBy: 'deputy', deadline: { dueAt: at('2026-11-23 11:00') } })
    expect(s.ok && s.message.acknowledge).toBeUndefined()
    expect(reclassify(m, false, 'deputy', at('2026-11-23 10:20'), ctx)).toEqual({ ok: false, refusal: { code: 'already', what: 'ordinary' } })
  })

  it('accepts a promise up to the account maximum and refuses beyond it', () => {
    const m = received()
    expect(promise(m, at('2026-11-25 18:00'), at('2026-11-23 11:00'), ctx)).toMatchObject({ ok: true, message: { deadline: { kind: 'promised' } } })
    const late = promise(m, at('2026-11-26 09:30'), at('2026-11-23 11:00'), ctx)
    expect(late.ok === false && late.refusal.code === 'promise' && late.refusal.message).toContain('最迟 11月25日（周三）18:00')
  })

  it('hands over, acknowledges once, and closes on a reply, reporting whether it was on time', () => {
    const m = received()
    expect(handOver(m, 'editor1', 0)).toEqual({ ok: false, refusal: { code: 'already', what: 'handler' } })
    const acked = acknowledge(m, at('2026-11-23 11:00'))
    expect(acked.ok && activeDeadlines(acked.message).map((d) => d.kind)).toEqual(['ordinary'])
    const done = reply(m, 'editor1', '', at('2026-11-24 10:01'), false)
    expect(done.ok && done.events).toEqual([{ type: 'replied', onTime: false }])
    expect(done.ok && activeDeadlines(done.message)).toEqual([])
    expect(done.ok && reply(done.message, 'editor1', '', 0, false)).toEqual({ ok: false, refusal: { code: 'closed' } })
  })

  it('puts a reviewed reply before a reviewer who is not its author', () => {
    const m = received()
    expect(reply(m, 'editor1', '', 0, true)).toEqual({ ok: false, refusal: { code: 'reply-text-required' } })
    const inReview = reply(m, 'editor1', '入口在菜单栏', at('2026-11-23 11:00'), true)
    if (!inReview.ok) throw new Error('expected a reply in review')
    expect(inReview.message.status).toBe('in-review')
    expect(approveReply(inReview.message, 'editor1', 0)).toEqual({ ok: false, refusal: { code: 'own-reply' } })
    expect(rejectReply(inReview.message, 'deputy', '', 0)).toEqual({ ok: false, refusal: { code: 'reason-required' } })
    const ok = approveReply(inReview.message, 'deputy', at('2026-11-23 12:00'))
    expect(ok.ok && ok.message.reply).toEqual({ text: '入口在菜单栏', by: 'editor1', at: at('2026-11-23 12:00'), approvedBy: 'deputy' })
  })
})

/** What the command parser hands the #留言 handler: the arguments and following lines, as typed. */
function commandRest(text: string): string {
  const r = parseMessage({ text, mentionsBot: false, mentionIds: [] }, { maxChars: 10_000 })
  if (r?.kind !== 'command') throw new Error(`not a command: ${text}`)
  return [r.command.args, r.command.body].join('\n').trim()
}

describe('#留言 and #舆情 parsing', () => {
  it('reads account, author, text and link, keeping the text as typed', () => {
    const rest = commandRest('＃留言 微博 网友甲：C3栋的活动，还办吗？ https://weibo.com/1/2')
    expect(parseCommentCommand(config, rest, ['wechat', 'weibo'])).toEqual({
      ok: true,
      account: 'weibo',
      author: '网友甲',
      text: 'C3栋的活动，还办吗？',
      link: 'https://weibo.com/1/2',
    })
    expect(parseCommentCommand(config, commandRest('#留言 公众号 张三\n第一行\n第二行'), ['wechat'])).toMatchObject({
      author: '张三',
      text: '第一行\n第二行',
    })
    expect(parseCommentCommand(config, '抖音 张三：你好', ['wechat', 'weibo'])).toEqual({ ok: false, problem: 'no-account', hint: '抖音' })
    expect(parseCommentCommand(config, '微信', ['wechat', 'weibo'])).toEqual({ ok: false, problem: 'no-author' })
  })

  it('reads the alert level in Chinese or English and needs a description', () => {
    expect(parseAlert('红 网传收费')).toEqual({ level: 'red', description: '网传收费' })
    expect(parseAlert('黄色预警：质疑名额')).toEqual({ level: 'yellow', description: '质疑名额' })
    expect(parseAlert('blue minor complaints')).toEqual({ level: 'blue', description: 'minor complaints' })
    expect(parseAlert('绿 什么')).toBeUndefined()
    expect(parseAlert('红')).toBeUndefined()
  })

  it('refuses replies: settings for an account that does not exist', () => {
    expect(() => parseConfig(`${readFileSync('config/sanshen.yaml', 'utf8')}\nreplies:\n  accounts:\n    douyin: { reviewReplies: true }\n`)).toThrow(
      /replies\.accounts\.douyin: unknown account "douyin"/,
    )
  })
})
