import { AsyncLocalStorage } from 'node:async_hooks'
import type { Store, StoredDoc } from '../../store/store.js'

/**
 * The cards sent for each draft, by platform handle, so a change can repaint them (Feishu,
 * DingTalk) and a press can be told from a card of an older version. Newest last; only the last
 * few are kept: older ones are far up the scroll and answer a press with the current state anyway.
 */
export interface CardRef {
  ref: string
  version: number
  /** `room:<id>` or `contact:<id>` */
  to: string
}

interface DraftCards extends StoredDoc {
  refs: CardRef[]
}

export const REVIEW_CARDS = 'review-cards'
const KEPT = 6

export async function cardRefsOf(store: Store, draftId: string): Promise<CardRef[]> {
  return (await store.get<DraftCards>(REVIEW_CARDS, draftId))?.refs ?? []
}

export async function addCardRef(store: Store, draftId: string, ref: CardRef): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await store.get<DraftCards>(REVIEW_CARDS, draftId)
    const refs = [...(doc?.refs ?? []).filter((r) => r.ref !== ref.ref), ref].slice(-KEPT)
    const rev = doc?.rev ?? 0
    if ((await store.commit<DraftCards>(REVIEW_CARDS, { id: draftId, rev, refs }, rev, [])) !== false) return
  }
}

/** Presses handled, by platform and event id: a press delivered twice is acted on once, across restarts. */
const PRESSES = 'card-presses'

/** true the first time this press is seen (a create-only commit, so two instances cannot both take it) */
export async function firstPress(store: Store, platform: string, eventId: string, at: number): Promise<boolean> {
  return (await store.commit(PRESSES, { id: `${platform}:${eventId}`, rev: 0, at }, 0, [])) !== false
}

/** The press being handled in this async context: what it changes is answered on the pressed card itself. */
export const pressing = new AsyncLocalStorage<{ cardRef: string }>()
