/**
 * The configuration file read again when it changes (or on SIGHUP, which main.ts forwards), so
 * onboarding a person or a group is an edit and a save, not a restart. The new file is checked
 * whole first: a broken edit keeps the running configuration and says why in one log line.
 */
import { type FSWatcher, watch } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Logger } from 'pino'
import { ConfigError, loadConfig } from '../../config/load.js'
import type { Config } from '../../config/schema.js'

/** Sections read once at start-up (the checker, schedules, the chat connection, platform APIs): a change waits for a restart. */
const READ_AT_START = ['checklist', 'schedules', 'chat', 'replies', 'bot'] as const

export interface ConfigWatch {
  /** reads the file now; true when the new configuration was taken */
  reload(): Promise<boolean>
  close(): void
}

export function watchConfig(
  file: string,
  o: { current: () => Config; apply: (next: Config) => Promise<void>; log: Logger; debounceMs?: number },
): ConfigWatch {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<boolean> = Promise.resolve(true)

  async function readAndApply(): Promise<boolean> {
    let next: Config
    try {
      next = loadConfig(file)
    } catch (err) {
      const why = err instanceof ConfigError && err.problems.length ? err.problems.join('; ') : (err as Error).message.replace(/\s*\n\s*/g, '; ')
      o.log.warn({ config: file }, `configuration not reloaded, the running one is kept: ${why}`)
      return false
    }
    const before = o.current()
    const later = READ_AT_START.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]))
    await o.apply(next)
    o.log.info(
      { config: file, ...(later.length ? { restartFor: later } : {}) },
      later.length ? `configuration reloaded; changes to ${later.join(', ')} take effect at the next restart` : 'configuration reloaded',
    )
    return true
  }

  // One read at a time, in order: a save during a reload is read after it.
  const reload = () => {
    running = running.then(readAndApply, readAndApply)
    return running
  }

  // The folder, not the file: editors save by writing a new file and renaming it over the old one.
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(dirname(file), (_event, name) => {
      if (name !== null && name !== basename(file)) return
      clearTimeout(timer)
      // an editor's save is several events (truncate, write, rename): read once they settle
      timer = setTimeout(() => void reload().catch((err: unknown) => o.log.error({ err }, 'configuration reload failed')), o.debounceMs ?? 300)
    })
    watcher.on('error', (err) => o.log.warn({ err: err.message, config: file }, 'cannot watch the configuration file; send SIGHUP to reload it'))
  } catch (err) {
    o.log.warn({ err: (err as Error).message, config: file }, 'cannot watch the configuration file; send SIGHUP to reload it')
  }

  return {
    reload,
    close() {
      clearTimeout(timer)
      watcher?.close()
    },
  }
}
