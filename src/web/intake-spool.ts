import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import type { PublicMessageInput } from '../public-messages/intake.js'

/**
 * A durable local spool for pushes that are acknowledged before the store has them. WeChat does
 * not retry a push answered `success`, so a push is written here (fsynced, then renamed into
 * place) before it is acknowledged, removed once the intake has stored it, and drained again
 * after a store outage or a restart. The intake de-duplicates by externalId, so draining an
 * entry whose intake did finish just before a crash changes nothing.
 */
const entrySchema = z.object({
  account: z.string(),
  author: z.string(),
  text: z.string(),
  source: z.enum(['chat', 'wechat', 'webhook']),
  externalId: z.string(),
})

export interface IntakeSpool {
  /** durably records `input` (keyed by its externalId) before it is acknowledged */
  put(input: PublicMessageInput & { externalId: string }): void
  /** forgets an entry the intake has stored */
  remove(externalId: string): void
  /** the entries still waiting, oldest first */
  pending(): Array<PublicMessageInput & { externalId: string }>
  /** hands every waiting entry to `take`; an entry whose take throws stays for the next drain */
  drain(
    take: (input: PublicMessageInput & { externalId: string }) => Promise<unknown>,
    onError: (err: unknown, externalId: string) => void,
  ): Promise<number>
}

const fileOf = (externalId: string) => `${createHash('sha256').update(externalId).digest('hex').slice(0, 32)}.json`

export function createIntakeSpool(dir: string): IntakeSpool {
  mkdirSync(dir, { recursive: true })
  // A crash between writing and renaming leaves a .tmp file: it was never acknowledged, so it goes.
  for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true })
  let draining: Promise<number> | undefined

  const spool: IntakeSpool = {
    put(input) {
      const file = join(dir, fileOf(input.externalId))
      const tmp = `${file}.tmp`
      const fd = openSync(tmp, 'w')
      try {
        writeSync(fd, JSON.stringify({ ...input, spooledAt: Date.now() }))
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      renameSync(tmp, file)
      const dirFd = openSync(dir, 'r')
      try {
        fsyncSync(dirFd)
      } finally {
        closeSync(dirFd)
      }
    },
    remove(externalId) {
      rmSync(join(dir, fileOf(externalId)), { force: true })
    },
    pending() {
      const entries: Array<{ at: number; input: PublicMessageInput & { externalId: string } }> = []
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.json')) continue
        try {
          const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { spooledAt?: number }
          entries.push({ at: raw.spooledAt ?? 0, input: entrySchema.parse(raw) })
        } catch {
          // A file we cannot read was not written by us (put renames only complete files): leave it for a person.
        }
      }
      return entries.sort((a, b) => a.at - b.at).map((e) => e.input)
    },
    drain(take, onError) {
      // One drain at a time: a timer tick during a slow drain must not take the same entry twice.
      draining ??= (async () => {
        let taken = 0
        for (const input of spool.pending()) {
          try {
            await take(input)
            spool.remove(input.externalId)
            taken++
          } catch (err) {
            onError(err, input.externalId)
            break
          }
        }
        return taken
      })().finally(() => (draining = undefined))
      return draining
    },
  }
  return spool
}
