import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A redis-server of the test's own, on a free port and a data directory of its own (appendonly,
 * fsync always), so a test can kill and restart it without touching the shared one on 6379.
 */
export interface OwnRedis {
  url: string
  port: number
  dir: string
  /** SIGKILL: no shutdown save, like a crash */
  kill(): Promise<void>
  /** SIGTERM: redis-server shuts down cleanly */
  stop(): Promise<void>
  /** starts it again on the same port and directory */
  restart(): Promise<void>
  /** SIGSTOP: a stall; commands sent meanwhile run when it resumes */
  pause(): void
  /** SIGCONT after pause() */
  resume(): void
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/** Starts redis-server on 127.0.0.1:port with its data in dir, plus the caller's options; resolves once it accepts connections. */
export function launchRedis(dir: string, port: number, options: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...options])
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Ready to accept connections')) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`redis-server on ${port} exited (${code}): ${out}`)))
  })
}

const launch = (dir: string, port: number) => launchRedis(dir, port, ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''])

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-redis-'))
  const port = await freePort()
  let child = await launch(dir, port)
  const end = async (signal: NodeJS.Signals) => {
    const done = exited(child)
    child.kill(signal)
    await done
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    async restart() {
      child = await launch(dir, port)
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  }
}

/**
 * End of a test that may have left its own Redis down: bring it back so the store can close its
 * connection cleanly, then kill it for good.
 */
export async function closeStoreAndRedis(redis: OwnRedis | undefined, store: { close(): Promise<void> } | undefined): Promise<void> {
  await redis?.restart().catch(() => undefined)
  await store?.close().catch(() => undefined)
  await redis?.kill()
}

/**
 * A scratch redis-server that keeps nothing on disk (the benches: its used_memory and CPU are
 * theirs alone). `dispose` kills it and removes its directory; so does the process's exit.
 */
export async function startScratchRedis(): Promise<{ url: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-bench-redis-'))
  const port = await freePort()
  const child = await launchRedis(dir, port, ['--save', '', '--appendonly', 'no'])
  // a bench that crashes leaves no server behind
  process.once('exit', () => child.kill('SIGKILL'))
  return {
    url: `redis://127.0.0.1:${port}`,
    async dispose() {
      const done = exited(child)
      child.kill('SIGKILL')
      await done
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
