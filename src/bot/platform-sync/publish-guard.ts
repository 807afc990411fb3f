import { collections } from '../collections.js'
import type { BotDeps } from '../deps.js'
import { term } from '../index-terms.js'
import { sayInGroup, tellPeople } from '../notify.js'
import { judgePublished, stripMarkup, type PublishVerdict, type ReviewedText } from '../../publish/compare.js'
import type { AuditEntry, StoredDoc } from '../../store/store.js'
import { supervisorsOf } from '../../config/people.js'
import { currentVersion } from '../../workflow/types.js'
import type { LinkedAccount } from './links.js'
import { updatePoll } from './poll-state.js'
import { advanceSinceId, fetchAllSince } from './weibo-paging.js'
import { platformMsg } from './texts.js'

/**
 * The publish guard: what the account published is compared with the approved versions and the
 * outcome announced once (a `published-checks` document per post, written with its audit entry,
 * decides which instance speaks).
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
