/**
 * Review cards on WeCom's 智能机器人: a `button_interaction` template card sent with
 * `sendMessage(chatid, { msgtype: 'template_card' })`. Its drop-down (`button_selection`) offers the
 * usual rejection reasons and its buttons (at most 6) carry the verb as their key; the card's
 * `task_id` names the draft and the version it was made for (`sanshen_D12_v3_…`).
 *
 * A press arrives as an `aibot_event_callback` with `event.template_card_event` (captured frames
 * carry `event_key`, `task_id` and `selected_items` there; the SDK's type puts `event_key` on the
 * event itself: both are read). A card can change only in answer to a press, within 5 s, by
 * `updateTemplateCard(frame, card, userids?)` with the same task_id: a refusal changes the card for
 * the presser alone. There is no way to repaint a card later, so a change no press caused is
 * announced with a new card (src/bot/cards/show.ts), and a template card cannot @ anyone: the line
 * sent with it does.
 */
import { randomUUID } from 'node:crypto'
import type { WSClient, WsFrame } from '@wecom/aibot-node-sdk'
import { z } from 'zod'
import type { Card, CardPress, CardSurface, CardTarget } from '../cards.js'

/** The drop-down's first option: no reason chosen (WeCom preselects the first option). */
const NO_REASON = 'none'
/** A decided card keeps one button, which answers with the current state. */
const STATE_KEY = 'status'
const WINDOW_MS = 4_500

const reasonId = (reason: string) => `r${Buffer.from(reason, 'utf8').toString('base64url')}`
const reasonOf = (id: string) => Buffer.from(id.slice(1), 'base64url').toString('utf8')

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** The template card of a card; `note` leads its text (a press's answer). */
export function renderWecomCard(card: Card, taskId: string, note?: string): Record<string, unknown> {
  const text = [...(note ? [note] : []), ...card.lines].join('\n')
  const buttons = card.buttons.length
    ? card.buttons
        .slice(0, 6)
        .map((b) => ({ text: cut(b.label, 10), key: b.action.verb, style: b.style === 'danger' ? 3 : b.style === 'primary' ? 1 : 2 }))
    : [{ text: '查看状态', key: STATE_KEY, style: 2 }]
  const reasons = card.buttons.some((b) => b.needsReason) ? (card.reasons ?? []) : []
  return {
    card_type: 'button_interaction',
    source: { desc: '三审' },
    main_title: { title: cut(card.title, 36) },
    ...(card.status ? { quote_area: { type: 0, quote_text: cut(card.status, 300) } } : {}),
    sub_title_text: cut(text, 300),
    horizontal_content_list: card.fields.slice(0, 6).map((f) => ({ keyname: cut(f.label, 5), value: cut(f.value, 26) })),
    ...(reasons.length
      ? {
          button_selection: {
            question_key: 'reason',
            title: '驳回理由',
            // the option id carries the reason itself (base64url), so a press names it after a restart too
            option_list: [{ id: NO_REASON, text: '（选择驳回理由）' }, ...reasons.slice(0, 9).map((r) => ({ id: reasonId(r), text: cut(r, 10) }))],
            selected_id: NO_REASON,
          },
        }
      : {}),
    button_list: buttons,
    task_id: taskId,
  }
}

const Selected = z.object({
  question_key: z.string(),
  option_ids: z
    .object({ option_id: z.array(z.string()) })
    .partial()
    .optional(),
})
const CardEvent = z
  .object({
    event_key: z.string().optional(),
    task_id: z.string().optional(),
    selected_items: z.object({ selected_item: z.array(Selected).optional() }).optional(),
  })
  .passthrough()
const PressFrame = z.object({
  msgid: z.string().min(1),
  chattype: z.enum(['single', 'group']).optional(),
  chatid: z.string().optional(),
  from: z.object({ userid: z.string().min(1) }),
  event: CardEvent.extend({ eventtype: z.literal('template_card_event'), template_card_event: CardEvent.optional() }),
})

const TRACK = /^sanshen_([A-Z]\d+)_v(\d+)_/

export function wecomCards(
  client: WSClient,
  log: (msg: string, err?: unknown) => void,
): {
  surface: CardSurface
  onEvent(frame: WsFrame): void
} {
  let onPress: ((p: CardPress) => Promise<void>) | undefined
  async function send(to: CardTarget, card: Card): Promise<string> {
    const taskId = `sanshen_${card.subject}_v${card.version ?? 0}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
    const chatid = 'roomId' in to ? to.roomId : to.contactId
    await client.sendMessage(chatid, { msgtype: 'template_card', template_card: renderWecomCard(card, taskId) } as never)
    return taskId
  }

  function onEvent(frame: WsFrame): void {
    const parsed = PressFrame.safeParse(frame.body)
    if (!parsed.success) {
      log(`wecom: ignored a malformed card event: ${JSON.stringify(frame.body).slice(0, 200)}`)
      return
    }
    const b = parsed.data
    const inner = b.event.template_card_event
    const key = inner?.event_key ?? b.event.event_key
    const taskId = inner?.task_id ?? b.event.task_id
    const bound = taskId ? TRACK.exec(taskId) : null
    if (!key || !taskId || !bound || !onPress) {
      log(`wecom: ignored a card event that is not a sanshen press (${taskId ?? 'no task_id'})`)
      return
    }
    const chosen = (inner?.selected_items ?? b.event.selected_items)?.selected_item?.find((s) => s.question_key === 'reason')?.option_ids
      ?.option_id?.[0]
    const reason = chosen && chosen !== NO_REASON ? reasonOf(chosen) : undefined
    const receivedAt = Date.now()
    const press: CardPress = {
      eventId: b.msgid,
      action: { verb: key === STATE_KEY ? 'status' : key, subject: bound[1]!, version: Number(bound[2]) },
      values: reason ? { reason } : {},
      presser: { id: b.from.userid, name: b.from.userid },
      ...(b.chattype === 'group' && b.chatid ? { room: { id: b.chatid, topic: b.chatid } } : {}),
      cardRef: taskId,
      answer: async (a) => {
        // WeCom takes an update only within 5 s of the press, and only once
        if (Date.now() - receivedAt > WINDOW_MS || !a.card) return false
        await client.updateTemplateCard(frame, renderWecomCard(a.card, taskId, a.note) as never, a.privateNote ? [b.from.userid] : undefined)
        return true
      },
    }
    void onPress(press).catch((err: unknown) => log('wecom: card press handling failed', err))
  }

  return {
    surface: { notes: true, send, onPress: (h) => void (onPress = h) },
    onEvent,
  }
}
