import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load.js'
import { auditSubject, falseAlarmId, falseAlarms } from '../../../src/bot/false-alarms/learned.js'
import { simGroup, type SimGroup } from '../../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

const BODY = '党委书记张建国出席会议。大家再接再励，按步就班，警钟常鸣，迫不急待地投入工作。来源：办公室'
const WARNING = { category: 'typo', term: '警钟常鸣', text: '警钟常鸣' }
const last = async (who: string, text: string) => (await g.say(who, text)).at(-1)!.text

describe('#误报 teaches the organisation', () => {
  it('stops raising a finding marked by two people on two drafts, tells the second marker, and audits it', async () => {
    g = await simGroup(config)
    await g.say('editor1', `#投稿 微信 工作动态\n${BODY}`)
    await g.say('editor2', `#投稿 微信 工作动态二\n${BODY}`)
    const first = await last('deputy', '#误报 D1 3')
    expect(first).toContain('「警钟常鸣」标为误报')
    expect(first).not.toContain('今后不再提示')
    // the same person again, on another draft: still one person, so one mark
    expect(await last('deputy', '#误报 D2 3')).not.toContain('今后不再提示')
    await g.say('editor1', `#投稿 微信 工作动态三\n${BODY}`)
    expect(await last('deputy', '#检查 D3')).toContain('「警钟常鸣」')

    const learned = await last('opinion1', '#误报 D2 3')
    expect(learned).toContain('「警钟常鸣」已被标为误报 2 次，今后不再提示；主管可在看板')
    // a repeat by someone who already marked it on that draft changes nothing
    expect(await last('opinion1', '#误报 D2 3')).not.toContain('今后不再提示')

    await g.say('editor2', `#投稿 微信 工作动态四\n${BODY}`)
    const d4 = await last('deputy', '#检查 D4')
    expect(d4).not.toContain('警钟常鸣')
    expect(d4).toContain('「再接再励」')
    // a revision and a pre-check go the same way
    await g.say('editor1', `#修改 D3\n工作动态三\n${BODY}`)
    expect(await last('deputy', '#检查 D3')).not.toContain('警钟常鸣')
    expect(await last('editor1', `#检查\n${BODY}`)).not.toContain('警钟常鸣')
    // and so does a reply to a public message, checked like a draft
    await g.say('editor1', '#留言 微信 网友小李：活动什么时候开始？')
    const reply = (await g.say('editor1', '#已回复 C1 大家再接再励，警钟常鸣，下周一开始。')).map((s) => s.text).join('\n')
    expect(reply).toContain('「再接再励」')
    expect(reply).not.toContain('警钟常鸣')

    const id = falseAlarmId(WARNING)
    const audit = await g.store().audit(auditSubject(id))
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'opinion1', action: 'false-alarm-learned', detail: { ...WARNING, drafts: ['D1', 'D2'] } }),
    ])
    expect((await falseAlarms.get(g.store(), id))?.marks.map((m) => [m.by, m.draft])).toEqual([
      ['deputy', 'D1'],
      ['deputy', 'D2'],
      ['opinion1', 'D2'],
    ])
  })

  it('never learns a blocking finding (forbidden content)', async () => {
    g = await simGroup(config)
    const forbidden = '本周末活动现场禁止网-赌，欢迎参加。'
    await g.say('editor1', `#投稿 微信 周末活动预告\n${forbidden}`)
    await g.say('editor2', `#投稿 微信 周末活动预告二\n${forbidden}`)
    expect(await last('deputy', '#误报 D1 1')).toContain('「网-赌」标为误报')
    const second = await last('opinion1', '#误报 D2 1')
    expect(second).toContain('「网-赌」标为误报')
    expect(second).not.toContain('今后不再提示')
    const again = await g.say('editor1', `#投稿 微信 周末活动预告三\n${forbidden}`)
    expect(again.at(-1)!.text).toContain('未送审')
    expect(again.at(-1)!.text).toContain('「网-赌」')
    expect(await falseAlarms.list(g.store())).toEqual([])
  })
})
