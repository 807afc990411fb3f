/**
 * The outbox: nothing the bot says is lost. Every outgoing message is first stored as a job of
 * kind `outbox` (store first, then send), then sent at once; a send the platform refuses (not
 * logged in, connection lost, rate limit) stays stored and the sweep retries it with backoff,
 * across restarts. Built on the Store port's jobs, so several bot processes on one store deliver
 * each entry once: the sender holds the entry for `graceMs` (its due time), after that whoever
 * claims it through claimDue's lease sends it. Order within a conversation is kept: an entry is
 * not sent while an earlier one of the same conversation is still waiting. Each entry names the one
 * stored before it in its conversation (`after`, kept per conversation in OUTBOX_TAILS), so that
 * check is one point read (`Store.job`) however many wait behind a long outage (reading the
 * conversation's entries would make each send cost the backlog). Entries are jobs whose subject is
 * their conversation.
 *
 * Nothing a job says is said twice: a message sent while a job runs (a reminder, an escalation)
 * gets an id derived from the job's id, its due time and its place among that run's messages to
 * the conversation. Scheduling it claims a marker document first (create-only commit), and the
 * marker is set to sent before the entry is done; so when the job runs again (its `complete()`
 * failed during an outage and the lease ran out) the same ids come out and nothing is enqueued.
 */
import { backoff } from '../retry.js'
import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash, randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { IndexTerms, Job, NewJob, Store, StoredDoc } from '../store/store.js'
import type { ChatPort, Outgoing } from './port.js'

export const OUTBOX = 'outbox'

export interface OutboxPayload extends Record<string, unknown> {
  /** `room:<id>` or `contact:<id>`: the order of entries is kept per conversation */
  to: string
  text: string
  mentions: string[]
  seq: number
  /** unique across stores and restarts (a store started afresh counts seq from 1 again): the platform's de-duplication key */
  key: string
  createdAt: number
  /** failed sends so far */
  tries: number
  lastError?: string
  /** said by a job run: its marker in OUTBOX_MARKS is set when it is delivered */
  once?: boolean
  /** the incoming message this answers (Outgoing.replyTo) */
  replyTo?: string
  /** the entry stored before it in its conversation (null: none); absent in entries stored before entries named it */
  after?: string | null
  /**
   * its place in its conversation, one more than `after`'s: an entry waits only for one placed
   * before it, so a job message stored again under its id (its job ran again) never waits in a circle
   */
  place?: number
}

/** Per conversation (doc id: `to`), its newest entry: the one the next entry names as `after`. */
export const OUTBOX_TAILS = 'outbox-tails'
interface Tail extends StoredDoc {
  last: string
  place: number
}

/** Markers of job messages, by outbox id: claimed when enqueued, `sent` once delivered. */
export const OUTBOX_MARKS = 'outbox-marks'
interface Mark extends StoredDoc {
  sent: boolean
  at: number
}
/** Markers are needed only while their job may run again: scored by when claimed, the archiving pass drops old ones. */
export const MARKED = 'marked'
export const markTerms = (mark: Mark): IndexTerms => ({ [MARKED]: mark.at })

/** The job the current async context runs for, with how many messages it said to each conversation. */
const running = new AsyncLocalStorage<{ job: Job; said: Map<string, number> }>()

/** Runs a job's handler so that what it says gets ids that a retry of the same job reproduces. */
export function runAsJob<T>(job: Job, work: () => Promise<T>): Promise<T> {
  return running.run({ job, said: new Map() }, work)
}

/** The subject of a conversation's entries (jobsOf reads one conversation's). */
export const outboxSubject = (to: string) => `${OUTBOX}:${to}`

export interface OutboxOptions {
  /** read at call time: the bot opens its store only when it starts */
  store: () => Store
  clock: Clock
  log: { warn(o: object, m: string): void; error(o: object, m: string): void }
  /** how long the sending process owns a fresh entry before any sweep may send it (default 60 s, the sweep's lease) */
  graceMs?: number
  /** a send that takes longer is given up for this attempt (default 20 s) */
  sendTimeoutMs?: number
}

/** 5 s, 10 s, 20 s … at most 10 minutes between retries. */
export function backoffMs(tries: number): number {
  return backoff(tries, { firstMs: 5_000, maxMs: 600_000 })
}

/** How many delivered entries' ids a process keeps (a few MB at most): see sentHere. */
const RECENTLY_SENT = 20_000

const seqWidth = 12
const jobId = (seq: number) => `${OUTBOX}:${String(seq).padStart(seqWidth, '0')}`

/**
 * How many entries the dashboard and /metrics look at, soonest retried first: a bounded read. More
 * waiting means the platform has been away for a while, which these already show.
 */
export const UNDELIVERABLE_READ = 500

