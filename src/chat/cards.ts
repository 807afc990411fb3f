/**
 * Interactive cards, platform-neutral: what a card shows and which commands its buttons carry.
 * The application builds a `Card`; each adapter that can show cards renders it to its platform's
 * JSON (src/chat/<platform>/cards.ts) and turns a press into a `CardPress`. A press is a command:
 * its action names the verb, the draft (or public message) and the version the card showed, and the
 * bot runs it through the same route as the typed command (src/bot/cards/press.ts).
 */

/** What a button does: a command verb on a subject, bound to the version the card shows. */
export interface CardAction {
  /** a command verb (approve, reject, transfer, status, check, replied, promise) or a card-only view (full, diff) */
  verb: string
  /** the draft or public message the card is about: D12, C7 */
  subject: string
  /** the version the card showed when it was sent (drafts) */
  version?: number
}

export interface CardButton {
  label: string
  action: CardAction
  style?: 'primary' | 'danger' | 'default'
  /** the press must carry the typed reason (Feishu/DingTalk) or a chosen one (WeCom's drop-down) */
  needsReason?: boolean
}

/** A card as the bot means it; adapters keep within their platform's limits (WeCom: ≤ 6 buttons). */
export interface Card {
  /** the subject's id (D12): a card's platform handle is derived from it where the bot may choose one */
  subject: string
  /** the version shown (drafts): part of the platform handle, so a card of an older version is told apart */
  version?: number
  /** one line: 【待审】D12「标题」 */
  title: string
  /** label → value rows: 账号, 阶段, 版本 */
  fields: { label: string; value: string }[]
  /** plain lines under the fields: findings, the excerpt, who is asked */
  lines: string[]
  /** the state in one line, shown prominently once decided: 「✔️ 王主任 11-23 10:05 通过」 */
  status?: string
  /** the colour of its state: waiting for a decision, done, refused, or closed (withdrawn, outdated) */
  tone: 'open' | 'done' | 'refused' | 'closed'
  /** the actions still open; empty once nothing can be done on this card */
  buttons: CardButton[]
  /** a rejection reason: typed into the card where the platform has an input, else chosen from these */
  reasons?: string[]
  /** the text input's hint where the platform has one (default: the rejection reason's); its value arrives as `reason` */
  input?: string
}

/** Where a card goes: a group or one person. */
export type CardTarget = { roomId: string } | { contactId: string }

/** What the bot answers a press with, within the platform's window. */
export interface PressAnswer {
  /** a short note for the presser (a toast on Feishu; in the card on WeCom; DingTalk shows the card only) */
  note?: string
  /** the card as it should look now */
  card?: Card
  /** the note concerns the presser only (a refusal): WeCom then changes the card for that person only */
  privateNote?: boolean
}

/** A press on a card's button, as the adapter received it. */
export interface CardPress {
  /** the platform's event id: a press delivered twice is handled once */
  eventId: string
  action: CardAction
  /** what the presser typed or chose in the card (reason) */
  values: Record<string, string>
  /** the presser's stable platform user id (never a display name) */
  presser: { id: string; name: string }
  /** the group the card is in; undefined for a private chat */
  room?: { id: string; topic: string }
  /** the card's platform handle (Feishu message id, DingTalk outTrackId, WeCom task_id) */
  cardRef: string
  /**
   * Answers the press within the platform's window (WeCom 5 s, Feishu 3 s, DingTalk: the callback's
   * answer). Resolves true when the answer made it in time; false when the window had closed (then
   * the bot repaints by `update` where it can).
   */
  answer(a: PressAnswer): Promise<boolean>
}

/** The card capability of a chat adapter: present only on platforms with interactive cards. */
export interface CardSurface {
  /** the platform shows an answer's note to the presser (Feishu's toast, WeCom's card); else the bot says it in the group */
  readonly notes: boolean
  /**
   * Sends a card; resolves with its platform handle once the platform accepted it. `mentions`: user
   * ids to @-mention with it (a platform whose cards cannot @ sends a short line with the card).
   */
  send(to: CardTarget, card: Card, mentions?: string[]): Promise<string>
  /** repaints a card sent earlier (Feishu, DingTalk); absent where a card changes only in answer to a press (WeCom) */
  update?(cardRef: string, card: Card): Promise<void>
  /** the handler for presses; set before start() */
  onPress(handler: (press: CardPress) => Promise<void>): void
}

/**
 * The window in which a press can be answered (Feishu's 3 s callback, DingTalk's callback ack): the
 * press's `answer` for the handler, and `answered`, resolving with the answer or, once `windowMs`
 * has passed, with undefined (later answers then resolve false, and the bot repaints instead).
 */
export function pressWindow(windowMs: number): { answer: CardPress['answer']; answered: Promise<PressAnswer | undefined> } {
  let open = true
  let settle: (a: PressAnswer | undefined) => void = () => {}
  const answered = new Promise<PressAnswer | undefined>((resolve) => (settle = resolve))
  const timer = setTimeout(() => {
    open = false
    settle(undefined)
  }, windowMs)
  return {
    answer: async (a) => {
      if (!open) return false
      open = false
      clearTimeout(timer)
      settle(a)
      return true
    },
    answered,
  }
}
