import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

const script = new URL('./store-fault-child.ts', import.meta.url).pathname

export interface StoreFaultProcess {
  /** one command of store-fault-child.ts; its JSON answer */
  send(line: string): Promise<Record<string, unknown>>
  /** how the process ended: its exit code, or the signal that killed it (SIGBUS) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** `exit`: the bot stops and closes its store; how the process ended */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  kill(): void
}

/**
 * Starts store-fault-child.ts on `dbPath` and waits until it is ready. With `inMount`, it runs in
 * a private mount namespace (unshare -m) after mounting a tmpfs of that size on the database's
 * directory: a small disk of its own that it can fill, invisible to the rest of the machine.
 */
export async function startStoreFaultProcess(dbPath: string, o: { minFreeBytes?: number; inMount?: string } = {}): Promise<StoreFaultProcess> {
  const node = [process.execPath, '--import', 'tsx', script, dbPath, ...(o.minFreeBytes ? [String(o.minFreeBytes)] : [])]
  const dir = dbPath.slice(0, dbPath.lastIndexOf('/'))
  const [command, ...args] = o.inMount
    ? [
        'unshare',
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount -t tmpfs -o size=${o.inMount} sanshen-test "${dir}" && exec "$@"`,
        'sh',
        ...node,
      ]
    : node
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const answers: Array<(o: Record<string, unknown>) => void> = []
  let ready: () => void
  const isReady = new Promise<void>((resolve, reject) => {
    ready = resolve
    void exited.then((e) => reject(new Error(`store fault process ended before it was ready: ${JSON.stringify(e)}`)))
  })
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') ready()
    else if (line.startsWith('{')) answers.shift()?.(JSON.parse(line))
  })
  await isReady
  return {
    exited,
    send(line) {
      const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
        answers.push(resolve)
        void exited.then((e) => reject(new Error(`store fault process ended (${JSON.stringify(e)}) before answering "${line}"`)))
      })
      child.stdin.write(`${line}\n`)
      return answer
    },
    stop() {
      child.stdin.write('exit\n')
      return exited
    },
    kill: () => child.kill('SIGKILL'),
  }
}
