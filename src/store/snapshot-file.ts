/**
 * The file behind the embedded store: one JSON snapshot of the whole state, replaced atomically
 * (write a temp file, fsync, rename, fsync the directory), so a crash leaves either the old or the
 * new snapshot and never half of one.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import type { AuditEntry, Job, StoredDoc } from './store.js'

/** A scheduled job and the time it can next be claimed (its due time, or the end of its lease). */
export interface JobSlot {
  job: Job
  claimableAt: number
}

/** The whole state of the embedded store, in memory. Maps, so ids like "__proto__" are plain keys. */
export interface StoreState {
  seq: Map<string, number>
  docs: Map<string, Map<string, StoredDoc>>
  /** Append-only, in commit order. Kept in the snapshot so a doc and its audit land in one rename. */
  audit: AuditEntry[]
  jobs: Map<string, JobSlot>
}

/** The store file exists but cannot be used. The message names the file and what to do. */
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

export function emptyState(): StoreState {
  return { seq: new Map(), docs: new Map(), audit: [], jobs: new Map() }
}

const REFUSE =
  'Restore it from a backup, or move it aside to start with an empty store; sanshen will not start over existing data.'

/** Reads the snapshot at `path`; a missing file is an empty store, anything unusable is a StoreFileError. */
export async function readSnapshot(path: string): Promise<StoreState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'ENOENT') return emptyState()
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

export function serialiseState(state: StoreState): string {
  return JSON.stringify({
    format: FORMAT,
    version: 1,
    seq: Object.fromEntries(state.seq),
    docs: Object.fromEntries([...state.docs].map(([c, docs]) => [c, Object.fromEntries(docs)])),
    audit: state.audit,
    jobs: [...state.jobs.values()],
  })
}

/** Replaces the file at `path` with `text`; durable when the promise resolves. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const dir = dirname(path)
  const tmp = `${path}.${process.pid}.tmp`
  try {
    await mkdir(dir, { recursive: true })
    const file = await open(tmp, 'w')
    try {
      await file.writeFile(text, 'utf8')
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(tmp, path)
    // The rename is only durable once the directory entry is flushed too.
    const dirHandle = await open(dir, 'r')
    try {
      await dirHandle.sync()
    } finally {
      await dirHandle.close()
    }
  } catch (e) {
    throw new StoreFileError(
      `${path}: cannot write the store file (${(e as Error).message}). Check free disk space and write permission on ${dir}; the change is kept in memory and is written with the next one.`,
    )
  }
}
