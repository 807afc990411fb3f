import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

const WECHAT_DRAFT = '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议，部署下一阶段工作。'

describe('the review workflow in the group (gd-youth-league default config)', () => {
  it('walks a WeChat draft from submission to final approval, mentioning each stage in turn', async () => {
    g = await simGroup(config)
    const replies = await g.say('editor1', WECHAT_DRAFT)
    expect(replies[0]!.text).toContain('已收稿 D1')
    expect(replies[0]!.text).toContain('检查')
    const request = replies.at(-1)!
    expect(mentionedKeys(config, request)).toEqual(['deputy'])
    expect(request.text).toContain('第1/2级「初审」')

    const afterFirst = await g.say('deputy', '#通过 D1 数据已核实')
    expect(afterFirst.at(-1)!.text).toContain('意见：数据已核实')
    expect(afterFirst.at(-1)!.text).toContain('第2/2级「终审」')
    expect(mentionedKeys(config, afterFirst.at(-1)!)).toEqual(['director'])

    const final = (await g.say('director', '/approve d1')).at(-1)!
    expect(final.text).toContain('可以发布')
    expect(final.text).toContain('终审：王主任')
    expect(final.text).toMatch(/哈希 [0-9a-f]{8}/)
    // the editor and the chain's cc (抄送) are told of the outcome
    expect(mentionedKeys(config, final)).toEqual(expect.arrayContaining(['editor1', 'propaganda']))
  })

  it('accepts full-width punctuation, extra spaces, English aliases and an @-mention of the bot', async () => {
    g = await simGroup(config)
    await g.say('editor1', '＃送审　 微信  标题一\n正文一')
    const r1 = await g.say('deputy', '＃同意　Ｄ１')
    expect(r1.at(-1)!.text).toContain('终审')
    const r2 = await g.say('director', '通过 D1', { mention: ['bot'] })
    expect(r2.at(-1)!.text).toContain('可以发布')
  })

  it('lets a reviewer quote the request and write only 通过, or 驳回 with a reason', async () => {
    g = await simGroup(config)
    const request = (await g.say('editor1', WECHAT_DRAFT)).at(-1)!
    const next = (await g.say('deputy', '通过', { quote: request.text })).at(-1)!
    expect(next.text).toContain('终审')
    const rejected = (await g.say('director', '驳回 会议时间写错了', { quote: next.text })).at(-1)!
    expect(rejected.text).toContain('被 王主任')
    expect(rejected.text).toContain('会议时间写错了')
    expect(mentionedKeys(config, rejected)).toEqual(['editor1'])
  })

  it('asks for the reason of a reject and changes nothing until it is given', async () => {
    g = await simGroup(config)
    await g.say('editor1', WECHAT_DRAFT)
    const ask = (await g.say('deputy', '#驳回 D1')).at(-1)!
    expect(ask.text).toContain('驳回需要写明理由')
    const status = (await g.say('editor1', '#状态 D1')).at(-1)!
    expect(status.text).toContain('审核中')
    const rejected = (await g.say('deputy', '#退回 D1：标题不规范')).at(-1)!
    expect(rejected.text).toContain('标题不规范')
  })

  it('voids earlier approvals when the draft is revised, even after final approval, and restarts the chain', async () => {
    g = await simGroup(config)
    await g.say('editor1', WECHAT_DRAFT)
    await g.say('deputy', '#通过 D1')
    await g.say('director', '#通过 D1')
    const revised = await g.say('editor1', '#修改 D1 团省委召开青年工作会议（更新）\n11月23日下午，团省委召开全省青年工作会议。')
    const text = revised.map((s) => s.text).join('\n')
    expect(text).toContain('第2版')
    expect(text).toContain('2 个通过意见已作废')
    expect(mentionedKeys(config, revised.at(-1)!)).toEqual(['deputy'])
    // the director's approval of version 1 no longer counts: they are not asked until 初审 passes
    const early = (await g.say('director', '#通过 D1')).at(-1)!
    expect(early.text).toContain('轮到 ')
    expect(early.text).toContain('你负责第2级')
  })

  it('revises the body alone keeping the title, or the title too when given', async () => {
    g = await simGroup(config)
    await g.say('editor1', WECHAT_DRAFT)
    const bodyOnly = (await g.say('editor1', '#修改 D1\n第一段。\n第二段。')).at(-1)!
    expect(bodyOnly.text).toContain('「团省委召开青年工作会议」第2版')
    expect(bodyOnly.text).toContain('第一段。\n第二段。')
    const labelled = (await g.say('editor1', '#修改 D1\n标题：新标题\n新正文。')).at(-1)!
    expect(labelled.text).toContain('「新标题」第3版')
    const inline = (await g.say('editor1', '#修改 D1 再改标题\n再改正文。')).at(-1)!
    expect(inline.text).toContain('「再改标题」第4版')
  })

  it('refuses a decision on a superseded version named by the quoted request', async () => {
    g = await simGroup(config)
    const v1request = (await g.say('editor1', WECHAT_DRAFT)).at(-1)!
    await g.say('editor1', '#修改 D1\n更正后的正文。')
    const refused = (await g.say('deputy', '通过', { quote: v1request.text })).at(-1)!
    expect(refused.text).toContain('旧版本')
    expect(refused.text).toContain('第2版')
  })

  it('takes the id from context when exactly one draft waits for the person, and asks when there are several', async () => {
    g = await simGroup(config)
    await g.say('editor1', WECHAT_DRAFT)
    expect((await g.say('deputy', '#通过')).at(-1)!.text).toContain('终审')
    await g.say('editor1', '#投稿 微信 第二篇\n正文二')
    await g.say('editor2', '#投稿 微信 第三篇\n正文三')
    const ask = (await g.say('deputy', '#通过')).at(-1)!
    expect(ask.text).toContain('D2、D3')
  })

  it('withdraws a draft, after which decisions are refused', async () => {
    g = await simGroup(config)
    await g.say('editor1', WECHAT_DRAFT)
    expect((await g.say('editor1', '#撤回')).at(-1)!.text).toContain('已由 小编甲 撤回')
    expect((await g.say('deputy', '#通过 D1')).at(-1)!.text).toContain('已撤回')
    expect((await g.say('editor1', '#撤回 D1')).at(-1)!.text).toContain('已撤回')
    expect((await g.say('editor2', '#修改 D1\n新正文')).at(-1)!.text).toContain('只有投稿人或主管')
  })

  it('shows remarks to the editor, the queue, the status and the audit trail', async () => {
    g = await simGroup(config)
    await g.say('editor1', WECHAT_DRAFT)
    const remark = (await g.say('director', '#意见 D1 第二段请补充数据来源')).at(-1)!
    expect(remark.text).toContain('第二段请补充数据来源')
    expect(mentionedKeys(config, remark)).toEqual(['editor1'])
    expect((await g.say('deputy', '#待办')).at(-1)!.text).toContain('D1')
    expect((await g.say('director', '/todo')).at(-1)!.text).toContain('没有等你审核')
    await g.say('deputy', '#通过 D1')
    const status = (await g.say('editor1', '#状态')).at(-1)!.text
    expect(status).toContain('D1')
    expect(status).toContain('王主任')
    const history = (await g.say('editor1', '#记录 D1')).at(-1)!.text
    expect(history).toMatch(/投稿[\s\S]*意见[\s\S]*通过 第1级/)
    expect(history).toContain('第1版')
  })

  it('answers help, whoami, unknown commands and ignores ordinary chat', async () => {
    g = await simGroup(config)
    expect((await g.say('editor1', '/help')).at(-1)!.text).toContain('#投稿')
    expect((await g.say('deputy', '#我是谁')).at(-1)!.text).toContain('wxid_deputy')
    expect((await g.say('outsider', '/whoami')).at(-1)!.text).toContain('尚未写入配置')
    expect((await g.say('editor1', '#发布 D1')).at(-1)!.text).toContain('不认识的命令「发布」')
    expect(await g.say('editor1', '今天中午吃什么？')).toEqual([])
    expect((await g.say('deputy', '#待办', { private: true })).at(-1)!.to).toBe('wxid_deputy')
  })

  it('answers malformed submissions and unknown ids with what to do', async () => {
    g = await simGroup(config)
    expect((await g.say('editor1', '#投稿 抖音 标题\n正文')).at(-1)!.text).toContain('没认出账号「抖音」')
    expect((await g.say('editor1', '#投稿 微信 只有标题')).at(-1)!.text).toContain('缺少正文')
    expect((await g.say('editor1', '#投稿 微信')).at(-1)!.text).toContain('缺少标题')
    expect((await g.say('deputy', '#通过 D99')).at(-1)!.text).toContain('找不到稿件 D99')
    const long = await g.say('editor1', `#投稿 微信 长稿\n${'字'.repeat(25_000)}`)
    expect(long.at(-1)!.text).toContain('超过上限')
    expect((await g.say('editor1', '#状态')).at(-1)!.text).toContain('没有在审稿件')
  })
})
