import { backoff } from '../../retry.js'
import type { Store, StoredDoc } from '../../store/store.js'

/**
 * Where one stream of one account stands (`wechat:comments`, `weibo:mentions` …): the cursor the
 * next poll starts from, and what the dashboard shows (last success, last error, back-off).
 * Shared by every bot instance through the Store.
 */
export interface PollState extends StoredDoc {
  /** `<account>:<stream>` */
  id: string
  rev: number
  account: string
  stream: string
  /** Weibo: the newest id taken in */
  sinceId?: string
  /** publish checks: published before this is not checked (set on the first poll) */
  guardSince?: number
  lastOkAt?: number
  lastError?: { code?: number; message: string; at: number }
  /** a failure the supervisors were told of (once); cleared, and the recovery told, at the next success */
  told?: {
    code?: number
    at: number /** the whole account's fault (credentials), told as such */
    wide?: true /** told by another stream of the account */
    shared?: true
  }
  /** polls since the last success */
  failures: number
  /** no poll before this (rate limit, quota, repeated errors) */
  backoffUntil?: number
  /** comments taken in by the last successful poll, and since the start */
  lastTaken: number
  totalTaken: number
}

export const POLLS = 'platform-polls'

function blankPoll(account: string, stream: string): PollState {
  return { id: `${account}:${stream}`, rev: 0, account, stream, failures: 0, lastTaken: 0, totalTaken: 0 }
}

/** Reads, changes and compare-and-sets one poll state; retried when another instance wrote in between. */
export async function updatePoll(
  store: Store,
  account: string,
  stream: string,
  change: (p: PollState) => PollState,
): Promise<{ before: PollState; after: PollState } | undefined> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const before = await readPoll(store, account, stream)
    const after = change(before)
    if ((await store.commit(POLLS, after, before.rev, [])) !== false) return { before, after }
  }
  return undefined
}

export function readPoll(store: Store, account: string, stream: string): Promise<PollState> {
  return store.get<PollState>(POLLS, `${account}:${stream}`).then((p) => p ?? blankPoll(account, stream))
}

/** The pause after the n-th failure in a row: doubling from one interval, at most an hour. */
export function backoffMs(intervalMs: number, failures: number): number {
  return backoff(failures, { firstMs: intervalMs, maxMs: 60 * 60_000 })
}
