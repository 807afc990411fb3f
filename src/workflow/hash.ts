import { createHash } from 'node:crypto'
import type { Attachment } from '../checklist/types.js'

/** The hash an approval is bound to: any change to title, body or attachments changes it. */
export function versionHash(title: string, body: string, attachments: readonly Attachment[] = []): string {
  const files = attachments.map((a) => `\u0000${a.name}\u0001${a.bytes}`).join('')
  return createHash('sha256').update(`${title}\u0000${body}${files}`, 'utf8').digest('hex')
}

/** What people see and type: the first 8 hex digits. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8)
}
