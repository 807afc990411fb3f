import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileStore, StoreFileError, type Store } from '../../src/store/index.js'
import { storeContract } from './contract.js'

storeContract('file store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sanshen-store-'))
  const path = join(dir, 'sanshen.json')
  let current: Store = await createFileStore(path)
  return {
    store: current,
    reopen: async () => {
      await current.close()
      return (current = await createFileStore(path))
    },
    cleanup: async () => {
      await current.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
})

describe('file store', () => {
  let dir: string
  let path: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanshen-store-'))
    path = join(dir, 'sanshen.json')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('has every change on disk when its promise resolves, without close', async () => {
    const store = await createFileStore(path)
    await store.commit('drafts', { id: 'D1', rev: 0 }, 0, [{ at: 1, actor: 'bot', action: 'submit', subject: 'D1' }])
    await store.schedule({ id: 'remind:D1', dueAt: 5, kind: 'reminder', payload: {} })
    const second = await createFileStore(path)
    expect(await second.get('drafts', 'D1')).toEqual({ id: 'D1', rev: 1 })
    expect((await second.pendingJobs()).map((j) => j.id)).toEqual(['remind:D1'])
    await Promise.all([store.close(), second.close()])
  })

  it('writes concurrent changes in order, the last one winning on disk', async () => {
    const store = await createFileStore(path)
    const seqs = await Promise.all(Array.from({ length: 20 }, () => store.nextSeq('draft')))
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(JSON.parse(await readFile(path, 'utf8')).seq).toEqual({ draft: 20 })
    await store.close()
  })

  it('creates the directory of a new store file on the first change', async () => {
    const nested = join(dir, 'a', 'b', 'sanshen.json')
    const store = await createFileStore(nested)
    await store.nextSeq('draft')
    expect(JSON.parse(await readFile(nested, 'utf8')).format).toBe('sanshen-store')
    await store.close()
  })

  it('refuses a file that is not JSON, naming it and what to do, and leaves it untouched', async () => {
    await writeFile(path, '{"format":"sanshen-store", trunc')
    const opening = createFileStore(path)
    await expect(opening).rejects.toBeInstanceOf(StoreFileError)
    await expect(opening).rejects.toThrow(new RegExp(`^${path}: the store file is not valid JSON .*move it aside`))
    expect(await readFile(path, 'utf8')).toBe('{"format":"sanshen-store", trunc')
  })

  it('refuses JSON that is not a store, pointing at the first wrong field', async () => {
    await writeFile(path, JSON.stringify({ format: 'sanshen-store', version: 1, seq: {}, docs: { drafts: { D1: { id: 'D1', rev: 'one' } } }, audit: [], jobs: [] }))
    await expect(createFileStore(path)).rejects.toThrow(`${path}: not a sanshen store file (docs.drafts.D1.rev:`)
  })

  it('refuses an empty file rather than starting empty over it', async () => {
    await writeFile(path, '')
    await expect(createFileStore(path)).rejects.toThrow(`${path}: the store file is not valid JSON`)
  })

  it('reports a store path it cannot read', async () => {
    await mkdir(path)
    await expect(createFileStore(path)).rejects.toThrow(`${path}: cannot read the store file`)
  })

  it('refuses work after close, saying how to get a store', async () => {
    const store = await createFileStore(path)
    await store.close()
    await expect(store.nextSeq('draft')).rejects.toThrow(`the store at ${path} is closed`)
  })

  it('with a null path keeps state in memory only, one store per call', async () => {
    const memory = await createFileStore(null)
    const other = await createFileStore(null)
    expect(await memory.commit('drafts', { id: 'D1', rev: 0 }, 0, [])).toBe(1)
    expect(await memory.get('drafts', 'D1')).toEqual({ id: 'D1', rev: 1 })
    expect(await other.get('drafts', 'D1')).toBeUndefined()
    await Promise.all([memory.close(), other.close()])
  })
})
