import { collection, collections } from '../collections.js'
import type { BotDeps } from '../deps.js'
import { DRAFT_BOX, term } from '../index-terms.js'
import { sayInGroup, tellPeople } from '../notify.js'
import { judgePublished, normalizeForCompare, shortDiff, stripMarkup, type PublishVerdict, type ReviewedText } from '../../publish/compare.js'
import { QUOTA_EXCEEDED, WechatApiError } from '../../platforms/wechat-oa/client.js'
import { newerId } from '../../platforms/weibo/client.js'
import type { AuditEntry, Job, NewJob, StoredDoc } from '../../store/store.js'
import type { Config } from '../../config/schema.js'
import { supervisorsOf } from '../../config/people.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import type { LinkedAccount } from './links.js'
import { updatePoll } from './poll-state.js'
import { defaultCover, INVALID_MEDIA_ID } from './draft-cover.js'
import { platformMsg } from './texts.js'

/**
 * The publish guard: what the account published is compared with the approved versions and the
 * outcome announced once (a `published-checks` document per post, written with its audit entry,
 * decides which instance speaks); on final approval the approved version can be put into the
 * WeChat draft box, and an edit made there is noticed before it goes out.
 */
interface PublishedCheck extends StoredDoc {
  /** `<account>:<post id>` */
  id: string
  rev: number
  verdict: PublishVerdict['kind']
  draft?: string
  at: number
}
const CHECKS = 'published-checks'

interface DraftBoxEntry extends StoredDoc {
  /** `<draft>:v<version>` */
  id: string
  rev: number
  account: string
  draft: string
  version: number
  hash: string
  mediaId: string
  addedAt: number
  /** the normalised text last reported as changed, so one edit is reported once */
  reportedText?: string
  /** the draft left the box (published or deleted) */
  gone?: boolean
}
/** committed with its terms (index-terms.ts): the entries still in an account's box are found by account */
const draftBox = collection<DraftBoxEntry>(DRAFT_BOX)
export const DRAFT_BOX_JOB = 'wechat-draft-box'
/** how far back the first poll of a new account looks for posts to check */
const FIRST_LOOK_BACK_MS = 24 * 60 * 60_000

/** Approved versions first (latest change first), then versions still in review. */
async function reviewedTexts(deps: BotDeps, account: string): Promise<ReviewedText[]> {
  const drafts = await collections.drafts.findBy(deps.store, term.reviewedIn(account))
  drafts.sort((a, b) => Number(b.status === 'approved') - Number(a.status === 'approved') || b.updatedAt - a.updatedAt)
  return drafts.map((d) => {
    const v = currentVersion(d)
    return { draft: d.id, version: v.version, hash: v.hash, title: v.title, body: v.body, approved: d.status === 'approved' }
  })
}

/** Judges one published post and announces the verdict, once across instances. */
async function checkPublished(
  deps: BotDeps,
  account: string,
  post: { id: string; title: string; text: string; url?: string },
): Promise<PublishVerdict | undefined> {
  const checkId = `${account}:${post.id}`
  if (await deps.store.get(CHECKS, checkId)) return undefined
  const reviewed = await reviewedTexts(deps, account)
  const verdict = judgePublished(post, reviewed)
  const now = deps.clock.now()
  const matched = verdict.kind === 'unapproved' ? undefined : reviewed.find((r) => r.draft === verdict.draft)
  const audit: AuditEntry = {
    at: now,
    actor: 'bot',
    action: `published-${verdict.kind}`,
    subject: matched?.draft ?? checkId,
    ...(matched ? { version: matched.version, hash: matched.hash } : {}),
    detail: {
      account,
      post: post.id,
      title: post.title,
      ...(post.url ? { url: post.url } : {}),
      ...(verdict.kind === 'changed' ? { diff: verdict.diff } : {}),
      ...(verdict.kind === 'unapproved' && verdict.pendingDraft ? { pending: verdict.pendingDraft } : {}),
    },
  }
  const doc: PublishedCheck = { id: checkId, rev: 0, verdict: verdict.kind, ...(matched ? { draft: matched.draft } : {}), at: now }
  if ((await deps.store.commit(CHECKS, doc, 0, [audit])) === false) return undefined
  deps.log.info({ account, post: post.id, verdict: verdict.kind, draft: matched?.draft }, 'published post checked')
  const { config } = deps
  if (verdict.kind === 'match') {
    const draft = await collections.drafts.get(deps.store, verdict.draft)
    if (draft)
      await sayInGroup(deps, draft.group, platformMsg.publishedMatch(config, account, post.title, verdict.draft, verdict.version, verdict.hash))
  } else if (verdict.kind === 'changed') {
    await tellPeople(
      deps,
      supervisorsOf(config),
      platformMsg.publishedChanged(config, account, post.title, verdict.draft, verdict.version, verdict.diff),
    )
  } else {
    await tellPeople(
      deps,
      supervisorsOf(config),
      platformMsg.publishedUnapproved(config, account, post.title, stripMarkup(post.text).trim(), verdict.pendingDraft),
    )
  }
  return verdict
}

