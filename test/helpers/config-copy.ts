import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The shipped configuration as a file of its own in a new folder, beside (links to) the files it names, as an operator's copy is. */
export function configCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-config-'))
  for (const entry of readdirSync('config')) if (entry !== 'sanshen.yaml') symlinkSync(resolve('config', entry), join(dir, entry))
  const file = join(dir, 'sanshen.yaml')
  writeFileSync(file, readFileSync('config/sanshen.yaml', 'utf8'))
  return file
}
