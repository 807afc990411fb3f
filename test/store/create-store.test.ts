import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStoreFromEnv } from '../../src/store/index.js'

describe('createStoreFromEnv', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanshen-env-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('without REDIS_URL opens the file store at SANSHEN_DATA, creating its directory', async () => {
    const path = join(dir, 'not', 'yet', 'there.json')
    const store = await createStoreFromEnv({ SANSHEN_DATA: path })
    await store.nextSeq('draft')
    await store.close()
    expect(JSON.parse(await readFile(path, 'utf8')).seq).toEqual({ draft: 1 })
  })

  it('with REDIS_URL opens the Redis store there', async () => {
    await expect(createStoreFromEnv({ REDIS_URL: 'redis://127.0.0.1:1', SANSHEN_DATA: join(dir, 'x.json') })).rejects.toThrow(
      'cannot reach Redis at redis://127.0.0.1:1',
    )
  })
})
