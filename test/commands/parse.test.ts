import { describe, expect, it } from 'vitest'
import { parseMessage, reasonOf, type MessageText } from '../../src/commands/parse.js'
import { parseSubmission } from '../../src/commands/submission.js'
import { parseUntil } from '../../src/commands/until.js'
import { loadConfig } from '../../src/config/load.js'

const config = loadConfig('config/sanshen.yaml')
const opts = { maxChars: 22_000 }
const msg = (text: string, extra: Partial<MessageText> = {}): MessageText => ({ text, mentionsBot: false, mentionIds: [], ...extra })
const cmd = (text: string, extra: Partial<MessageText> = {}) => {
  const r = parseMessage(msg(text, extra), opts)
  if (r?.kind !== 'command') throw new Error(`not a command: ${JSON.stringify(r)}`)
  return r.command
}

describe('command parser', () => {
  it('reads Chinese and English forms with # or / and any case', () => {
    expect(cmd('#通过 D12')).toMatchObject({ verb: 'approve', id: 'D12' })
    expect(cmd('/approve d12')).toMatchObject({ verb: 'approve', id: 'D12' })
    expect(cmd('#同意D3')).toMatchObject({ verb: 'approve', id: 'D3' })
    expect(cmd('/REJECT D4 标题有误')).toMatchObject({ verb: 'reject', id: 'D4', args: '标题有误' })
    expect(cmd('#送审 微信').verb).toBe('submit')
  })

  it('tolerates full-width punctuation, ideographic and repeated spaces', () => {
    expect(cmd('＃通过　Ｄ１２')).toMatchObject({ verb: 'approve', id: 'D12' })
    expect(cmd('／ｒｅｊｅｃｔ   D5 ：  数据有误')).toMatchObject({ verb: 'reject', id: 'D5' })
    expect(reasonOf(cmd('#驳回 D5：理由：数据有误'))).toBe('数据有误')
  })

  it('keeps the arguments as typed: a title’s full-width punctuation is not folded to ASCII', () => {
    const c = cmd('＃投稿　微信　青年说（第一期）：谈理想！\n正文')
    expect(c.args).toBe('微信　青年说（第一期）：谈理想！')
    expect(parseSubmission(config, c.args, c.body, ['wechat'])).toMatchObject({
      ok: true,
      submission: { account: 'wechat', title: '青年说（第一期）：谈理想！' },
    })
    expect(cmd('＃驳回　Ｄ３　标题里的“，”用错了').args).toBe('标题里的“，”用错了')
  })

  it('prefers the longest command word (留言状态 over 留言, 不同意 over 同意)', () => {
    expect(cmd('#留言状态').verb).toBe('comments')
    expect(cmd('#不同意 D1 理由').verb).toBe('reject')
  })

  it('needs a word boundary after English words', () => {
    expect(parseMessage(msg('/approved D1'), opts)).toEqual({
      kind: 'unknown',
      word: 'approved',
      suggestion: { verb: 'approve', word: '通过', text: '#通过 D1' },
    })
  })

  it('treats a mention of the bot as a prefix and ignores ordinary chat', () => {
    expect(cmd('通过 D1', { mentionsBot: true }).verb).toBe('approve')
    expect(parseMessage(msg('通过了吗？今天开会'), opts)).toBeUndefined()
    expect(parseMessage(msg('#两会# 今天开幕，大家看看这条'), opts)).toBeUndefined()
    expect(parseMessage(msg(''), opts)).toBeUndefined()
  })

  it('takes the id and version from a quoted bot request when the reply has none', () => {
    const quoted = '【待审】D7「标题」第2版 · 广东共青团 · 常规\n回复「#通过 D7」… 哈希 1a2b3c4d'
    expect(cmd('通过', { quotedBotText: quoted })).toMatchObject({ verb: 'approve', id: 'D7', version: '1a2b3c4d', viaQuote: true })
    expect(cmd('驳回 标题太长', { quotedBotText: quoted })).toMatchObject({ verb: 'reject', id: 'D7', args: '标题太长' })
    // a plain remark in reply to a bot message is chat
    expect(parseMessage(msg('收到，谢谢', { quotedBotText: quoted }), opts)).toBeUndefined()
  })

  it('binds a quote-reply to the quoted hash even when the title itself says 第N版', () => {
    const quoted = '【待审】D1「《条例》第2版解读」第1版 · 广东共青团 · 常规\n回复「#通过 D1」… 哈希 0badc0de'
    expect(cmd('通过', { quotedBotText: quoted })).toMatchObject({ id: 'D1', version: '0badc0de' })
  })

  it('treats a quote-reply that only starts with a command word as chat', () => {
    const quoted = '【待审】D7「标题」第1版\n哈希 1a2b3c4d'
    expect(parseMessage(msg('通过之前请把图换掉', { quotedBotText: quoted }), opts)).toBeUndefined()
    expect(parseMessage(msg('记录一下', { quotedBotText: quoted }), opts)).toBeUndefined()
    expect(cmd('通过，数据已核实', { quotedBotText: quoted })).toMatchObject({ verb: 'approve', id: 'D7' })
  })

  it('takes an id only right after the command word; later id-like words belong to the reason', () => {
    const quoted = '【待审】D7「标题」第1版\n哈希 1a2b3c4d'
    expect(cmd('驳回 请按A4版式重新排版', { quotedBotText: quoted })).toMatchObject({ id: 'D7', args: '请按A4版式重新排版' })
    expect(cmd('驳回 C919首飞日期写错了', { quotedBotText: quoted })).toMatchObject({ id: 'D7', args: 'C919首飞日期写错了' })
    expect(cmd('/reject needs a 2nd source', { quotedBotText: quoted })).toMatchObject({ id: 'D7', args: 'needs a 2nd source' })
    expect(cmd('#驳回 D3 与A2稿重复')).toMatchObject({ id: 'D3', args: '与A2稿重复' })
  })

  it('reads a version only for decisions, so "第2版" in a title stays text', () => {
    expect(cmd('#通过 D3 第2版')).toMatchObject({ id: 'D3', version: 2, args: '' })
    expect(cmd('#投稿 微信 第2版方案发布').args).toBe('微信 第2版方案发布')
  })

  it('suggests the nearest command for a typo, with the whole message rewritten as typed otherwise', () => {
    expect(parseMessage(msg('#通国 D1 写得好'), opts)).toMatchObject({
      kind: 'unknown',
      word: '通国',
      suggestion: { verb: 'approve', text: '#通过 D1 写得好' },
    })
    expect(parseMessage(msg('#投搞 微信 标题（一）\n正文，第二行'), opts)).toMatchObject({
      suggestion: { verb: 'submit', text: '#投稿 微信 标题（一）\n正文，第二行' },
    })
    expect(parseMessage(msg('#状忒'), opts)).toMatchObject({ suggestion: { verb: 'status', text: '#状态' } })
    expect(parseMessage(msg('#你好'), opts)).toEqual({ kind: 'unknown', word: '你好' })
    // quoting a request: the resend names the quoted draft, since #是 quotes nothing
    const quoted = parseMessage({ ...msg('#通国 写得好'), quotedBotText: '【待审】D7「标题」第1版' }, opts)
    expect(quoted).toMatchObject({ suggestion: { text: '#通过 D7 写得好' } })
    expect(parseMessage({ ...msg('#通国 D3'), quotedBotText: '【待审】D7「标题」' }, opts)).toMatchObject({ suggestion: { text: '#通过 D3' } })
  })

  it('answers unknown commands with the word typed', () => {
    expect(parseMessage(msg('#发布 D1'), opts)).toEqual({ kind: 'unknown', word: '发布' })
    expect(parseMessage(msg('/'), opts)).toEqual({ kind: 'unknown', word: '' })
  })

  it('refuses a 20,000-character body beyond the limit, and accepts one within it', () => {
    const body = '字'.repeat(20_000)
    expect(cmd(`#投稿 微信 标题\n${body}`).body).toHaveLength(20_000)
    expect(parseMessage(msg(`#投稿 微信 标题\n${body}`), { maxChars: 10_000 })).toMatchObject({ kind: 'too-long', max: 10_000 })
  })

  it('leaves an unknown id to the handler and reports a missing one as absent', () => {
    expect(cmd('#通过 D999999').id).toBe('D999999')
    expect(cmd('#通过').id).toBeUndefined()
    expect(cmd('#通过 X12').id).toBeUndefined()
  })
})

