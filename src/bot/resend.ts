import { collections } from './collections.js'
import type { Turn } from './deps.js'

/** How long an offered resend stays valid: long enough to read the question, short enough not to surprise. */
export const RESEND_MINUTES = 5

function keyOf(turn: Turn): string {
  return `${turn.group ?? 'dm'}:${turn.actor.contactId}`
}

/**
 * Keeps `text` (a corrected command) for the person who typed the original, so a short `#是` runs
 * it: what they typed is not lost to a typo. One offer per person and chat; a newer one replaces it.
 */
export async function offerResend(turn: Turn, text: string): Promise<void> {
  const { store, clock } = turn.deps
  const id = keyOf(turn)
  // a lost race only means the other offer, just as new, is kept
  const before = await collections.resends.get(store, id)
  await collections.resends.commit(store, { id, text, until: clock.now() + RESEND_MINUTES * 60_000, rev: before?.rev ?? 0 }, before?.rev ?? 0, [])
}

/** The offered text, once: taking it clears it, so a second `#是` does not run the command twice. */
export async function takeResend(turn: Turn): Promise<string | undefined> {
  const { store, clock } = turn.deps
  const id = keyOf(turn)
  const offer = await collections.resends.get(store, id)
  if (!offer?.text || offer.until < clock.now()) return undefined
  const taken = await collections.resends.commit(store, { ...offer, text: '' }, offer.rev, [])
  return taken === false ? undefined : offer.text
}
