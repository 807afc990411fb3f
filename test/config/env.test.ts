import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ENV_VARIABLES, EnvError, readEnv } from '../../src/config/env.js'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** the entry points: the only files that read the process environment (once, with readEnv); index.ts keeps createStoreFromEnv()'s old default */
const EDGES = ['src/main.ts', 'src/ops/backup-cli.ts', 'src/ops/archive-cli.ts', 'src/ops/verify-record-cli.ts', 'src/index.ts']

describe('the environment is read once, at the edge', () => {
  it('no file but an entry point touches process.env', () => {
    const readers = sources('src').filter((f) => readFileSync(f, 'utf8').includes('process.env'))
    expect(readers.sort()).toEqual([...EDGES].sort())
  })

  it('every variable the code reads is declared in src/config/env.ts', () => {
    const read = new Set<string>()
    for (const f of sources('src')) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)) read.add(m[1]!)
    }
    expect(read.size).toBeGreaterThan(20)
    expect([...read].filter((n) => !(n in ENV_VARIABLES))).toEqual([])
  })

  it('keeps the declared variables and the per-account secrets, drops the rest and empty values', () => {
    const env = readEnv({
      SANSHEN_WEB_PORT: '8080',
      WECHAT_NEWS_DESK_APPID: 'wx1',
      WEIBO_CAMPUS_ACCESS_TOKEN: 't',
      HOME: '/root',
      REDIS_URL: '',
    })
    expect(env).toEqual({ SANSHEN_WEB_PORT: '8080', WECHAT_NEWS_DESK_APPID: 'wx1', WEIBO_CAMPUS_ACCESS_TOKEN: 't' })
    expect(Object.isFrozen(env)).toBe(true)
  })

  it('a wrong value is refused in one sentence naming the variable and what it must be', () => {
    expect(() => readEnv({ SANSHEN_ARCHIVE_DAYS: '0' })).toThrow(
      new EnvError('SANSHEN_ARCHIVE_DAYS must be a whole number of days from 1 to 36500, not "0".'),
    )
    expect(() => readEnv({ LOG_FORMAT: 'yaml' })).toThrow(/^LOG_FORMAT must be json or pretty, not "yaml"\.$/)
    expect(() => readEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/^REDIS_URL must be a URL such as redis:/)
    expect(() => readEnv({ OPENAI_TIMEOUT_MS: '20s' })).toThrow(/^OPENAI_TIMEOUT_MS must be/)
  })
})
