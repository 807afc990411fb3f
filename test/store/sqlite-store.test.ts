import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileStore, createSqliteStore, StoreFileError, type Store } from '../../src/store/index.js'
import { reopenable, storeContract } from './contract.js'

storeContract('SQLite store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sanshen-store-'))
  const path = join(dir, 'sanshen.db')
  return reopenable(
    () => createSqliteStore(path),
    () => rm(dir, { recursive: true, force: true }),
  )
})

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0)

/** A snapshot as the former JSON file store wrote it. */
const legacySnapshot = {
  format: 'sanshen-store',
  version: 1,
  seq: { draft: 2, comment: 1 },
  docs: { drafts: { D1: { id: 'D1', rev: 3, title: '通知' }, D2: { id: 'D2', rev: 1, title: '稿件' } }, comments: { C1: { id: 'C1', rev: 1 } } },
  audit: [
    { at: T0, actor: 'p-editor', action: 'submit', subject: 'D1' },
    { at: T0 + 1, actor: 'p-deputy', action: 'approve', subject: 'D1', version: 1, hash: 'ab' },
  ],
  jobs: [
    { job: { id: 'stage-timeout:D1', dueAt: T0 + 60_000, kind: 'stage-timeout', payload: { draft: 'D1' }, attempts: 0 }, claimableAt: T0 + 60_000 },
    { job: { id: 'remind:D2', dueAt: T0, kind: 'reminder', payload: {}, attempts: 1 }, claimableAt: T0 + 5000 },
  ],
}

