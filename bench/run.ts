import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Runs every bench/*.bench.ts module (each exports `name` and `run(scale?): string[] | Promise<string[]>`).
 * `npm run bench -- <name part> [scale]`: only the modules whose file name contains <name part>,
 * with a scale argument for those that take one (e.g. `npm run bench -- store-scale 1000000`).
 */
const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv[2]
const scale = process.argv[3]
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  if (only && !file.includes(only)) continue
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as { name: string; run(scale?: string): string[] | Promise<string[]> }
  console.log(`## ${mod.name}`)
  for (const line of await mod.run(scale)) console.log(`- ${line}`)
}
