import type { Config } from '../../config/schema.js'
import type { Store } from '../../store/store.js'
import { collections } from '../collections.js'
import { buildSignSheet, sameChecksum, type SignSheet, signSheetChecksum } from './sign-sheet.js'
import { signSheetText } from './sign-sheet-texts.js'

/** The sheet of a stored draft and its checksum, or undefined when there is no such draft. */
export async function loadSignSheet(config: Config, store: Store, id: string): Promise<{ sheet: SignSheet; checksum: string } | undefined> {
  const draft = await collections.drafts.get(store, id.trim().toUpperCase())
  if (!draft) return undefined
  const sheet = buildSignSheet(config, draft, await store.audit(draft.id))
  return { sheet, checksum: signSheetChecksum(sheet) }
}

/** Whether a printed sheet's checksum still matches the store: the dashboard's and the CLI's answer. */
export async function verifySignSheet(config: Config, store: Store, id: string, typed: string): Promise<{ ok: boolean; text: string }> {
  const found = await loadSignSheet(config, store, id)
  if (!found) return { ok: false, text: signSheetText.unknown(id.trim().toUpperCase()) }
  return sameChecksum(typed, found.checksum)
    ? { ok: true, text: signSheetText.verified(found.sheet.id, found.checksum) }
    : { ok: false, text: signSheetText.mismatch(found.sheet.id, typed.trim(), found.checksum) }
}