describe('submission parser', () => {
  const all = Object.keys(config.accounts)
  it('reads account, optional category and title on the first line, body below', () => {
    expect(parseSubmission(config, '微信 重要 标题 一', '正文', all)).toEqual({
      ok: true,
      submission: { account: 'wechat', category: 'important', title: '标题 一', body: '正文' },
    })
  })
  it('takes the title from the next line when the first line has none, and strips labels', () => {
    expect(parseSubmission(config, '微博', '标题：今日要闻\n正文：第一段\n第二段', all)).toEqual({
      ok: true,
      submission: { account: 'weibo', title: '今日要闻', body: '第一段\n第二段' },
    })
  })
  it('asks about a category-like word (an urgency word, or one edit from a category), offering it back as part of the title', () => {
    expect(parseSubmission(config, '微信 紧急 停电通知', '明天停电', all)).toEqual({
      ok: false,
      problem: 'unknown-category',
      hint: '紧急',
      asTitle: '#投稿 微信\n紧急 停电通知\n明天停电',
    })
    expect(parseSubmission(config, '微信 重耍 标题', '正文', all)).toMatchObject({ problem: 'unknown-category', hint: '重耍' }) // one edit from 重要
    // the rewritten message reads back with the word in the title
    const again = parseSubmission(config, '微信', '紧急 停电通知\n明天停电', all)
    expect(again).toMatchObject({ ok: true, submission: { title: '紧急 停电通知', body: '明天停电' } })
    // an ordinary first word, or a one-word title, is a title
    expect(parseSubmission(config, '微信 校园 开放日', '正文', all)).toMatchObject({ ok: true, submission: { title: '校园 开放日' } })
    expect(parseSubmission(config, '微信 紧急', '正文', all)).toMatchObject({ ok: true, submission: { title: '紧急' } })
  })
  it('says what is missing', () => {
    expect(parseSubmission(config, '抖音 标题', '正文', all)).toMatchObject({ ok: false, problem: 'no-account', hint: '抖音' })
    expect(parseSubmission(config, '微信', '', all)).toMatchObject({ ok: false, problem: 'no-title' })
    expect(parseSubmission(config, '微信 标题', '   ', all)).toMatchObject({ ok: false, problem: 'no-body' })
  })
  it('needs no account when the group serves only one', () => {
    expect(parseSubmission(config, '标题', '正文', ['weibo'])).toMatchObject({ ok: true, submission: { account: 'weibo', title: '标题' } })
  })
})

