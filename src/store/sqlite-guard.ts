import { accessSync, constants } from 'node:fs'
import { StoreNotWritableError, type Store } from './store.js'

/**
 * Keeps a SQLite store from crashing the process when its files stop being writable.
 *
 * In WAL mode SQLite maps `<db>-shm` into memory and writes to it on every read and write (read
 * marks, the WAL index). When that file becomes read-only underneath the open store (the immutable
 * attribute, a file system shut down after an error), the kernel answers the next write to the
 * mapping with SIGBUS: the process dies (exit 135) on whatever touches the store next, /healthz
 * included, and no handler can catch it. So before each call the mapping's file is checked for
 * write access (one access(2), microseconds; the kernel refuses an immutable or read-only file as
 * it would the page write) and the call is refused with StoreNotWritableError instead. A change
 * made between that check and SQLite's own write remains possible but is a window of microseconds.
 *
 * SQLite's own refusals (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR: a full disk, a WAL that can
 * no longer grow) are rolled back by SQLite and reported as the same error; SQLITE_CORRUPT marks
 * the store damaged, and from then on every call is refused: a damaged file is restored from a
 * backup, not written further.
 */
const NOT_WRITABLE: Array<[RegExp, StoreNotWritableError['reason']]> = [
  [/^SQLITE_(READONLY|PERM|CANTOPEN)/, 'read-only'],
  [/^SQLITE_FULL/, 'full'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'damaged'],
  [/^SQLITE_IOERR/, 'io'],
]

function asNotWritable(err: unknown): StoreNotWritableError | undefined {
  if (err instanceof StoreNotWritableError) return err
  const code = String((err as { code?: unknown })?.code ?? '')
  const reason = NOT_WRITABLE.find(([pattern]) => pattern.test(code))?.[1]
  return reason ? new StoreNotWritableError(reason, (err as Error).message, err) : undefined
}

export function guardedSqliteStore(path: string, store: Store): Store {
  const shm = `${path}-shm`
  let damaged: StoreNotWritableError | undefined
  /** the reason the mapped index cannot be written now, if it cannot */
  const mappingRefused = (): StoreNotWritableError | undefined => {
    try {
      accessSync(shm, constants.W_OK)
      return undefined
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return undefined // not mapped (yet): nothing to fault on
      return new StoreNotWritableError(code === 'ENOSPC' ? 'full' : 'read-only', `${shm}: ${code}`, e)
    }
  }
  const guarded = {} as Record<string, unknown>
  for (const [name, value] of Object.entries(store)) {
    if (typeof value !== 'function') {
      guarded[name] = value
      continue
    }
    const method = value as (...args: unknown[]) => Promise<unknown>
    guarded[name] =
      name === 'close'
        ? // closing checkpoints through the mapping: with it read-only, the connection is left for the process exit to drop
          async () => (mappingRefused() ? undefined : method())
        : async (...args: unknown[]) => {
            if (damaged) throw damaged
            const refused = mappingRefused()
            if (refused) throw refused
            try {
              return await method(...args)
            } catch (e) {
              const err = asNotWritable(e)
              if (!err) throw e
              if (err.reason === 'damaged') damaged = err
              throw err
            }
          }
  }
  return guarded as unknown as Store
}
