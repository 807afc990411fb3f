import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, parseYaml } from '../../config/load.js'
import { parseLexicon, type LexiconFile } from '../lexicon-format.js'
import { rosterFileSchema, rosterPeople, type RosterPerson } from './roster-file.js'
import { formulationFileSchema, type FormulationFile } from './tables.js'

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * A data file named in the configuration: as given (relative to the working directory), else
 * under config/ (so `roster/x.yaml` works as well as `config/roster/x.yaml`), else in the
 * package, which is how the shipped tables are found when the bot runs from elsewhere.
 */
export function resolveDataFile(path: string): string {
  const candidates = [path, join('config', path), join(PACKAGE_ROOT, path), join(PACKAGE_ROOT, 'config', path)]
  const found = candidates.find((c) => existsSync(c))
  if (!found) throw new ConfigError(`${path}: file not found (looked in the working directory, config/ and ${PACKAGE_ROOT})`, [])
  return found
}

function read(path: string): { file: string; text: string } {
  const file = resolveDataFile(path)
  return { file, text: readFileSync(file, 'utf8') }
}

export function readRosters(paths: readonly string[]): RosterPerson[] {
  return paths.flatMap((p) => {
    const { text } = read(p)
    return rosterPeople(parseYaml(text, p, rosterFileSchema, 'the roster is not valid'), p)
  })
}

export function readFormulations(paths: readonly string[]): Array<{ file: string; table: FormulationFile }> {
  return paths.map((p) => ({ file: p, table: parseYaml(read(p).text, p, formulationFileSchema, 'the formulation table is not valid') }))
}

export function readTypos(paths: readonly string[]): LexiconFile[] {
  return paths.map((p) => parseLexicon(p.replace(/^.*\//, ''), read(p).text))
}

/** one idiom a line, `#` comments */
export function readWordList(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    read(p)
      .text.split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  )
}
