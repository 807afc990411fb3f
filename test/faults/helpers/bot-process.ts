import { spawn } from 'node:child_process'
import { readFileSync, existsSync } from 'node:fs'

const script = new URL('./bot-child.ts', import.meta.url).pathname

export interface Delivery {
  key: string
  to: string
  text: string
}

/** What the fake platform of bot-child.ts was handed, in order. */
export function deliveries(logPath: string): Delivery[] {
  if (!existsSync(logPath)) return []
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Delivery)
}

export interface BotProcess {
  /** sends one command; resolves with its ack's detail once the bot acknowledged it */
  send(command: Record<string, unknown>): Promise<string>
  /** SIGKILL, like a crash: what was not acknowledged may or may not have happened */
  kill(): Promise<void>
  /** the commands acknowledged so far */
  acked: Set<number>
}

/** Starts bot-child.ts (see there) on a SQLite file or a Redis URL with a key prefix, and waits until it is ready. */
export async function startBot(dbPath: string, logPath: string, clockAt: number, prefix?: string): Promise<BotProcess> {
  const args = [script, dbPath, logPath, String(clockAt), ...(prefix ? [prefix] : [])]
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  const acked = new Set<number>()
  const waiting = new Map<number, (detail: string) => void>()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let buffer = ''
  let ready: () => void
  const isReady = new Promise<void>((resolve, reject) => {
    ready = resolve
    child.once('exit', (code) => reject(new Error(`bot process exited with ${code} before it was ready`)))
  })
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i)
      buffer = buffer.slice(i + 1)
      if (line === 'ready') ready()
      const m = /^ack (\d+) ?(.*)$/.exec(line)
      if (m) {
        acked.add(Number(m[1]))
        waiting.get(Number(m[1]))?.(m[2]!)
      }
    }
  })
  await isReady
  let n = 0
  return {
    acked,
    send(command) {
      const id = ++n
      const answer = new Promise<string>((resolve) => waiting.set(id, resolve))
      child.stdin.write(`${JSON.stringify({ ...command, n: id })}\n`)
      return answer
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
  }
}

/** A small seeded generator (mulberry32): the kill moments are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
