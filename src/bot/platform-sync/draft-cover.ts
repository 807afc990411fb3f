import { collection } from '../collections.js'
import type { BotDeps } from '../deps.js'
import { defaultCoverPng } from '../../platforms/wechat-oa/default-cover.js'
import type { AuditEntry, StoredDoc } from '../../store/store.js'
import type { LinkedAccount } from './links.js'

/** draft/add's answer to a cover (thumb_media_id) it does not know */
export const INVALID_MEDIA_ID = 40007

/** The default cover's media_id per AppID, uploaded once and shared by every instance. */
interface CoverDoc extends StoredDoc {
  /** the account's AppID */
  id: string
  rev: number
  mediaId: string
  uploadedAt: number
}
const covers = collection<CoverDoc>('wechat-covers')

/**
 * The cover for an account that configures no thumbMediaId: the default image, uploaded on first
 * use and its media_id kept in the store. `stale`: a media_id WeChat no longer knows; upload anew.
 */
export function defaultCover(deps: BotDeps, link: LinkedAccount, stale?: string): Promise<string> {
  // Draft-box jobs of one sweep run side by side: they share one upload.
  const wechat = link.wechat!
  const running = uploading.get(wechat)
  if (running) return running
  const upload = uploadCover(deps, link, stale).finally(() => uploading.delete(wechat))
  uploading.set(wechat, upload)
  return upload
}
const uploading = new WeakMap<object, Promise<string>>()

async function uploadCover(deps: BotDeps, link: LinkedAccount, stale: string | undefined): Promise<string> {
  const wechat = link.wechat!
  const known = await covers.get(deps.store, wechat.appId)
  if (known && known.mediaId !== stale) return known.mediaId
  const mediaId = await wechat.addImage(defaultCoverPng(), 'sanshen-cover.png')
  const at = deps.clock.now()
  const doc: CoverDoc = { id: wechat.appId, rev: known?.rev ?? 0, mediaId, uploadedAt: at }
  const audit: AuditEntry = { at, actor: 'bot', action: 'default-cover-uploaded', subject: link.key, detail: { mediaId } }
  if ((await covers.commit(deps.store, doc, known?.rev ?? 0, [audit])) === false) {
    // another instance uploaded one at the same time: use theirs
    return (await covers.get(deps.store, wechat.appId))?.mediaId ?? mediaId
  }
  deps.log.info({ account: link.key, mediaId }, 'default draft cover uploaded (material/add_material)')
  return mediaId
}
