/**
 * A bot on a SQLite file with its web server, for faults made to its data directory from outside
 * while it runs (read-only, full). Started by store-fault-process.ts; commands are lines on stdin,
 * each answered with one JSON line on stdout:
 *
 *   tsx store-fault-child.ts <sqlite file> [minFreeBytes]
 *   say <who> <text>   → {"replies":"…"}          a group message; what the bot answered
 *   healthz            → {"status":503,"body":{…}}
 *   draft <id>         → {"draft":{…}|null,"jobs":n}   what the store holds (may fail: {"error":"…"})
 *   fill               → {"filled":bytes}           writes a file beside the store until the disk is full
 *   free               → {"freed":true}             removes it
 *   exit               → stops the bot, closes the store, exits 0
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { loadConfig } from '../../../src/config/load.js'
import { createSqliteStore } from '../../../src/store/sqlite-store.js'
import { simGroup } from '../../helpers/sim-group.js'
import { startTestServer } from '../../web/helpers/web-server.js'

const [dbPath, minFree] = process.argv.slice(2) as [string, string | undefined]
const config = loadConfig(new URL('../../../config/sanshen.yaml', import.meta.url).pathname)
const store = await createSqliteStore(dbPath)
const g = await simGroup(config, { store, platformPolling: false })
const web = await startTestServer({ store, dataDirs: [dirname(dbPath)], ...(minFree ? { limits: { minFreeBytes: Number(minFree) } } : {}) })
const filler = join(dirname(dbPath), 'filler')
const out = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`)
process.stdout.write('ready\n')

let lines = Promise.resolve()
createInterface({ input: process.stdin }).on('line', (line) => {
  lines = lines.then(async () => {
    const [op, ...rest] = line.split(' ')
    if (op === 'say') {
      const replies = await g.say(rest[0]!, rest.slice(1).join(' ').replaceAll('\\n', '\n'))
      return out({ replies: replies.map((s) => s.text).join('\n') })
    }
    if (op === 'healthz') {
      const res = await fetch(`${web.url}/healthz`)
      return out({ status: res.status, body: await res.json() })
    }
    if (op === 'draft') {
      try {
        return out({ draft: (await store.get('drafts', rest[0]!)) ?? null, jobs: (await store.jobsOf(`draft:${rest[0]}`)).length })
      } catch (e) {
        return out({ error: (e as Error).message })
      }
    }
    if (op === 'fill') {
      const fd = openSync(filler, 'w')
      const chunk = Buffer.alloc(4096, 1)
      let filled = 0
      try {
        for (;;) filled += writeSync(fd, chunk)
      } catch {
        // ENOSPC: the disk is full
      } finally {
        closeSync(fd)
      }
      return out({ filled })
    }
    if (op === 'free') {
      rmSync(filler, { force: true })
      return out({ freed: true })
    }
    if (op === 'exit') {
      await web.close()
      await g.stop()
      await store.close()
      process.exit(0)
    }
    out({ error: `unknown op ${op}` })
  })
})
