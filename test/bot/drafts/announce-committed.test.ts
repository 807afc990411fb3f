import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load.js'
import { createMemoryStore } from '../../../src/store/memory-store.js'
import type { Store } from '../../../src/store/store.js'
import { simGroup, type SimGroup } from '../../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

/**
 * A withdrawal's and a remark's announcement are committed with the change (issue 24): with a store
 * that accepts the commit and then refuses every separate write, both are said once it is back. (The
 * separate write they replaced also got through here, by its one direct try; what it could not survive,
 * a kill between commit and send, is the fault suite's: test/faults/kill-consequences.test.ts.)
 */
describe('announcements committed with their change', () => {
  function flakyStore(): { store: Store; breakSeparateWrites(): void; mend(): void } {
    const inner = createMemoryStore()
    let broken = false
    const store = new Proxy(inner, {
      get(target, key, receiver) {
        if (broken && key === 'schedule') return () => Promise.reject(new Error('store went away after the commit'))
        return Reflect.get(target, key, receiver)
      },
    })
    return { store, breakSeparateWrites: () => (broken = true), mend: () => (broken = false) }
  }

  it('#撤回 and #意见 are said although nothing but the commit can be written', async () => {
    const s = flakyStore()
    g = await simGroup(config, { store: s.store })
    await g.say('editor1', '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议。')
    await g.say('editor1', '#投稿 微信 第二篇\n正文二。')
    s.breakSeparateWrites()
    const from = g.sent.length
    await g.say('deputy', '#意见 D2 请补充数据来源')
    await g.say('editor1', '#撤回 D1')
    // the store is back: what was committed goes out with the next sweep after the outbox's grace
    s.mend()
    await g.advance(2 * 60_000)
    const said = g.sent.slice(from).map((m) => m.text)
    expect(said.some((t) => t.includes('D2') && t.includes('请补充数据来源'))).toBe(true)
    expect(said.some((t) => t.includes('D1') && t.includes('撤回'))).toBe(true)
  })
})
