import type { Env } from '../config/env.js'
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { StoreFileError } from '../store/legacy-json.js'
import { DEFAULT_DATA_FILE } from '../store/create-store.js'

/**
 * What to do when sanshen cannot start, in one plain sentence for the operator (the log keeps the
 * details). `phase` is what main was doing: opening the store and logging in to the chat platform
 * (`bot`), or opening the web port (`web`). Undefined: not a known start-up fault.
 */
export type StartupPhase = 'bot' | 'web'

export function startupAdvice(err: unknown, phase: StartupPhase | undefined, env: Env, platform = 'the chat platform'): string | undefined {
  if (!phase) return undefined
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number }
  const message = String(e?.message ?? err)
  const port = env.SANSHEN_WEB_PORT || '3000'
  if (e?.code === 'EADDRINUSE') return `port ${e.port ?? port} is already in use: stop the program using it, or set SANSHEN_WEB_PORT to a free port.`
  if (e?.code === 'EACCES' && e.syscall === 'listen')
    return `port ${e.port ?? port} needs administrator rights: use a port above 1024 in SANSHEN_WEB_PORT and put the reverse proxy (deploy/) in front.`
  const redis = /cannot reach Redis at (\S+) \((.*?)\);/.exec(message)
  if (redis)
    return `Redis is unreachable at ${redis[1]} (${redis[2]!.replace(/\.$/, '')}): start redis-server (in compose.yaml: the redis service) or correct REDIS_URL.`
  const fsCodes = ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EEXIST', 'EISDIR']
  if (err instanceof StoreFileError || (e?.code && fsCodes.includes(e.code) && e.path))
    return dataAdvice(env.SANSHEN_DATA || DEFAULT_DATA_FILE, e.code)
  // what remains of the bot's start is connecting to the chat platform: wrong credentials, no way through
  if (phase === 'bot') {
    const said = message.replace(/\s*\n\s*/g, ' ').slice(0, 300)
    return `could not connect to ${platform}: ${said} — check its credentials in the environment (README, 聊天平台 Chat platforms).`
  }
  return undefined
}

/** Why the SQLite file cannot be opened where SANSHEN_DATA says, from what is on the disk there. */
function dataAdvice(where: string, code: string | undefined): string {
  const path = resolve(where)
  if (isDirectory(path)) return `SANSHEN_DATA is ${where}, which is a directory: set it to a file inside it, such as ${join(where, 'sanshen.db')}.`
  for (let up = dirname(path); up !== dirname(up); up = dirname(up)) {
    if (existsSync(up) && !isDirectory(up))
      return `SANSHEN_DATA is ${where}, but ${up} is a file, not a directory: set SANSHEN_DATA to a file path in a directory, such as /var/lib/sanshen/sanshen.db.`
  }
  return `the data directory ${dirname(where)} is not writable by this user (${code ?? 'cannot open the SQLite file'}): create it and give the user running sanshen write access, or set SANSHEN_DATA to a writable file path.`
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
