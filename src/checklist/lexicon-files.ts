import { readdirSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LexiconError, parseLexicon, type LexiconFile } from './lexicon-format.js'

/** Every *.txt in the lexicon folder, sorted by name so a reload gives the same order. */
export function readLexiconsSync(dir: string): LexiconFile[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (e) {
    throw new LexiconError(`cannot read the lexicon folder ${dir} (${(e as Error).message}); set checklist.lexiconDir`)
  }
  return names
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => parseLexicon(n, readFileSync(join(dir, n), 'utf8')))
}

export async function readLexicons(dir: string): Promise<LexiconFile[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (e) {
    throw new LexiconError(`cannot read the lexicon folder ${dir} (${(e as Error).message}); set checklist.lexiconDir`)
  }
  const files = names.filter((n) => n.endsWith('.txt')).sort()
  return Promise.all(files.map(async (n) => parseLexicon(n, await readFile(join(dir, n), 'utf8'))))
}
