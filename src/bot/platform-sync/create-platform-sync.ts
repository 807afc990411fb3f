import type { JobResult } from '../../retry.js'
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type { BotDeps } from '../deps.js'
import { tellPeople } from '../notify.js'
import type { Intake } from '../../public-messages/intake.js'
import { formatShanghai } from '../../deadlines/shanghai-time.js'
import type { Fetch } from '../../platforms/http.js'
import { QUOTA_EXCEEDED, WechatApiError } from '../../platforms/wechat-oa/client.js'
import { WeiboApiError } from '../../platforms/weibo/client.js'
import type { Job } from '../../store/store.js'
import type { Config } from '../../config/schema.js'
import { supervisorsOf } from '../../config/people.js'
import { pollWechatComments, pollWeiboStream } from './comments.js'
import { linkAccounts, streamsOf, type LinkedAccount } from './links.js'
import { backoffMs, readPoll, updatePoll, type PollState } from './poll-state.js'
import { draftBoxJob, pollDraftBox } from './draft-box.js'
import { checkWechatArticle, pollWechatPublished, pollWeiboTimeline } from './publish-guard.js'
import { ACCOUNT_WIDE, classifyFailure, TRANSIENT_FAILURES, type StreamFailure } from './stream-health.js'
import { platformMsg } from './texts.js'

/**
 * The bot's link to the accounts' own platform APIs: a poll per linked account on a timer
 * (published posts, the draft box, comments), the PUBLISHJOBFINISH push, and the draft-box job.
 * Each stream's cursor, last error and back-off live in the Store (poll-state.ts), so several
 * instances share them and the dashboard shows them.
 */
export interface PlatformSyncOptions {
  env: Record<string, string | undefined>
  intake: Intake
  fetch?: Fetch
}

export interface PollOutcome {
  account: string
  stream: string
  /** comments taken in, posts checked or draft-box edits reported; undefined when skipped or failed */
  count?: number
  skipped?: 'backoff'
  error?: string
}

export interface PlatformSync {
  /** links the accounts with credentials (needs the opened store) */
  open(): void
  /** the accounts linked, for logs */
  linked(): string[]
  /** starts the poll timers; `afterTick` runs after each round (the bot's sweep, so a draft-box job due now runs even where the sweep timer is off) */
  startTimers(afterTick?: () => Promise<unknown>): void
  stop(): Promise<void>
  /** polls every stream of every linked account once, now */
  pollOnce(): Promise<PollOutcome[]>
  /** the PUBLISHJOBFINISH push: checks that article now */
  published(account: string, articleId: string): Promise<void>
  draftBoxJob(job: Job): Promise<JobResult>
}

/** What the supervisors hear about a failed poll: once per failure, and nothing for a transient one that has not lasted. */
function failureNotice(config: Config, account: string, stream: string, f: StreamFailure, err: Error, failures: number, until: number) {
  if (f.kind === 'rate-limit') return platformMsg.quota(config, account, platformMsg.limitName(f.code, QUOTA_EXCEEDED), formatShanghai(until))
  if (f.kind === 'transient' && failures < TRANSIENT_FAILURES) return undefined
  const reason = platformMsg.failureReason(f.code, err.message, failures)
  const what = platformMsg.streamWhat(stream, isAccountWide(f))
  return platformMsg.streamFailed(config, account, what, reason, platformMsg.todo(f.kind === 'persistent' ? f.todo : 'network', account))
}

const isAccountWide = (f: StreamFailure) => f.kind === 'persistent' && ACCOUNT_WIDE.has(f.todo)

