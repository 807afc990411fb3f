/**
 * The Redis store's Lua scripts, read from src/store/lua/ and registered once per client with
 * ioredis' defineCommand. The file name `verbNoun-<numberOfKeys>.lua` gives the command and its
 * key count; the version in the command name lets two releases of sanshen share one Redis. A line
 * `-- @include <name>` inlines src/store/lua/include/<name>.lua (the job scripts share their
 * record helpers so), as BullMQ's includes do.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Cluster, Redis } from 'ioredis'

/** Bump when any script changes what it does, so old and new bots never call each other's script. */
const SCRIPT_VERSION = 'v7'

const SCRIPT_NAMES = [
  'commitChange',
  'archiveDocs',
  'purgeDocs',
  'dropArchived',
  'scheduleJob',
  'cancelJob',
  'completeJob',
  'claimDue',
  'cancelSubject',
  'readJobs',
  'migrateJobs',
] as const
export type ScriptName = (typeof SCRIPT_NAMES)[number]

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url))

function commandName(script: ScriptName): string {
  return `sanshen_${SCRIPT_VERSION}_${script}`
}

interface ScriptFile {
  lua: string
  numberOfKeys: number
}

function readScripts(): Map<string, ScriptFile> {
  const scripts = new Map<string, ScriptFile>()
  for (const file of readdirSync(LUA_DIR)) {
    const match = /^([a-zA-Z]+)-(\d+)\.lua$/.exec(file)
    if (!match) continue
    const lua = readFileSync(LUA_DIR + file, 'utf8').replace(/^-- @include (\w+)$/gm, (_, name: string) =>
      readFileSync(`${LUA_DIR}include/${name}.lua`, 'utf8'),
    )
    scripts.set(match[1]!, { lua, numberOfKeys: Number(match[2]) })
  }
  return scripts
}

/** Runs a script; with `buffers`, its string replies come back as Buffers (binary job bodies). */
export type RunScript = (script: ScriptName, keys: string[], args: (string | number | Buffer)[], buffers?: 'buffers') => Promise<unknown>

/** Registers every script on `client` and returns the one way the store calls them. */
export function defineScripts(client: Redis | Cluster): RunScript {
  const files = readScripts()
  for (const name of SCRIPT_NAMES) {
    const file = files.get(name)
    if (!file) throw new Error(`the Lua script ${name}-<keys>.lua is missing from ${LUA_DIR}; reinstall sanshen`)
    client.defineCommand(commandName(name), file)
  }
  const commands = client as unknown as Record<string, (...keysAndArgs: (string | number | Buffer)[]) => Promise<unknown>>
  return (script, keys, args, buffers) => {
    const expected = files.get(script)!.numberOfKeys
    if (keys.length !== expected) throw new Error(`${script} takes ${expected} keys, got ${keys.length}`)
    return commands[commandName(script) + (buffers ? 'Buffer' : '')]!(...keys, ...args)
  }
}
