import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Runs every bench/*.bench.ts module (each exports `name` and `run(): string[] | Promise<string[]>`). */
const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv[2]
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.includes(only)) continue
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as { name: string; run(): string[] | Promise<string[]> }
  console.log(`## ${mod.name}`)
  for (const line of await mod.run()) console.log(`- ${line}`)
}
