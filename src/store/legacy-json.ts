/**
 * The JSON snapshot the embedded store kept before SQLite (data/sanshen.json). Only read, once,
 * to migrate it into the SQLite store (src/store/sqlite-store.ts).
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { JobSlot } from './order.js'
import type { AuditEntry, StoredDoc } from './store.js'

/** The whole state of a snapshot. Maps, so ids like "__proto__" are plain keys. */
export interface StoreState {
  seq: Map<string, number>
  docs: Map<string, Map<string, StoredDoc>>
  /** in commit order */
  audit: AuditEntry[]
  jobs: Map<string, JobSlot>
}

/** A store file exists but cannot be used. The message names the file and what to do. */
export class StoreFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreFileError'
  }
}

const FORMAT = 'sanshen-store'

const auditEntrySchema = z.looseObject({
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  version: z.number().optional(),
  hash: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
})

const jobSchema = z.object({
  id: z.string(),
  dueAt: z.number(),
  kind: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number().int().min(0),
})

const snapshotSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  seq: z.record(z.string(), z.number().int()),
  docs: z.record(z.string(), z.record(z.string(), z.looseObject({ id: z.string(), rev: z.number().int() }))),
  audit: z.array(auditEntrySchema),
  jobs: z.array(z.object({ job: jobSchema, claimableAt: z.number() })),
})

const REFUSE = 'Restore it from a backup, or move it aside to start without it; sanshen will not start over existing data.'

/** Reads the snapshot at `path`; anything unusable is a StoreFileError. */
export async function readSnapshot(path: string): Promise<StoreState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    throw new StoreFileError(`${path}: cannot read the store file (${err.message}). Check that it is a file sanshen may read (SANSHEN_DATA).`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new StoreFileError(`${path}: the store file is not valid JSON (${(e as Error).message}). ${REFUSE}`)
  }
  const parsed = snapshotSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    throw new StoreFileError(`${path}: not a sanshen store file (${where}${issue?.message}). ${REFUSE}`)
  }
  const snap = parsed.data
  return {
    seq: new Map(Object.entries(snap.seq)),
    docs: new Map(Object.entries(snap.docs).map(([c, docs]) => [c, new Map(Object.entries(docs))])),
    audit: snap.audit as AuditEntry[],
    jobs: new Map(snap.jobs.map((slot) => [slot.job.id, slot])),
  }
}
