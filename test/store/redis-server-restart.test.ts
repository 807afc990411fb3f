import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRedisStore } from '../../src/store/redis-store.js'

/**
 * "Nothing is lost" includes a restart of Redis itself: with the persistence the README asks for
 * (appendonly yes), documents, audit and due jobs come back. This runs a redis-server of its own,
 * on a port of its own, so the shared one on 6379 is never stopped.
 */
let server: ChildProcess | undefined
afterEach(() => {
  server?.kill('SIGKILL')
  server = undefined
})

function startRedis(dir: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''])
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Ready to accept connections')) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)))
  })
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

describe('the Redis store across a restart of redis-server', () => {
  it('keeps documents, the audit log and due jobs when Redis runs with appendonly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-redis-'))
    const port = 20_000 + (process.pid % 20_000)
    const url = `redis://127.0.0.1:${port}`
    server = await startRedis(dir, port)
    const before = await createRedisStore({ url, prefix: 'restart' })
    await before.commit('drafts', { id: 'D1', rev: 0, title: '标题' }, 0, [{ at: 1, actor: 'editor1', action: 'submitted', subject: 'D1', version: 1 }])
    await before.schedule({ id: 'stage-timeout:D1:v1:s0', dueAt: 5_000, kind: 'stage-timeout', payload: { draft: 'D1' } })
    await before.close()
    const exiting = stopped(server)
    server.kill('SIGTERM') // redis-server shuts down cleanly on SIGTERM
    await exiting

    server = await startRedis(dir, port)
    const after = await createRedisStore({ url, prefix: 'restart' })
    try {
      expect(await after.get('drafts', 'D1')).toMatchObject({ id: 'D1', rev: 1, title: '标题' })
      expect(await after.audit('D1')).toEqual([{ at: 1, actor: 'editor1', action: 'submitted', subject: 'D1', version: 1 }])
      expect((await after.claimDue(10_000, 60_000, 10)).map((j) => j.id)).toEqual(['stage-timeout:D1:v1:s0'])
    } finally {
      await after.close()
    }
  })
})
