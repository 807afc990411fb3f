import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

const draftId = (text: string) => /D\d+/.exec(text)?.[0]

describe('the review workflow in the group (gd-youth-league default config)', () => {
  it('walks a WeChat draft from submission to final approval, mentioning each stage in turn', async () => {
    g = await simGroup(config)
    const replies = await g.say('editor1', '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议。')
    const id = draftId(replies[0]!.text)!
    expect(id).toBe('D1')
    expect(replies[0]!.text).toContain('已收稿 D1')
    const request = replies.at(-1)!
    expect(mentionedKeys(config, request)).toEqual(['deputy'])
    expect(request.text).toContain('第1/2级「初审」')

    const afterFirst = await g.say('deputy', `#通过 ${id}`)
    expect(mentionedKeys(config, afterFirst.at(-1)!)).toEqual(['director'])
    expect(afterFirst.at(-1)!.text).toContain('第2/2级「终审」')

    const final = await g.say('director', '/approve d1')
    expect(final.at(-1)!.text).toContain('可以发布')
    expect(final.at(-1)!.text).toContain('终审：王主任')
    expect(final.at(-1)!.text).toMatch(/哈希 [0-9a-f]{8}/)
    expect(mentionedKeys(config, final.at(-1)!)).toEqual(expect.arrayContaining(['editor1', 'propaganda']))
  })
})
