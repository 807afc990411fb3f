import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

const MB = 1024 * 1024

describe('images and videos sent with a draft', () => {
  it('joins an image to the editor’s open draft, checks it, and amends the version while nobody has approved it', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 活动图集\n图为活动现场。')
    const ok = await g.sendFile('editor1', 'cover.jpg', 2 * MB)
    expect(ok).toHaveLength(1)
    expect(ok[0]!.text).toContain('已将 cover.jpg（2.0 MB）附到 D1 第1版')
    expect(ok[0]!.text).toContain('附件检查：符合要求')
    const small = (await g.sendFile('editor1', 'thumb.png', 200 * 1024)).at(-1)!
    expect(small.text).toContain('jpg')
    expect(small.text).toMatch(/须在 1\.0 MB–5\.0 MB 之间/)
    // the request the deputy approves now names the amended version's hash
    const status = (await g.say('deputy', '#状态 D1')).at(-1)!.text
    expect(status).toContain('thumb.png')
    expect((await g.say('deputy', '#通过 D1')).at(-1)!.text).toContain('终审')
  })

  it('makes a new version once the draft has an approval, voiding it', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 活动图集\n图为活动现场。')
    await g.say('deputy', '#通过 D1')
    const replies = await g.sendFile('editor1', 'video.mp4', 20 * MB)
    const all = replies.map((r) => r.text).join('\n')
    expect(all).toContain('附到 D1 第2版')
    expect(all).toContain('1 个通过意见已作废')
    expect(mentionedKeys(config, replies.at(-1)!)).toEqual(['deputy'])
  })

  it('leaves pictures from people with no open draft alone', async () => {
    g = await simGroup(config)
    expect(await g.sendFile('editor2', 'lunch.jpg', 2 * MB)).toEqual([])
  })
})