/** One published WeChat article (a publish may carry several): fetched with getarticle and checked item by item. */
export async function checkWechatArticle(deps: BotDeps, link: LinkedAccount, articleId: string): Promise<number> {
  const items = await link.wechat!.getArticle(articleId)
  let checked = 0
  for (const [index, item] of items.entries()) {
    if (item.is_deleted) continue
    const verdict = await checkPublished(deps, link.key, {
      id: items.length > 1 ? `${articleId}:${index}` : articleId,
      title: item.title,
      text: item.content,
      ...(item.url ? { url: item.url } : {}),
    })
    if (verdict) checked++
  }
  return checked
}

/** The account's published list (freepublish/batchget): every article not yet checked, since the guard began. */
export async function pollWechatPublished(deps: BotDeps, link: LinkedAccount): Promise<number> {
  const now = deps.clock.now()
  const state = await updatePoll(deps.store, link.key, 'published', (p) => (p.guardSince ? p : { ...p, guardSince: now - FIRST_LOOK_BACK_MS }))
  const since = state?.after.guardSince ?? now - FIRST_LOOK_BACK_MS
  let checked = 0
  for (let offset = 0; offset < 200; offset += 20) {
    const page = await link.wechat!.publishedList(offset, 20)
    for (const a of page.items) {
      if (a.updateTime !== undefined && a.updateTime * 1000 < since) return checked
      if (await deps.store.get(CHECKS, `${link.key}:${a.articleId}`)) continue
      checked += await checkWechatArticle(deps, link, a.articleId)
    }
    if (page.items.length < 20 || offset + 20 >= page.total) break
  }
  return checked
}

/** The Weibo account's own timeline since the last post seen (`sinceId`, the stream's cursor). */
export async function pollWeiboTimeline(deps: BotDeps, link: LinkedAccount, sinceId: string | undefined): Promise<number> {
  const firstLook = sinceId === undefined ? deps.clock.now() - FIRST_LOOK_BACK_MS : undefined
  const posts = await fetchAllSince(link, 'timeline', sinceId)
  let checked = 0
  for (const post of posts) {
    if (firstLook === undefined || post.createdAt >= firstLook) {
      if (await checkPublished(deps, link.key, { id: post.id, title: '', text: post.text, url: `https://weibo.com/${post.id}` })) checked++
    }
    await advanceSinceId(deps, link.key, 'timeline', post.id)
  }
  return checked
}

/**
 * Every item newer than sinceId, oldest first, paging until a short page. Without a cursor (the
 * account's first poll) only the newest page: the account's whole history is not work to do.
 */
export async function fetchAllSince(link: LinkedAccount, stream: 'comments' | 'mentions' | 'timeline', sinceId: string | undefined) {
  const count = 50
  const all = new Map<string, Awaited<ReturnType<NonNullable<LinkedAccount['weibo']>['list']>>[number]>()
  for (let page = 1; page <= (sinceId === undefined ? 1 : 40); page++) {
    const items = await link.weibo!.list(stream, sinceId, page, count)
    for (const i of items) if (newerId(i.id, sinceId)) all.set(i.id, i)
    if (items.length < count) break
  }
  return [...all.values()].sort((a, b) => (newerId(a.id, b.id) ? 1 : -1))
}

export async function advanceSinceId(deps: BotDeps, account: string, stream: string, id: string): Promise<void> {
  await updatePoll(deps.store, account, stream, (p) => (newerId(id, p.sinceId) ? { ...p, sinceId: id } : p))
}

function bodyToHtml(body: string): string {
  const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return body
    .split(/\n/)
    .filter((l) => l.trim())
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')
}

/** On final approval of a WeChat draft whose account asks for it: the draft-box job, run by the sweep. */
export function draftBoxJobOf(config: Config, draft: Draft, now: number): NewJob | undefined {
  const account = config.accounts[draft.account]
  if (account?.platform !== 'wechat' || !account.sync.draftBox) return undefined
  const v = currentVersion(draft)
  return {
    id: `${DRAFT_BOX_JOB}:${draft.id}:v${v.version}`,
    dueAt: now,
    kind: DRAFT_BOX_JOB,
    payload: { draft: draft.id, version: v.version, account: draft.account },
  }
}

