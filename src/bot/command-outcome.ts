/**
 * A reply never claims what it does not know. Each chat command runs with an id (the platform's
 * message id and a random part), and every commit it makes carries a marker `<id>#<n>` created in
 * the same transaction or script (Store.commit's markers). When a commit's outcome is unknown (a
 * Redis time-out or a lost connection: the script may run when Redis resumes), the bot says the
 * outcome is being confirmed; once the store answers it looks the marker up, or claims it as void
 * (create-only, so a commit still in flight can no longer land), and tells the truth.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import type { NewJob, Store } from '../store/store.js'
import { MARKED_AT, type MarkerDoc, StoreNotWritableError, StoreUnavailableError } from '../store/store.js'
import { OUTBOX } from '../chat/outbox.js'
import type { BotDeps, Turn } from './deps.js'
import { botText } from './texts.js'

/** Markers of chat commands' commits, by `<command id>#<n>`; purged after a week (archive.ts). */
export const COMMANDS = 'commands'

export interface CommandRun {
  id: string
  at: number
  /** commits attempted so far */
  commits: number
  /** commits that went through */
  done: number
  /** a commit whose outcome is unknown: its marker and the outbox entries it carried */
  unknown?: { marker: string; entries: NewJob[] }
}

const running = new AsyncLocalStorage<CommandRun>()

/** Runs one chat command under an id; a command run from inside another (`#是`) stays the outer one. */
export function runAsCommand<T>(messageId: string, at: number, work: (run: CommandRun) => Promise<T>): Promise<T> {
  const outer = running.getStore()
  if (outer) return work(outer)
  const run: CommandRun = { id: `${messageId}:${randomBytes(4).toString('hex')}`, at, commits: 0, done: 0 }
  return running.run(run, () => work(run))
}

/** The store as chat commands use it: each commit carries its command's marker, and its outcome is noted. */
export function commandStore(store: Store): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'commit') return Reflect.get(target, key, receiver) as unknown
      const commit: Store['commit'] = async (collection, doc, expectedRev, audit, terms, implied = {}) => {
        const run = running.getStore()
        if (!run) return target.commit(collection, doc, expectedRev, audit, terms, implied)
        const marker = { collection: COMMANDS, id: `${run.id}#${++run.commits}`, at: run.at }
        try {
          const rev = await target.commit(collection, doc, expectedRev, audit, terms, { ...implied, markers: [...(implied.markers ?? []), marker] })
          if (rev !== false) run.done++
          return rev
        } catch (err) {
          // Only a refusal before the write (a full or read-only store) is certain to have changed nothing;
          // any other failure (a lost connection, a time-out, an error the client did not classify) may
          // still land when the store resumes, so its outcome is looked up, never guessed.
          if (!(err instanceof StoreNotWritableError))
            run.unknown = { marker: marker.id, entries: (implied.schedule ?? []).filter((j) => j.kind === OUTBOX) }
          throw err
        }
      }
      return commit
    },
  })
}

/** How long to wait between looks at an unknown outcome, and for how long in all (about an hour). */
const LOOK_AGAIN_MS = [500, 1_000, 2_000, 3_000, 5_000, 10_000, 30_000]
const LOOKS = 130

/**
 * The answer to a command that failed: what is certain. Unknown outcome: "being confirmed" now and
 * the truth later; a change already made: it stands; else nothing was changed.
 */
export async function answerFailure(turn: Turn, run: CommandRun, err: unknown): Promise<void> {
  const { deps } = turn
  const command = turn.msg.text.trim().split('\n')[0]!.slice(0, 30)
  if (run.unknown) {
    const unknown = run.unknown
    await turn.reply(botText.outcomeUnknown()).catch(() => undefined)
    // outside the command: the look-ups are not the command's own commits
    running.exit(() => void confirm(deps, turn, command, unknown, run.at))
    return
  }
  if (run.done > 0) return turn.reply(botText.failedAfterChange()).catch(() => undefined)
  const text =
    err instanceof StoreNotWritableError
      ? botText.storeNotWritable()
      : err instanceof StoreUnavailableError
        ? botText.storeUnavailable()
        : botText.failed()
  await turn.reply(text).catch(() => undefined)
}

async function confirm(deps: BotDeps, turn: Turn, command: string, unknown: NonNullable<CommandRun['unknown']>, at: number): Promise<void> {
  for (let look = 0; look < LOOKS; look++) {
    await new Promise((resolve) => setTimeout(resolve, LOOK_AGAIN_MS[Math.min(look, LOOK_AGAIN_MS.length - 1)]).unref())
    try {
      const happened = await lookUp(deps.store, unknown.marker, at)
      if (happened === undefined) continue
      if (happened) await deps.outbox.dispatch(unknown.entries)
      await turn.reply(happened ? botText.confirmedDone(command) : botText.confirmedNotDone(command))
      deps.log.info({ command: unknown.marker, happened }, 'unknown outcome of a command confirmed')
      return
    } catch (err) {
      deps.log.warn({ err, command: unknown.marker }, 'outcome of a command not confirmed yet; looking again')
    }
  }
  deps.log.error({ command: unknown.marker }, 'gave up confirming the outcome of a command')
}

/**
 * Whether the commit marked `marker` happened: its marker is there, or is claimed as void now (the
 * commit, if it still comes, then conflicts and writes nothing). Undefined: it landed meanwhile, look again.
 */
export async function lookUp(store: Store, marker: string, at: number): Promise<boolean | undefined> {
  const found = await store.get<MarkerDoc>(COMMANDS, marker)
  if (found) return !found.void
  const claimed: MarkerDoc = { id: marker, rev: 0, at, void: true }
  return (await store.commit(COMMANDS, claimed, 0, [], { [MARKED_AT]: at })) === false ? undefined : false
}