export function createPlatformSync(deps: BotDeps, o: PlatformSyncOptions): PlatformSync {
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  let links: LinkedAccount[] = []
  const timers = new Map<string, NodeJS.Timeout>()
  const running = new Map<string, Promise<PollOutcome[]>>()
  let stopped = false

  /** `state`: the stream's poll state as runStream just read it (a Weibo stream starts from its cursor) */
  const work = (link: LinkedAccount, stream: string, state: PollState): Promise<number> => {
    if (link.wechat) {
      if (stream === 'published') return pollWechatPublished(deps, link)
      if (stream === 'draft-box') return pollDraftBox(deps, link)
      return pollWechatComments(deps, link, o.intake)
    }
    if (stream === 'timeline') return pollWeiboTimeline(deps, link, state.sinceId)
    return pollWeiboStream(deps, link, stream as 'comments' | 'mentions', o.intake, state.sinceId)
  }

  const runStream = async (link: LinkedAccount, stream: string): Promise<PollOutcome> => {
    const now = deps.clock.now()
    const state = await readPoll(deps.store, link.key, stream)
    if (state.backoffUntil !== undefined && state.backoffUntil > now) return { account: link.key, stream, skipped: 'backoff' }
    try {
      const count = await work(link, stream, state)
      const done = deps.clock.now()
      const saved = await updatePoll(deps.store, link.key, stream, (p) => {
        const { lastError: _e, backoffUntil: _b, told: _t, ...rest } = p
        return { ...rest, lastOkAt: done, failures: 0, lastTaken: count, totalTaken: p.totalTaken + count }
      })
      // Back after a failure the supervisors were told of: they hear it works again, once.
      const told = saved?.before.told
      if (told && !told.shared) {
        const down = done - Math.min(told.at, saved.before.lastOkAt ?? told.at)
        const comments = stream === 'comments' || stream === 'mentions'
        deps.log.info({ account: link.key, stream, downMs: down, taken: count }, 'platform poll recovered')
        const what = platformMsg.streamWhat(stream, Boolean(told.wide))
        await tellPeople(
          deps,
          supervisorsOf(deps.config),
          platformMsg.streamRecovered(deps.config, link.key, what, down, comments ? count : undefined),
        )
      }
      return { account: link.key, stream, count }
    } catch (err) {
      const code = err instanceof WechatApiError || err instanceof WeiboApiError ? err.code : undefined
      const failure = classifyFailure(err)
      const at = deps.clock.now()
      // A fault of the whole account (its credentials) is told once, by the first of its streams to meet it.
      const wide = isAccountWide(failure)
      const shared = wide && (await toldByAnother(link, stream, code))
      let notice: string | undefined
      const saved = await updatePoll(deps.store, link.key, stream, (p) => {
        const failures = p.failures + 1
        // A rate limit waits at least a quarter of an hour: polling into it again only extends it.
        const backoffUntil = at + Math.max(backoffMs(link.intervalMs, failures), failure.kind === 'rate-limit' ? 15 * 60_000 : 0)
        // Told once per failure: again only for a different code (a new limit, or a new thing to fix).
        const again = p.told && p.told.code === code
        notice = again || shared ? undefined : failureNotice(deps.config, link.key, stream, failure, err as Error, failures, backoffUntil)
        const told = { ...(code !== undefined ? { code } : {}), at: p.told?.at ?? at, ...(wide ? { wide: true as const } : {}) }
        return {
          ...p,
          failures,
          backoffUntil,
          lastError: { ...(code !== undefined ? { code } : {}), message: (err as Error).message, at },
          ...(notice ? { told } : !again && shared ? { told: { ...told, shared: true as const } } : {}),
        }
      })
      deps.log.warn(
        { account: link.key, stream, code, kind: failure.kind, err: (err as Error).message, backoffUntil: saved?.after.backoffUntil },
        'platform poll failed',
      )
      if (notice && saved) await tellPeople(deps, supervisorsOf(deps.config), notice)
      return { account: link.key, stream, error: (err as Error).message }
    }
  }

  const toldByAnother = async (link: LinkedAccount, stream: string, code: number | undefined): Promise<boolean> => {
    for (const other of streamsOf(link)) {
      if (other === stream) continue
      const told = (await readPoll(deps.store, link.key, other)).told
      if (told && told.code === code && !told.shared) return true
    }
    return false
  }

  /** One account's streams in order; a second call while one runs waits for it instead of polling twice. */
  const pollAccount = (link: LinkedAccount): Promise<PollOutcome[]> => {
    const current = running.get(link.key)
    if (current) return current
    const run = (async () => {
      const out: PollOutcome[] = []
      for (const stream of streamsOf(link)) out.push(await runStream(link, stream))
      return out
    })().finally(() => running.delete(link.key))
    running.set(link.key, run)
    return run
  }

  return {
    open() {
      links = linkAccounts({ config: deps.config, env: o.env, store: deps.store, clock: deps.clock, owner, ...(o.fetch ? { fetch: o.fetch } : {}) })
    },
    linked: () => links.map((l) => l.key),
    startTimers(afterTick) {
      for (const link of links) {
        const tick = () => {
          if (stopped) return
          void pollAccount(link)
            .then(() => afterTick?.())
            .catch((err: unknown) => deps.log.error({ err, account: link.key }, 'platform poll failed'))
            .finally(() => {
              if (!stopped) timers.set(link.key, setTimeout(tick, link.intervalMs))
            })
        }
        tick()
      }
    },
    async stop() {
      stopped = true
      for (const t of timers.values()) clearTimeout(t)
      await Promise.allSettled([...running.values()])
    },
    async pollOnce() {
      return (await Promise.all(links.map(pollAccount))).flat()
    },
    async published(account, articleId) {
      const link = links.find((l) => l.key === account && l.wechat)
      if (!link?.account.sync.publishGuard) {
        deps.log.info({ account, articleId }, 'PUBLISHJOBFINISH for an account without publish guard or credentials; ignored')
        return
      }
      await checkWechatArticle(deps, link, articleId)
    },
    draftBoxJob: (job) =>
      draftBoxJob(
        deps,
        links.find((l) => l.wechat && l.key === (job.payload as { account?: string }).account),
        job,
      ),
  }
}