/** Entries waiting longer than `olderThanMs` at `now`, oldest first (the dashboard and /metrics read them). */
export async function undeliverable(store: Store, now: number, olderThanMs: number): Promise<(OutboxPayload & { id: string })[]> {
  return (await store.jobsOfKind(OUTBOX, UNDELIVERABLE_READ))
    .filter((j) => now - (j.payload as OutboxPayload).createdAt > olderThanMs)
    .map((j) => ({ ...(j.payload as OutboxPayload), id: j.id }))
    .sort((a, b) => a.seq - b.seq)
}

/** A message a change says: stored with the change as an outbox entry (Store.commit's consequences), sent once committed. */
export interface Said {
  /** `room:<id>` or `contact:<id>` */
  to: string
  text: string
  mentions: string[]
}

export interface Outbox {
  /** the chat port the bot uses: sends are stored first, then delivered; they resolve once stored */
  readonly chat: ChatPort
  /** the outbox entries of what a change says, to be committed with it; the sweep sends any that `dispatch` does not */
  entries(said: readonly Said[]): Promise<NewJob[]>
  /** after their commit: sends committed entries now, in order behind what the bot said before; never rejects */
  dispatch(entries: readonly NewJob[]): Promise<void>
  /** the sweep's handler for `outbox` jobs: one more try of a stored entry */
  deliver(job: Job): Promise<void>
  /** entries waiting longer than `olderThanMs` (the dashboard and /metrics) */
  stuck(olderThanMs: number): Promise<(OutboxPayload & { id: string })[]>
  /**
   * Makes every waiting entry due now, oldest first (the platform is back: the next sweep sends them
   * rather than after their backoff). Entries a sweep holds are left to it; call it between sweeps.
   */
  flush(): Promise<number>
}

