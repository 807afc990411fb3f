import type { Card, CardSurface } from '../../chat/cards.js'
import type { DutyContext } from '../../workflow/duty.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import type { BotDeps } from '../deps.js'
import { addCardRef, cardRefsOf, pressing } from './card-refs.js'
import { reviewCard } from './review-card.js'
import { messageCard } from './message-card.js'
import type { PublicMessage } from '../../public-messages/types.js'

/** The chat's cards, when the platform has them and the configuration has not turned them off. */
export function cardsOf(deps: BotDeps): CardSurface | undefined {
  return deps.config.chat.cards.enabled ? deps.chat.cards : undefined
}

/**
 * Sends a draft's review card to its group and remembers it; false when it could not be sent (the
 * caller then says the whole request as text, through the outbox, so nothing is lost).
 */
export async function sendReviewCard(deps: BotDeps, draft: Draft, ctx: DutyContext, reminder?: string): Promise<boolean> {
  const cards = cardsOf(deps)
  if (!cards) return false
  try {
    const ref = await cards.send({ roomId: draft.group }, reviewCard(deps.config, draft, ctx, undefined, reminder))
    await addCardRef(deps.store, draft.id, { ref, version: currentVersion(draft).version, to: `room:${draft.group}` })
    return true
  } catch (err) {
    deps.log.warn({ err, draft: draft.id }, 'review card not sent; the request goes as text')
    return false
  }
}

/**
 * Makes the draft's cards show the truth after a change. Where cards can be repainted (Feishu,
 * DingTalk) every remembered card is, except the one a press is answering itself. Where a card
 * changes only in answer to a press (WeCom), a change no press caused is announced with a new card,
 * unless a new request card has just gone out.
 */
export async function repaintCards(deps: BotDeps, draft: Draft, ctx: DutyContext, o: { sentNew?: boolean } = {}): Promise<void> {
  const cards = cardsOf(deps)
  if (!cards) return
  const refs = await cardRefsOf(deps.store, draft.id)
  if (!refs.length) return
  const press = pressing.getStore()
  if (cards.update) {
    for (const r of refs) {
      if (r.ref === press?.cardRef) continue
      const card: Card = reviewCard(deps.config, draft, ctx, r.version)
      await cards.update(r.ref, card).catch((err: unknown) => deps.log.warn({ err, draft: draft.id, card: r.ref }, 'card not repainted'))
    }
    return
  }
  if (press || o.sentNew) return
  await sendReviewCard(deps, draft, ctx)
}

/**
 * A reminder carries the buttons: where cards can be repainted, the draft's cards of the current
 * version show it (no new card: the @ line sent with the reminder points to them); elsewhere, or
 * when none was sent, a new card goes out with it.
 */
export async function remindOnCards(deps: BotDeps, draft: Draft, ctx: DutyContext, reminder: string): Promise<boolean> {
  const cards = cardsOf(deps)
  if (!cards) return false
  const version = currentVersion(draft).version
  const current = (await cardRefsOf(deps.store, draft.id)).filter((r) => r.version === version)
  if (cards.update && current.length) {
    let shown = false
    for (const r of current) {
      const card = reviewCard(deps.config, draft, ctx, version, reminder)
      shown =
        (await cards.update(r.ref, card).then(
          () => true,
          (err: unknown) => (deps.log.warn({ err, draft: draft.id, card: r.ref }, 'reminder not shown on the card'), false),
        )) || shown
    }
    if (shown) return true
  }
  return sendReviewCard(deps, draft, ctx, reminder)
}

/**
 * A public message's reminder goes with a card carrying 已答复 and 承诺时限 (a press answers with
 * the message as it is then). false when there are no cards or it could not be sent: the text says it all.
 */
export async function sendMessageCard(deps: BotDeps, m: PublicMessage): Promise<boolean> {
  const cards = cardsOf(deps)
  if (!cards || !m.group) return false
  try {
    await cards.send({ roomId: m.group }, messageCard(deps.config, m))
    return true
  } catch (err) {
    deps.log.warn({ err, message: m.id }, 'reminder card not sent; the reminder goes as text')
    return false
  }
}
