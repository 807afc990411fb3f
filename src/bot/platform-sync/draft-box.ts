import { isLastAttempt, type JobResult } from '../../retry.js'
import { collection, collections } from '../collections.js'
import type { BotDeps } from '../deps.js'
import { DRAFT_BOX, term } from '../index-terms.js'
import { sayInGroup, tellPeople } from '../notify.js'
import { normalizeForCompare, shortDiff } from '../../publish/compare.js'
import { QUOTA_EXCEEDED, WechatApiError } from '../../platforms/wechat-oa/client.js'
import type { AuditEntry, Job, NewJob, StoredDoc } from '../../store/store.js'
import type { Config } from '../../config/schema.js'
import { supervisorsOf } from '../../config/people.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import type { LinkedAccount } from './links.js'
import { defaultCover, INVALID_MEDIA_ID } from './draft-cover.js'
import { platformMsg } from './texts.js'

/**
 * The WeChat draft box: on final approval the approved version is put into it (a job the sweep
 * runs), and an edit made there is noticed before it goes out.
 */
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

/** Puts the approved version into the draft box (draft/add) and records its media_id and hash. */
export async function draftBoxJob(deps: BotDeps, link: LinkedAccount | undefined, job: Job): Promise<JobResult> {
  const { draft: id, version } = job.payload as { draft: string; version: number }
  const draft = await collections.drafts.get(deps.store, id)
  if (draft?.status !== 'approved' || currentVersion(draft).version !== version) return 'nothing-to-do'
  const entryId = `${id}:v${version}`
  if (await draftBox.get(deps.store, entryId)) return 'nothing-to-do'
  if (!link?.wechat) {
    // The config asks for it but no credentials are set (a trial run, a test): nothing to say in the group.
    deps.log.info({ draft: id, account: draft.account }, 'draft box asked for, but the account has no WECHAT_<ACCOUNT>_APPID/_SECRET; skipped')
    return 'nothing-to-do'
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
    if (transient && !isLastAttempt(job.attempts)) throw err
    const code = err instanceof WechatApiError ? err.code : undefined
    const reason =
      code === INVALID_MEDIA_ID && link.account.sync.thumbMediaId ? platformMsg.invalidCover(draft.account) : platformMsg.draftBoxReason(code)
    await sayInGroup(deps, draft.group, platformMsg.draftBoxFailed(id, version, reason))
    return 'nothing-to-do'
  }
  const now = deps.clock.now()
  const entry: DraftBoxEntry = { id: entryId, rev: 0, account: draft.account, draft: id, version, hash: v.hash, mediaId, addedAt: now }
  await draftBox.commit(deps.store, entry, 0, [
    { at: now, actor: 'bot', action: 'draft-box-added', subject: id, version, hash: v.hash, detail: { account: draft.account, mediaId } },
  ])
  await sayInGroup(deps, draft.group, platformMsg.draftBoxAdded(id, version, mediaId))
  return 'said'
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
