import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Runs every bench/*.bench.ts module (each exports `name` and `run(scale?, flags?): string[] | Promise<string[]>`).
 * `npm run bench -- <name part> [scale] [--flag value …]`: only the modules whose file name contains
 * <name part> (only <name part>.bench.ts when that file exists: `proofread` is the golden set alone, not
 * also proofread-dev and proofread-heldout), with a scale argument and flags for those that take them (e.g. `npm run bench --
 * store-scale 100000 --stores sqlite`). A line starting with `|` (a markdown table row) or empty is
 * printed as it is, every other line as a list item.
 */
const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv[2]
const flags = process.argv.slice(3)
const scale = flags[0]?.startsWith('--') ? undefined : flags.shift()
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
const exact = files.includes(`${only}.bench.ts`)
for (const file of files) {
  if (only && (exact ? file !== `${only}.bench.ts` : !file.includes(only))) continue
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as {
    name: string
    run(scale?: string, flags?: string[]): string[] | Promise<string[]>
  }
  console.log(`## ${mod.name}`)
  for (const line of await mod.run(scale, flags)) console.log(line === '' || line.startsWith('|') ? line : `- ${line}`)
}
