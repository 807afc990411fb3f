import { existsSync, readFileSync } from 'node:fs'
import { ConfigError, parseYaml } from '../../config/load.js'
import { resolveConfigPath, SHIPPED_CONFIG_DIR } from '../../config/paths.js'
import { parseLexicon, type LexiconFile } from '../lexicon-format.js'
import { rosterFileSchema, rosterPeople, type RosterPerson } from './roster-file.js'
import { formulationFileSchema, type FormulationFile } from './formulation-file.js'

/**
 * A data file named in the configuration, found the one documented way (src/config/paths.ts):
 * loadConfig has already made these paths absolute; a configuration parsed without a file is read
 * from the working directory, then from sanshen's own config/.
 */
export function resolveDataFile(path: string): string {
  const found = resolveConfigPath('.', path)
  if (!existsSync(found)) throw new ConfigError(`${path}: file not found (looked in the working directory and ${SHIPPED_CONFIG_DIR})`, [])
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