describe('leave end times (Asia/Shanghai)', () => {
  const now = Date.UTC(2026, 10, 23, 2, 0) // Mon 23 Nov 10:00 in Shanghai
  it('reads Chinese and English phrases and short spans', () => {
    expect(new Date(parseUntil('至 明天下午3点', now)!).toISOString()).toBe('2026-11-24T07:00:00.000Z')
    expect(new Date(parseUntil('until 2026-11-25 18:00', now)!).toISOString()).toBe('2026-11-25T10:00:00.000Z')
    expect(parseUntil('3天', now)).toBe(now + 3 * 86_400_000)
    expect(parseUntil('2小时', now)).toBe(now + 2 * 3_600_000)
  })
  it('refuses times that overflow or lie years ahead, so nothing is stored for them', () => {
    expect(parseUntil('100000000天', now)).toBeUndefined()
    expect(parseUntil('99999999999999999999小时', now)).toBeUndefined()
    expect(parseUntil('3000天', now)).toBeUndefined()
    expect(parseUntil('至 2099年1月1日', now)).toBeUndefined()
    expect(parseUntil('365天', now)).toBe(now + 365 * 86_400_000)
  })
  it('takes a date without a time as the end of that day', () => {
    expect(new Date(parseUntil('到 11月25日', now)!).toISOString()).toBe('2026-11-25T15:59:00.000Z')
  })
  it('means Shanghai time whatever the server’s time zone, also just after midnight in Shanghai', () => {
    const saved = process.env.TZ
    const justAfterMidnight = Date.UTC(2026, 10, 24, 17, 30) // Wed 25 Nov 01:30 in Shanghai
    try {
      for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai']) {
        process.env.TZ = zone
        expect(new Date(parseUntil('明天上午10点', justAfterMidnight)!).toISOString()).toBe('2026-11-26T02:00:00.000Z')
        expect(new Date(parseUntil('11月25日 18:00', justAfterMidnight)!).toISOString()).toBe('2026-11-25T10:00:00.000Z')
      }
    } finally {
      process.env.TZ = saved
    }
  })

  it('returns nothing for text that is not a time', () => {
    expect(parseUntil('某个时候', now)).toBeUndefined()
    expect(parseUntil('', now)).toBeUndefined()
  })
})
