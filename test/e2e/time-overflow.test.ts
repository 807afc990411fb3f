import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

describe('time phrases that overflow', () => {
  it('#请假 100000000天 is refused before anything is stored', async () => {
    g = await simGroup(config)
    const reply = (await g.say('director', '#请假 100000000天')).at(-1)!
    expect(reply.text).toContain('请写明请假到什么时候')
    expect(await g.store().list('leaves')).toEqual([])
    expect(await g.store().auditBetween(0, Number.MAX_SAFE_INTEGER)).toEqual([])
  })

  it('#承诺 C1 100000000天 is refused and the message keeps its deadline', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 张三：活动什么时候开始？')
    const [before] = await g.store().list<{ id: string; rev: number }>('comments')
    const reply = (await g.say('editor1', '#承诺 C1 100000000天')).at(-1)!
    expect(reply.text).toContain('没看懂承诺的时间')
    const [after] = await g.store().list<{ id: string; rev: number }>('comments')
    expect(after).toEqual(before)
  })
})