describe('SQLite store', () => {
  let dir: string
  let path: string
  const opened: Store[] = []
  async function open(options?: Parameters<typeof createSqliteStore>[1]): Promise<Store> {
    const store = await createSqliteStore(path, options)
    opened.push(store)
    return store
  }
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanshen-store-'))
    path = join(dir, 'sanshen.db')
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()))
    await rm(dir, { recursive: true, force: true })
  })

  it('runs in WAL mode, and a change is visible to a second connection when its promise resolves', async () => {
    const store = await open()
    await store.commit('drafts', { id: 'D1', rev: 0 }, 0, [{ at: 1, actor: 'bot', action: 'submit', subject: 'D1' }], { open: 1 })
    await store.schedule({ id: 'remind:D1', dueAt: 5, kind: 'reminder', payload: {}, subject: 'D1' })
    const second = await open()
    expect(await second.get('drafts', 'D1')).toEqual({ id: 'D1', rev: 1 })
    expect((await second.jobsOf('D1')).map((j) => j.id)).toEqual(['remind:D1'])
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
  })

  it('two stores on one file never hand out the same counter value or claim the same job', async () => {
    const [a, b] = [await open(), await open()]
    const seqs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).nextSeq('comment')))
    expect(new Set(seqs).size).toBe(40)
    for (let i = 0; i < 40; i++) await a.schedule({ id: `job-${i}`, dueAt: 100, kind: 'reminder', payload: {} })
    const batches = await Promise.all([a, b, a, b].map((s) => s.claimDue(100, 60_000, 12)))
    const claimed = batches.flat().map((j) => j.id)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect(claimed).toHaveLength(40)
  })

  it('two processes on one file: every counter value and every due job goes to exactly one of them', async () => {
    const store = await open()
    for (let i = 0; i < 300; i++) await store.schedule({ id: `job-${i}`, dueAt: 100, kind: 'reminder', payload: {} })
    const worker = `
      import { createSqliteStore } from ${JSON.stringify(new URL('../../src/store/sqlite-store.ts', import.meta.url).pathname)}
      const store = await createSqliteStore(process.argv[1])
      const seqs = [], jobs = []
      for (let i = 0; i < 150; i++) {
        seqs.push(await store.nextSeq('comment'))
        for (const job of await store.claimDue(100, 600000, 3)) jobs.push(job.id)
      }
      await store.close()
      console.log(JSON.stringify({ seqs, jobs }))`
    const run = () =>
      new Promise<{ seqs: number[]; jobs: string[] }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', worker, path], {
          stdio: ['ignore', 'pipe', 'inherit'],
        })
        let out = ''
        child.stdout.on('data', (chunk) => (out += chunk))
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited with ${code}`))))
      })
    const [first, second] = await Promise.all([run(), run()])
    const seqs = [...first.seqs, ...second.seqs].sort((x, y) => x - y)
    expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    const jobs = [...first.jobs, ...second.jobs]
    expect(new Set(jobs).size).toBe(jobs.length)
    expect(jobs).toHaveLength(300)
  }, 60_000)

  it('a write that fails (another process holds the lock) rejects and changes nothing', async () => {
    const store = await open({ busyTimeoutMs: 50 })
    await store.commit('drafts', { id: 'D1', rev: 0, title: 'before' }, 0, [], { open: 1 })
    const locker = new Database(path)
    locker.exec('BEGIN EXCLUSIVE')
    try {
      await expect(
        store.commit('drafts', { id: 'D1', rev: 1, title: 'after' }, 1, [{ at: 1, actor: 'p', action: 'approve', subject: 'D1' }], { closed: 1 }),
      ).rejects.toThrow(/locked|busy/i)
      await expect(store.schedule({ id: 'x', dueAt: 1, kind: 'k', payload: {} })).rejects.toThrow(/locked|busy/i)
    } finally {
      locker.exec('ROLLBACK')
      locker.close()
    }
    expect(await store.get('drafts', 'D1')).toEqual({ id: 'D1', rev: 1, title: 'before' })
    expect(await store.audit('D1')).toEqual([])
    expect((await store.findBy('drafts', 'open')).map((d) => d.id)).toEqual(['D1'])
    expect(await store.pendingJobs()).toEqual([])
    expect(await store.commit('drafts', { id: 'D1', rev: 1, title: 'after' }, 1, [])).toBe(2)
  })

  it('migrates the former JSON file on first start and keeps it as <file>.migrated', async () => {
    const json = join(dir, 'sanshen.json')
    await writeFile(json, JSON.stringify(legacySnapshot))
    const store = await createFileStore(json)
    opened.push(store)
    expect(existsSync(join(dir, 'sanshen.db'))).toBe(true)
    expect(existsSync(json)).toBe(false)
    expect(JSON.parse(await readFile(`${json}.migrated`, 'utf8'))).toEqual(legacySnapshot)
    expect(await store.get('drafts', 'D1')).toEqual({ id: 'D1', rev: 3, title: '通知' })
    expect((await store.list('drafts')).map((d) => d.id)).toEqual(['D1', 'D2'])
    expect(await store.nextSeq('draft')).toBe(3)
    expect(await store.audit('D1')).toEqual(legacySnapshot.audit)
    expect(await store.pendingJobs()).toEqual([
      { id: 'remind:D2', dueAt: T0, kind: 'reminder', payload: {}, attempts: 1 },
      { id: 'stage-timeout:D1', dueAt: T0 + 60_000, kind: 'stage-timeout', payload: { draft: 'D1' }, attempts: 0 },
    ])
    expect(await store.commit('drafts', { id: 'D1', rev: 3 }, 3, [])).toBe(4)
  })

  it('the default SQLite path migrates the JSON file of the same name', async () => {
    await writeFile(join(dir, 'sanshen.json'), JSON.stringify(legacySnapshot))
    const store = await createFileStore(path)
    opened.push(store)
    expect(await store.get('comments', 'C1')).toEqual({ id: 'C1', rev: 1 })
    expect(existsSync(join(dir, 'sanshen.json.migrated'))).toBe(true)
  })

  it('refuses a JSON file beside a database that already holds data, changing neither', async () => {
    const store = await open()
    await store.nextSeq('draft')
    await store.close()
    await writeFile(join(dir, 'sanshen.json'), JSON.stringify(legacySnapshot))
    await expect(createFileStore(path)).rejects.toThrow(/a JSON store file lies beside the SQLite store .* Move one of them aside/)
    expect(existsSync(join(dir, 'sanshen.json'))).toBe(true)
  })

  it('refuses an unusable JSON file, naming it, and leaves it in place', async () => {
    await writeFile(join(dir, 'sanshen.json'), '{"format":"sanshen-store", trunc')
    const opening = createFileStore(path)
    await expect(opening).rejects.toBeInstanceOf(StoreFileError)
    await expect(opening).rejects.toThrow(`${join(dir, 'sanshen.json')}: the store file is not valid JSON`)
    expect(await readFile(join(dir, 'sanshen.json'), 'utf8')).toBe('{"format":"sanshen-store", trunc')
    await writeFile(join(dir, 'sanshen.json'), JSON.stringify({ ...legacySnapshot, docs: { drafts: { D1: { id: 'D1', rev: 'one' } } } }))
    await expect(createFileStore(path)).rejects.toThrow('not a sanshen store file (docs.drafts.D1.rev:')
  })

  it('refuses a file that is not a database, naming it and SANSHEN_DATA', async () => {
    await writeFile(path, 'this is not sqlite at all, but it is long enough to have a header'.repeat(4))
    await expect(createSqliteStore(path)).rejects.toThrow(`${path}: cannot open the SQLite store`)
    await mkdir(join(dir, 'adir'))
    await expect(createSqliteStore(join(dir, 'adir'))).rejects.toThrow(/SANSHEN_DATA/)
  })

  it('refuses work after close, saying how to get a store', async () => {
    const store = await createSqliteStore(path)
    await store.close()
    await expect(store.nextSeq('draft')).rejects.toThrow(`the store at ${path} is closed`)
  })
})
