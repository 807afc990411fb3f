import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStoreFromEnv } from '../../src/store/index.js'
import { embeddedPaths } from '../../src/store/create-store.js'

describe('createStoreFromEnv', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanshen-env-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('without REDIS_URL opens the SQLite store at SANSHEN_DATA, creating its directory', async () => {
    const path = join(dir, 'not', 'yet', 'there.db')
    const store = await createStoreFromEnv({ SANSHEN_DATA: path })
    await store.nextSeq('draft')
    await store.close()
    expect((await readFile(path)).subarray(0, 15).toString()).toBe('SQLite format 3')
  })

  it('a .json SANSHEN_DATA (the former setting) means the .db file beside it', async () => {
    const store = await createStoreFromEnv({ SANSHEN_DATA: join(dir, 'sanshen.json') })
    await store.nextSeq('draft')
    await store.close()
    expect(existsSync(join(dir, 'sanshen.db'))).toBe(true)
    expect(existsSync(join(dir, 'sanshen.json'))).toBe(false)
  })

  it('the default is data/sanshen.db', () => {
    expect(embeddedPaths(undefined)).toEqual({ db: resolve('data/sanshen.db'), legacyJson: resolve('data/sanshen.json') })
  })

  it('with REDIS_URL opens the Redis store there', async () => {
    await expect(createStoreFromEnv({ REDIS_URL: 'redis://127.0.0.1:1', SANSHEN_DATA: join(dir, 'x.json') })).rejects.toThrow(
      'cannot reach Redis at redis://127.0.0.1:1',
    )
  })
})
