import { collections } from '../../src/bot/collections.js'
import { afterEach, describe, expect, it } from 'vitest'
import { createChecker } from '../../src/checklist/index.js'
import type { Checker } from '../../src/checklist/types.js'
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

describe('an image racing a revision', () => {
  it('never writes the old text back: the image is refused and the editor asked to send it again', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const rules = createChecker(config)
    // a slow check (an LLM, say) for the attachment only, so a #修改 can land meanwhile
    const checker: Checker = {
      check: async (text, context) => (context.attachments ? (await gate, rules.check(text, context)) : rules.check(text, context)),
    }
    g = await simGroup(config, { checker })
    await g.say('editor1', '#投稿 微信 活动图集\n图为活动现场。')
    // Each wait ends when its own message is done: the revision lands while the image is held at the gate.
    const image = g.sendFile('editor1', 'cover.jpg', 2 * MB)
    await g.say('editor1', '#修改 D1\n更正后的图说。')
    release()
    await image
    expect(g.sent.map((s) => s.text).join('\n')).toContain('D1 刚刚被修改，cover.jpg 没有附上，请重新发送')
    const status = (await g.say('editor1', '#状态 D1')).at(-1)!.text
    expect(status).toContain('第2版')
    const d = await collections.drafts.get(g.store(), 'D1')
    expect(d!.versions.at(-1)!.body).toBe('更正后的图说。')
  })
})
