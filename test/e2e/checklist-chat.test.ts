import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

describe('the checklist in the chat', () => {
  it('stops a draft with forbidden content before any reviewer is mentioned, quoting the words, even when disguised', async () => {
    g = await simGroup(config)
    const replies = await g.say('editor1', '#投稿 微信 周末活动预告\n本周末活动现场禁止网-赌，欢迎参加。')
    expect(replies).toHaveLength(1)
    const blocked = replies[0]!
    expect(blocked.text).toContain('未送审')
    expect(blocked.text).toContain('「网-赌」')
    expect(mentionedKeys(config, blocked)).toEqual(['editor1'])
    expect((await g.say('deputy', '#通过 D1')).at(-1)!.text).toContain('被检查拦截')
    // a clean revision goes to the first reviewer
    const revised = await g.say('editor1', '#修改 D1\n本周末活动欢迎参加。')
    expect(mentionedKeys(config, revised.at(-1)!)).toEqual(['deputy'])
  })

  it('sends warnings with the request so reviewers see exactly which words triggered what', async () => {
    g = await simGroup(config)
    const request = (await g.say('editor1', '#投稿 微信 活动回顾\n我觉得这次活动办得很成功。')).at(-1)!
    expect(mentionedKeys(config, request)).toEqual(['deputy'])
    expect(request.text).toContain('检查提示')
    expect(request.text).toContain('「我觉得」')
  })

  it('raises the category when the checker finds major policy, routing the draft to the longer chain', async () => {
    g = await simGroup(config)
    const replies = await g.say('editor1', '#投稿 微信 解读\n本文解读团省委重大政策调整的要点。来源：团省委办公室')
    expect(replies[0]!.text).toContain('提升为「重大」')
    expect(replies.at(-1)!.text).toContain('第1/3级')
  })

  it('counts the title and body against the account limit (Weibo 140) and blocks what is over', async () => {
    g = await simGroup(config)
    const ok = await g.say('editor2', `#投稿 微博 标题\n${'青'.repeat(138)}`)
    expect(mentionedKeys(config, ok.at(-1)!).sort()).toEqual(['opinion1', 'opinion2'])
    const over = await g.say('editor2', `#投稿 微博 标题\n${'青'.repeat(139)}`)
    expect(over).toHaveLength(1)
    expect(over[0]!.text).toContain('未送审')
  })

  it('pre-checks text with #检查 without creating a draft', async () => {
    g = await simGroup(config)
    const result = (await g.say('editor1', '#检查\n据悉未经证实的消息称，北朝鲜代表团将来访。')).at(-1)!
    expect(result.text).toContain('预检结果（未送审）')
    expect(result.text).toContain('朝鲜')
    expect((await g.say('editor1', '/status')).at(-1)!.text).toContain('没有在审稿件')
    expect((await g.say('editor1', '/check')).at(-1)!.text).toContain('请在命令后写要预检的文字')
  })

  it('shows a few proofreading findings in the request, all with #检查 D1, and records #误报 in the audit log', async () => {
    g = await simGroup(config)
    const body = '党委书记张建国出席会议。大家再接再励，按步就班，警钟常鸣，迫不急待地投入工作。来源：办公室'
    const request = (await g.say('editor1', `#投稿 微信 工作动态\n${body}`)).at(-1)!
    expect(request.text).toContain('「再接再励」')
    expect(request.text).toContain('另有 1 项校对提示，发送「#检查 D1」查看全部')
    expect(request.text).not.toContain('「迫不急待」')
    const all = (await g.say('deputy', '#检查 D1')).at(-1)!.text
    expect(all).toContain('共 4 项')
    expect(all).toMatch(/4\. ⚠️ 「迫不急待」.*建议改为「迫不及待」/)
    expect((await g.say('deputy', '#误报 D1 3')).at(-1)!.text).toContain('第 3 项检查提示「警钟常鸣」标为误报')
    expect((await g.say('deputy', '#误报 D1 9')).at(-1)!.text).toContain('没有第 9 项')
    const audit = await g.store().audit('D1')
    expect(audit.filter((e) => e.action === 'false-alarm')).toEqual([
      expect.objectContaining({ actor: 'deputy', detail: { finding: 3, category: 'typo', term: '警钟常鸣', text: '警钟常鸣' } }),
    ])
    expect((await g.say('deputy', '#记录 D1')).at(-1)!.text).toContain('标记误报')
  })
})
