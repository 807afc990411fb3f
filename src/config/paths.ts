import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * How every file a configuration names is found (replies.holidaysFile, checklist.lexiconDir,
 * checklist.llm.prompt, checklist.roster and proofread tables, playground.drills): a relative path
 * is read from the folder of the configuration file; when nothing is there, from the working
 * directory; then from the config/ folder shipped with sanshen (the lexicons, holidays and drills a
 * preset in config/presets/ uses unless it brings its own).
 * Absolute paths are used as they are.
 */

/** sanshen's own config/ folder: the package root is the nearest folder above this module with package.json. */
function shippedConfigDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sanshen') return join(dir, 'config')
    const up = dirname(dir)
    if (up === dir) return resolve('config')
    dir = up
  }
}

export const SHIPPED_CONFIG_DIR = shippedConfigDir()

export function resolveConfigPath(configDir: string, path: string): string {
  if (isAbsolute(path)) return path
  const own = resolve(configDir, path)
  // beside the configuration, then the working directory (`config/roster/x.yaml` run from the checkout), then sanshen's config/
  const found = [own, resolve(path), resolve(SHIPPED_CONFIG_DIR, path)].find((p) => existsSync(p))
  return found ?? own
}