export function createOutbox(platform: ChatPort, options: OutboxOptions): Outbox {
  const { clock, log } = options
  const graceMs = options.graceMs ?? 60_000
  const sendTimeoutMs = options.sendTimeoutMs ?? 20_000
  // One send at a time per conversation in this process, so two replies in a row arrive in order;
  // and one entry stored at a time, so they are linked in that order without a conflict.
  const sending = new Map<string, Promise<unknown>>()
  const storing = new Map<string, Promise<unknown>>()

  const inLane = <T>(to: string, work: () => Promise<T>, lanes = sending): Promise<T> => {
    const run = (lanes.get(to) ?? Promise.resolve()).then(work, work)
    const tail = run.catch(() => undefined)
    lanes.set(to, tail)
    void tail.then(() => lanes.get(to) === tail && lanes.delete(to))
    return run
  }

  async function send(p: OutboxPayload): Promise<void> {
    const message: Outgoing = {
      text: p.text,
      ...(p.mentions.length ? { mentions: p.mentions } : {}),
      key: p.key,
      ...(p.replyTo ? { replyTo: p.replyTo } : {}),
    }
    const target = p.to.slice(p.to.indexOf(':') + 1)
    const sending = p.to.startsWith('room:') ? platform.sayToRoom(target, message) : platform.sayToContact(target, message)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ${platform.platform} in ${sendTimeoutMs} ms`)), sendTimeoutMs)
    })
    try {
      await Promise.race([sending, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** An earlier entry of the same conversation still waiting, if any. */
  async function earlier(p: OutboxPayload): Promise<Job | undefined> {
    if (p.after !== undefined) {
      const before = p.after === null ? undefined : await options.store().job(p.after)
      // placed by an older version (none): stored before any placed one
      const place = (before?.payload as OutboxPayload | undefined)?.place
      return place === undefined || place < p.place! ? before : undefined
    }
    // stored by an older version: any earlier one of its conversation (a read of them all, until those have drained)
    return (await waitingOf(options.store(), p.to)).find((j) => (j.payload as OutboxPayload).seq < p.seq)
  }

  /** A conversation's waiting entries by seq: a read of them all, so only for what older versions stored. */
  const waitingOf = async (store: Store, to: string) =>
    (await store.jobsOf(outboxSubject(to)))
      .filter((j) => j.kind === OUTBOX)
      .sort((a, b) => (a.payload as OutboxPayload).seq - (b.payload as OutboxPayload).seq)

  /**
   * Stores the entry as its conversation's newest: stored first, naming the newest before it, then
   * the tail moved to it (revision-checked). Another process's entry linked meanwhile: stored again
   * after that one. A crash between the two leaves it stored, and the next entry names its
   * predecessor too, so those two may go out in either order; nothing is lost.
   */
  async function storeLinked(store: Store, id: string, payload: OutboxPayload): Promise<void> {
    for (;;) {
      const tail = await store.get<Tail>(OUTBOX_TAILS, payload.to)
      // no tail yet: the conversation's newest entry stored by an older version, if one waits (once per conversation)
      payload.after = tail
        ? tail.last
        : ((await waitingOf(store, payload.to)).filter((j) => (j.payload as OutboxPayload).seq < payload.seq).at(-1)?.id ?? null)
      payload.place = (tail?.place ?? 0) + 1
      await store.schedule({ id, dueAt: payload.createdAt + graceMs, kind: OUTBOX, payload, subject: outboxSubject(payload.to) })
      const rev = tail?.rev ?? 0
      if ((await store.commit<Tail>(OUTBOX_TAILS, { id: payload.to, rev, last: id, place: payload.place }, rev, [])) !== false) return
    }
  }

  /**
   * Entries this process has delivered, while the store has not recorded it (their marker, their
   * removal): a store outage right after a send. This process never sends them again; the ids of
   * job messages it sent stay known a while longer (RECENTLY_SENT), so that a job run again after
   * an outage says nothing twice even if the store lost its marker (a Redis restarted from an older
   * snapshot).
   */
  const sentHere = new Map<string, true>()
  const remember = (id: string) => {
    sentHere.delete(id)
    sentHere.set(id, true)
    if (sentHere.size > RECENTLY_SENT) sentHere.delete(sentHere.keys().next().value!)
  }

  /** After a delivery, before the entry is done: a job message's marker says sent. */
  async function delivered(id: string, p: OutboxPayload): Promise<void> {
    remember(id)
    if (!p.once) return
    const store = options.store()
    const mark = await store.get<Mark>(OUTBOX_MARKS, id)
    if (mark && !mark.sent) await store.commit(OUTBOX_MARKS, { ...mark, sent: true }, mark.rev, [], markTerms(mark))
  }

  /** Records a delivery and removes the entry; a store away now leaves it to the next try, which sends nothing (sentHere). */
  async function done(store: Store, id: string, p: OutboxPayload): Promise<void> {
    try {
      await delivered(id, p)
      await store.cancel(id)
    } catch (err) {
      log.warn({ err, entry: id }, 'delivered, but the store did not record it yet; it is not sent again')
    }
  }

  /**
   * A job message's id, and whether it must be enqueued: not when an earlier run of the job
   * delivered it or has it waiting. Claims the marker (create-only, so two runs cannot both).
   */
  async function claimOnce(store: Store, id: string, at: number): Promise<boolean> {
    if (sentHere.has(id)) return false
    const mark = await store.get<Mark>(OUTBOX_MARKS, id)
    if (mark?.sent) return false
    // claimed by an earlier run, which crashed before scheduling it if it is not waiting now
    if (mark) return !(await store.job(id))
    const claimed: Mark = { id, rev: 0, sent: false, at }
    return (await store.commit(OUTBOX_MARKS, claimed, 0, [], markTerms(claimed))) !== false
  }

  /**
   * Records a failed send for its retry. Never rejects: the entry is stored already, so if the
   * store cannot take the new retry time either, the sweep still finds it at its old one.
   */
  async function failed(id: string, p: OutboxPayload, err: unknown): Promise<void> {
    const tries = p.tries + 1
    const payload: OutboxPayload = { ...p, tries, lastError: (err as Error).message }
    log.warn({ err, entry: id, to: p.to, tries }, 'message not delivered yet; it stays in the outbox and will be retried')
    await options
      .store()
      .schedule({ id, dueAt: clock.now() + backoffMs(tries), kind: OUTBOX, payload, subject: outboxSubject(p.to) })
      .catch((storeErr: unknown) => log.warn({ err: storeErr, entry: id }, 'could not record the retry time; the entry keeps its earlier one'))
  }

  const newPayload = (to: string, text: string, mentions: string[], replyTo?: string): OutboxPayload => ({
    to,
    text,
    mentions,
    seq: 0,
    key: randomUUID(),
    createdAt: clock.now(),
    tries: 0,
    ...(replyTo ? { replyTo } : {}),
  })

  /** Sends a stored, linked entry now unless an earlier one of its conversation waits (the sweep sends it then). */
  const sendStored = (store: Store, id: string, payload: OutboxPayload): Promise<void> =>
    inLane(payload.to, async () => {
      if (await earlier(payload)) return // the sweep sends it after the earlier one, in order
      try {
        await send(payload)
      } catch (err) {
        await failed(id, payload, err)
        return
      }
      await done(store, id, payload)
    })

  async function enqueue(to: string, message: Outgoing): Promise<void> {
    const store = options.store()
    const payload = newPayload(to, message.text, message.mentions ?? [], message.replyTo)
    const run = running.getStore()
    let id: string
    try {
      if (run) {
        const n = (run.said.get(to) ?? 0) + 1
        run.said.set(to, n)
        const key = createHash('sha256').update(`${run.job.id}\0${run.job.dueAt}\0${to}\0${n}`).digest('hex').slice(0, 32)
        id = `${OUTBOX}:job:${key}`
        Object.assign(payload, { key, once: true })
        if (!(await claimOnce(store, id, payload.createdAt))) return
        payload.seq = await store.nextSeq(OUTBOX)
      } else {
        payload.seq = await store.nextSeq(OUTBOX)
        id = jobId(payload.seq)
      }
      // Stored before anything is sent: a crash from here on leaves an entry a sweep delivers.
      const entry = id
      await inLane(to, () => storeLinked(store, entry, payload), storing)
    } catch (err) {
      // A job fails instead and runs again once the store is back: a direct send now could repeat then.
      if (run) throw err
      // The store is away (the bot is saying so): one direct try is better than saying nothing.
      log.error({ err, to }, 'could not store an outgoing message; sending it once without the outbox')
      await inLane(to, () => send(payload))
      return
    }
    await sendStored(store, id, payload)
  }

  const chat: ChatPort = {
    platform: platform.platform,
    ...(platform.remarks ? { remarks: platform.remarks } : {}),
    // Cards are sent and repainted by the card feature (src/bot/cards/), which falls back to the outbox's text.
    ...(platform.cards ? { cards: platform.cards } : {}),
    start: (onMessage, onEvent, context) => platform.start(onMessage, onEvent, context),
    stop: () => platform.stop(),
    sayToRoom: (roomId, message) => enqueue(`room:${roomId}`, message),
    sayToContact: (contactId, message) => enqueue(`contact:${contactId}`, message),
  }

  return {
    chat,
    async entries(said) {
      const store = options.store()
      const jobs: NewJob[] = []
      for (const { to, text, mentions } of said) {
        const payload = newPayload(to, text, mentions)
        payload.seq = await store.nextSeq(OUTBOX)
        jobs.push({ id: jobId(payload.seq), dueAt: payload.createdAt + graceMs, kind: OUTBOX, payload, subject: outboxSubject(to) })
      }
      return jobs
    },
    async dispatch(entries) {
      const store = options.store()
      for (const entry of entries) {
        const payload = structuredClone(entry.payload) as OutboxPayload
        try {
          // linked behind what was said before it; gone already when a sweep delivered it meanwhile (a confirmation after an outage)
          const linked = await inLane(
            payload.to,
            async () => Boolean((await store.job(entry.id)) && (await storeLinked(store, entry.id, payload), true)),
            storing,
          )
          if (linked) await sendStored(store, entry.id, payload)
        } catch (err) {
          log.warn({ err, entry: entry.id }, 'a committed message was not sent now; the sweep sends it')
        }
      }
    },
    async deliver(job) {
      const p = job.payload as OutboxPayload
      // sent by this process already (its record failed, or a job message's marker was lost): only recorded now
      if (sentHere.has(job.id)) return delivered(job.id, p)
      const before = await earlier(p)
      if (before) {
        // right after the earlier one: claimDue hands jobs out by due time
        await options
          .store()
          .schedule({ id: job.id, dueAt: Math.max(before.dueAt + 1, clock.now()), kind: OUTBOX, payload: p, subject: outboxSubject(p.to) })
        return
      }
      await inLane(p.to, async () => {
        // The lane may have just finished this very entry's first send (a send awaiting a platform ack
        // while the clock passed the grace time): sent and cancelled means nothing is left to do.
        if (!(await options.store().job(job.id))) return
        try {
          await send(p)
        } catch (err) {
          await failed(job.id, p, err)
          return
        }
        await delivered(job.id, p)
      })
    },
    stuck: (olderThanMs) => undeliverable(options.store(), clock.now(), olderThanMs),
    async flush() {
      const store = options.store()
      const now = clock.now()
      // Left alone, as they may be in flight (rescheduling could send them twice): an entry a sweep has
      // claimed (attempts > 0), and a fresh one in its sender's grace that has not failed yet.
      const inFlight = (j: Job) => {
        const p = j.payload as OutboxPayload
        return j.attempts > 0 || (p.tries === 0 && now < p.createdAt + graceMs)
      }
      const waiting = (await store.jobsOfKind(OUTBOX, UNDELIVERABLE_READ))
        .filter((j) => !inFlight(j) && j.dueAt > now)
        .sort((a, b) => (a.payload as OutboxPayload).seq - (b.payload as OutboxPayload).seq)
      // due just before now in their order, so a sweep claims them oldest first
      for (const [i, j] of waiting.entries())
        await store.schedule({
          id: j.id,
          dueAt: now - waiting.length + i,
          kind: OUTBOX,
          payload: j.payload,
          subject: j.subject ?? outboxSubject((j.payload as OutboxPayload).to),
        })
      return waiting.length
    },
  }
}
