import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000
let g: SimGroup
afterEach(async () => g?.stop())

describe('chat texts that say what is wrong and keep what was typed', () => {
  it('an over-length draft is told the limit and its count, not "forbidden content"', async () => {
    g = await simGroup(config)
    const [over] = await g.say('editor2', `#投稿 微博 标题\n${'青'.repeat(150)}`)
    expect(over!.text).toContain('超过微博 140 字上限，现 152 字')
    expect(over!.text).not.toContain('禁止发布的内容')
  })

  it('forbidden words are still called forbidden', async () => {
    g = await simGroup(config)
    const [blocked] = await g.say('editor1', '#投稿 微信 周末活动预告\n本周末活动现场禁止网-赌，欢迎参加。')
    expect(blocked!.text).toContain('禁止发布的内容')
  })

  it('a configured approver acting before their stage is told whose turn it is', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 标题\n正文。来源：团省委')
    const early = (await g.say('director', '#通过 D1')).at(-1)!
    expect(early.text).toContain('D1 现在在第1/2级「初审」，轮到 ')
    expect(early.text).toContain('你负责第2级')
    expect(mentionedKeys(config, early)).toEqual(['director'])
    // someone named nowhere in the chain still gets the plain refusal
    expect((await g.say('editor2', '#通过 D1')).at(-1)!.text).toContain('现在由 李副主任 审核，不需要你（小编乙）审核')
  })

  it('asks about a category-like word after the account, and #是 sends it with the word in the title', async () => {
    g = await simGroup(config)
    const [asked] = await g.say('editor1', '#投稿 微信 紧急 停电通知\n明天停电。来源：后勤处')
    expect(asked!.text).toContain('「紧急」不是稿件类别')
    expect(asked!.text).toContain('常规/一般/日常')
    expect(asked!.text).toContain('#是')
    expect((await g.say('editor1', '#状态')).at(-1)!.text).toContain('没有在审稿件')
    const sent = await g.say('editor1', '#是')
    expect(sent[0]!.text).toContain('D1「紧急 停电通知」')
    // used once: a second #是 has nothing to run
    expect((await g.say('editor1', '#是')).at(-1)!.text).toContain('没有待确认的命令')
    // a real category is taken as one, without a question
    expect((await g.say('editor1', '#投稿 微信 重要 会议通知\n正文。来源：办公室'))[0]!.text).toContain('· 重要')
  })

  it('a mistyped command gets the nearest one, and /yes within the time runs it as typed', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 标题\n正文。来源：团省委')
    const [typo] = await g.say('deputy', '#通国 D1')
    expect(typo!.text).toContain('您是不是想「#通过」？')
    expect(typo!.text).toContain('「#通过 D1」')
    // only the person who typed it can confirm it
    expect((await g.say('director', '#是')).at(-1)!.text).toContain('没有待确认的命令')
    const approved = await g.say('deputy', '/yes')
    expect(mentionedKeys(config, approved.at(-1)!)).toEqual(['director'])
    expect((await g.say('editor1', '#状忒'))[0]!.text).toContain('您是不是想「#状态」？')
  })

  it('an offer expires after a few minutes, and a typo with no near command is plainly unknown', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 标题\n正文。来源：团省委')
    await g.say('deputy', '#通国 D1')
    await g.advance(6 * MIN)
    expect((await g.say('deputy', '#是')).at(-1)!.text).toContain('没有待确认的命令')
    expect((await g.say('deputy', '#你好'))[0]!.text).toBe('不认识的命令「你好」。发送「#帮助」查看全部命令。')
    // "#是否" is not the confirmation
    expect((await g.say('deputy', '#是否可以'))[0]!.text).not.toContain('没有待确认的命令')
  })
})

describe('texts that name who and what', () => {
  it("#修改's first reply names the draft and who sent the revision", async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 标题\n正文。来源：团省委')
    const [first] = await g.say('editor1', '#修改 D1\n新正文。来源：团省委')
    expect(first!.text).toMatch(/^@小编甲 已收到 小编甲 的修改稿：D1「标题」第2版 · 广东共青团 · 常规\n检查：/)
  })

  it('the fallback line says who reviews and who may stand in, in words a reader follows', async () => {
    g = await simGroup(config)
    await g.say('editor2', '#投稿 微博 青年志愿者招募\n招募100名青年志愿者。来源：团省委')
    await g.say('opinion1', '#通过 D1')
    const [timedOut] = await g.advance(121 * MIN)
    expect(timedOut!.text).toContain('请 李副主任 审核，或由 舆情部陈部长、舆情部林部长 代为审核（代审须两位都通过）')
    expect(timedOut!.text).not.toContain('正文：') // the body went out with the first request
  })

  it('saws: a head of another unit is told whose unit reviews, not treated as an impostor', async () => {
    const saws = loadConfig('config/presets/saws.yaml')
    g = await simGroup(saws)
    await g.say('drafter1', '#投稿 微博 安全生产月知识问答\n十问十答，欢迎转发。来源：监管一司')
    const told = (await g.say('ecc-head', '#通过 D1')).at(-1)!.text
    expect(told).toContain('现在由 监管一司蒋司长 审核，不需要你（应急指挥中心沈主任）审核（本级由投稿人所在单位「')
    expect(told).not.toContain('改群昵称无效')
  })
})
