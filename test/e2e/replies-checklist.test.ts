import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/load.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

/**
 * Every reply text goes through the checklist (issue 3, README), whether or not replies are
 * reviewed and whether or not the command names the message; and only content that matters
 * makes a public message sensitive.
 */
const config = loadConfig('config/sanshen.yaml')
const reviewed = parseConfig(`${readFileSync('config/sanshen.yaml', 'utf8')}\nreplies:\n  reviewReplies: true\n  replyReviewers: [deputy]\n`)
let g: SimGroup
afterEach(async () => g?.stop())

const reports = () => g.sent.filter((s) => s.to && s.text.includes('敏感留言上报'))

describe('reply texts go through the checklist', () => {
  it('without review: a blocked reply does not close the message and says which words; a warning is shown with the receipt', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 蒋六：能否公开经费使用情况？')
    const blocked = (await g.say('editor1', '#已回复 C1 你们这帮狗官')).at(-1)!.text
    expect(blocked).toContain('⛔')
    expect(blocked).toContain('「狗官」')
    expect(blocked).toContain('#已回复 C1')
    expect((await g.say('director', '#留言状态')).at(-1)!.text).toContain('C1')
    expect((await g.store().audit('C1')).map((e) => e.action)).toEqual(['message-received'])

    const done = (await g.say('editor1', '#已回复 C1 感谢关注，详情请致电 13812345678 咨询。')).at(-1)!.text
    expect(done).toContain('已答复（按时）')
    expect(done).toContain('⚠️ 「13812345678」含手机号码')
    expect((await g.store().audit('C1')).map((e) => e.action)).toEqual(['message-received', 'replied'])
  })

  it("without an id (the handler's only open message): the text is checked too, reviewed or not", async () => {
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 蒋六：能否公开经费使用情况？')
    expect((await g.say('editor1', '#已回复 你们这帮狗官')).at(-1)!.text).toContain('「狗官」')
    expect((await g.store().audit('C1')).map((e) => e.action)).toEqual(['message-received'])
    await g.stop()

    g = await simGroup(reviewed)
    await g.say('editor1', '#留言 微信 蒋六：能否公开经费使用情况？')
    expect((await g.say('editor1', '#已回复 你们这帮狗官')).at(-1)!.text).toContain('「狗官」')
    const asked = (await g.say('editor1', '#已回复 感谢关注，可致电 13812345678 咨询。')).at(-1)!.text
    expect(asked).toContain('须先审核')
    expect(asked).toContain('⚠️ 「13812345678」含手机号码')
    expect((await g.store().audit('C1')).map((e) => e.action)).toEqual(['message-received', 'reply-submitted'])
  })
})

describe('what makes a public message sensitive', () => {
  it('a citizen who leaves a phone number is an ordinary message: one working day, no report', async () => {
    g = await simGroup(config)
    const got = (await g.say('editor1', '#留言 微信 李四：报名表交到哪里？我的电话 13812345678，转载自学校通知')).at(-1)!.text
    expect(got).not.toContain('敏感留言')
    expect(got).toContain('11月24日（周二）10:00')
    expect(reports()).toEqual([])
    const viaIntake = await g.bot().intake({ account: 'weibo', author: '@网友', text: '我觉得活动很好，联系我 13912345678', source: 'webhook' })
    expect(viaIntake.sensitive).toBe(false)
    expect(reports()).toEqual([])
  })

  it('a rumour term makes it sensitive: one hour, reported at once with the finding', async () => {
    g = await simGroup(config)
    const got = (await g.say('editor1', '#留言 微信 王五：紧急扩散！听说明天停课，电话 13812345678')).at(-1)!.text
    expect(got).toContain('敏感留言')
    expect(got).toContain('11月23日（周一）11:00')
    expect(reports()).toHaveLength(2)
    expect(reports()[0]!.text).toContain('「紧急扩散」')
    expect(reports()[0]!.text).not.toContain('手机号码')
  })
})
