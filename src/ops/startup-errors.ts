import { StoreFileError } from '../store/legacy-json.js'
import { DEFAULT_DATA_FILE } from '../store/create-store.js'

/**
 * What to do when sanshen cannot start, in one plain sentence for the operator (the log keeps the
 * details). `phase` is what main was doing: opening the store and logging in to the chat platform
 * (`bot`), or opening the web port (`web`). Undefined: not a known start-up fault.
 */
export type StartupPhase = 'bot' | 'web'

export function startupAdvice(err: unknown, phase: StartupPhase, env: NodeJS.ProcessEnv, platform = 'the chat platform'): string | undefined {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number }
  const message = String(e?.message ?? err)
  const port = env.SANSHEN_WEB_PORT || '3000'
  if (e?.code === 'EADDRINUSE') return `port ${e.port ?? port} is already in use: stop the program using it, or set SANSHEN_WEB_PORT to a free port.`
  if (e?.code === 'EACCES' && e.syscall === 'listen')
    return `port ${e.port ?? port} needs administrator rights: use a port above 1024 in SANSHEN_WEB_PORT and put the reverse proxy (deploy/) in front.`
  if (/cannot reach Redis/.test(message))
    return `Redis is unreachable (${message.replace(/^.*?\(/, '(').replace(/\);.*$/, ')')}): start redis-server (in compose.yaml: the redis service) or correct REDIS_URL.`
  const fsCodes = ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC']
  if (err instanceof StoreFileError || (e?.code && fsCodes.includes(e.code) && e.path)) {
    const where = env.SANSHEN_DATA || DEFAULT_DATA_FILE
    return `the data directory for ${where} is not writable by this user (${e.code ?? message}): create it and give the user running sanshen write access, or set SANSHEN_DATA to a writable file path.`
  }
  // what remains of the bot's start is connecting to the chat platform: wrong credentials, no way through
  if (phase === 'bot') {
    const said = message.replace(/\s*\n\s*/g, ' ').slice(0, 300)
    return `could not connect to ${platform}: ${said} — check its credentials in the environment (README, 聊天平台 Chat platforms).`
  }
  return undefined
}
