import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/store/index.js'
import { storeContract } from './contract.js'

storeContract(
  'memory store',
  async () => {
    const store = createMemoryStore()
    return { store, cleanup: () => store.close() }
  },
  { durable: false },
)

describe('memory store', () => {
  it('keeps one state per call', async () => {
    const memory = createMemoryStore()
    const other = createMemoryStore()
    expect(await memory.commit('drafts', { id: 'D1', rev: 0 }, 0, [])).toBe(1)
    expect(await other.get('drafts', 'D1')).toBeUndefined()
  })

  it('refuses work after close, saying how to get a store', async () => {
    const store = createMemoryStore()
    await store.close()
    await expect(store.nextSeq('draft')).rejects.toThrow('the memory store is closed')
  })
})
