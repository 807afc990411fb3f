import { createHash } from 'node:crypto'

/** The hash an approval is bound to: any change to title or body changes it. */
export function versionHash(title: string, body: string): string {
  return createHash('sha256').update(`${title}\u0000${body}`, 'utf8').digest('hex')
}

/** What people see and type: the first 8 hex digits. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8)
}