const LAST_ATTEMPT = 5

/** Puts the approved version into the draft box (draft/add) and records its media_id and hash. */
export async function draftBoxJob(deps: BotDeps, link: LinkedAccount | undefined, job: Job): Promise<boolean> {
  const { draft: id, version } = job.payload as { draft: string; version: number }
  const draft = await collections.drafts.get(deps.store, id)
  if (draft?.status !== 'approved' || currentVersion(draft).version !== version) return false
  const entryId = `${id}:v${version}`
  if (await draftBox.get(deps.store, entryId)) return false
  if (!link?.wechat) {
    // The config asks for it but no credentials are set (a trial run, a test): nothing to say in the group.
    deps.log.info({ draft: id, account: draft.account }, 'draft box asked for, but the account has no WECHAT_<ACCOUNT>_APPID/_SECRET; skipped')
    return false
  }
  const v = currentVersion(draft)
  const add = async (thumbMediaId: string) => link.wechat!.draftAdd({ title: v.title, content: bodyToHtml(v.body), thumbMediaId })
  let mediaId: string
  try {
    const configured = link.account.sync.thumbMediaId
    const cover = configured ?? (await defaultCover(deps, link))
    mediaId = await add(cover).catch(async (err: unknown) => {
      // The cached default cover was deleted from the material library: upload it again, once.
      if (configured || !(err instanceof WechatApiError) || err.code !== INVALID_MEDIA_ID) throw err
      return add(await defaultCover(deps, link, cover))
    })
  } catch (err) {
    deps.log.warn({ err, draft: id, code: (err as WechatApiError).code }, 'draft/add failed')
    // Busy (-1), quota (45009) or no answer: the sweep tries again; anything else will not get better.
    const transient = !(err instanceof WechatApiError) || err.code === -1 || err.code === QUOTA_EXCEEDED
    if (transient && job.attempts < LAST_ATTEMPT) throw err
    const code = err instanceof WechatApiError ? err.code : undefined
    const reason =
      code === INVALID_MEDIA_ID && link.account.sync.thumbMediaId ? platformMsg.invalidCover(draft.account) : platformMsg.draftBoxReason(code)
    await sayInGroup(deps, draft.group, platformMsg.draftBoxFailed(id, version, reason))
    return false
  }
  const now = deps.clock.now()
  const entry: DraftBoxEntry = { id: entryId, rev: 0, account: draft.account, draft: id, version, hash: v.hash, mediaId, addedAt: now }
  await draftBox.commit(deps.store, entry, 0, [
    { at: now, actor: 'bot', action: 'draft-box-added', subject: id, version, hash: v.hash, detail: { account: draft.account, mediaId } },
  ])
  await sayInGroup(deps, draft.group, platformMsg.draftBoxAdded(id, version, mediaId))
  return true
}

/** invalid media_id: the draft left the box (published, or deleted by the editor) */
const GONE_CODES = new Set([40007, 53404])

/** Each draft we put into the box is read back (draft/get); an edit is reported once per distinct text. */
export async function pollDraftBox(deps: BotDeps, link: LinkedAccount): Promise<number> {
  const entries = await draftBox.findBy(deps.store, term.inBoxOf(link.key))
  let reported = 0
  for (const e of entries) {
    const draft = await collections.drafts.get(deps.store, e.draft)
    const v = draft?.versions.find((x) => x.version === e.version)
    if (!draft || !v) continue
    let items
    try {
      items = await link.wechat!.draftGet(e.mediaId)
    } catch (err) {
      if (err instanceof WechatApiError && GONE_CODES.has(err.code)) {
        await draftBox.commit(deps.store, { ...e, gone: true }, e.rev, [])
        continue
      }
      throw err
    }
    const item = items[0]
    const approvedText = normalizeForCompare(`${v.title}\n${v.body}`)
    const boxText = normalizeForCompare(`${item?.title ?? ''}\n${item?.content ?? ''}`)
    if (boxText === approvedText || boxText === e.reportedText) continue
    const now = deps.clock.now()
    const diff = shortDiff(approvedText, boxText)
    const audit: AuditEntry = {
      at: now,
      actor: 'bot',
      action: 'draft-box-changed',
      subject: e.draft,
      version: e.version,
      hash: e.hash,
      detail: { account: e.account, mediaId: e.mediaId, diff },
    }
    if ((await draftBox.commit(deps.store, { ...e, reportedText: boxText }, e.rev, [audit])) === false) continue
    const text = platformMsg.draftBoxChanged(e.draft, e.version, diff)
    await sayInGroup(deps, draft.group, text)
    await tellPeople(deps, supervisorsOf(deps.config), text)
    reported++
  }
  return reported
}
