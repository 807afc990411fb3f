import { spawn } from 'node:child_process'

export interface MainRun {
  code: number | null
  out: string
  err: string
  /** stdout and stderr together, in the order they arrived */
  all: string
}

/**
 * Runs `npm start`'s entry point (src/main.ts) as a process with no puppet, no Redis and a web port
 * of the OS's choice, plus `env`. Resolves when it exits; `until` matching the output ends it with
 * SIGTERM first, `killAfterMs` with SIGKILL.
 */
export function runMain(env: Record<string, string>, opts: { until?: RegExp | undefined; killAfterMs?: number } = {}): Promise<MainRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, WECHATY_PUPPET: '', REDIS_URL: '', LOG_LEVEL: 'info', SANSHEN_WEB_PORT: '0', ...env },
    })
    let out = ''
    let err = ''
    let all = ''
    const seen = () => {
      if (opts.until?.test(all)) child.kill('SIGTERM')
    }
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      all += d.toString()
      seen()
    })
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString()
      all += d.toString()
      seen()
    })
    const timer = opts.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err, all })
    })
  })
}
