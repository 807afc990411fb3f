import { randomUUID } from 'node:crypto'
import type { Card, CardPress, CardSurface } from '../chat/cards.js'
import type { ChatPort } from '../chat/port.js'

/** A card in the simulated group, as everyone sees it now. */
export interface ShownCard {
  ref: string
  roomId: string
  card: Card
}

export interface SimulatedCards {
  /** the chat with cards: the Wechaty adapter on the simulated puppet, plus this surface */
  chat: ChatPort
  shown(): ShownCard[]
  /**
   * The member with platform id `presserId` presses the button `verb` of card `ref` (with a typed
   * reason). Resolves once the bot has handled it, with the note it answered the presser with.
   */
  press(presserId: string, presserName: string, ref: string, verb: string, values?: Record<string, string>): Promise<{ note?: string }>
}

/**
 * Cards for the playground: the bot's card port on a simulated group, so a visitor tries the buttons
 * without a chat login. A card is repainted in place (as on Feishu and DingTalk); a press is the
 * same CardPress the platforms deliver, answered at once.
 */
export function withSimulatedCards(chat: ChatPort, topicOf: (roomId: string) => string, onCard: (c: ShownCard) => void): SimulatedCards {
  const cards = new Map<string, ShownCard>()
  let onPress: ((p: CardPress) => Promise<void>) | undefined
  const paint = (ref: string, card: Card) => {
    const shown = cards.get(ref)
    if (!shown) return
    shown.card = card
    onCard(shown)
  }
  const surface: CardSurface = {
    notes: true,
    async send(to, card) {
      if (!('roomId' in to)) throw new Error('the simulated group shows cards in the group only')
      const ref = `card_${cards.size + 1}`
      const shown = { ref, roomId: to.roomId, card }
      cards.set(ref, shown)
      onCard(shown)
      return ref
    },
    update: async (ref, card) => paint(ref, card),
    onPress: (h) => void (onPress = h),
  }
  return {
    chat: { ...chat, cards: surface },
    shown: () => [...cards.values()],
    async press(presserId, presserName, ref, verb, values = {}) {
      const shown = cards.get(ref)
      if (!shown || !onPress) throw new Error(`no card ${ref}`)
      let note: string | undefined
      const button = shown.card.buttons.find((b) => b.action.verb === verb)
      await onPress({
        eventId: randomUUID(),
        // the card as shown: a press on an outdated card carries its old version, as on a phone
        action: button?.action ?? { verb, subject: shown.card.subject, ...(shown.card.version !== undefined ? { version: shown.card.version } : {}) },
        values,
        presser: { id: presserId, name: presserName },
        room: { id: shown.roomId, topic: topicOf(shown.roomId) },
        cardRef: ref,
        answer: async (a) => {
          note = a.note
          if (a.card) paint(ref, a.card)
          return true
        },
      })
      return note === undefined ? {} : { note }
    },
  }
}
