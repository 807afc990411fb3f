/**
 * Review cards on Feishu: card JSON 2.0 sent as an `interactive` message. Buttons carry a
 * `callback` behavior whose value is the card's action; they sit in a form container with the
 * rejection reason's input, so a press submits the typed reason with it (`action.form_value`).
 * Presses arrive as `card.action.trigger` over the long connection (EventDispatcher on the
 * WSClient): the handler's return `{ toast, card }` answers and repaints within Feishu's 3 s; a
 * change later (by text, by a time-out) is repainted with `im.message.patch` (`update_multi: true`
 * makes the card the same for everyone).
 *
 * Every text from a draft is put in `plain_text` elements: a title cannot smuggle an `<at>` tag.
 */
import type * as lark from '@larksuiteoapi/node-sdk'
import { z } from 'zod'
import { type Card, type CardPress, type CardSurface, type CardTarget, pressWindow } from '../cards.js'

const TEMPLATE: Record<Card['tone'], string> = { open: 'blue', done: 'green', refused: 'red', closed: 'grey' }
const plain = (content: string) => ({ tag: 'plain_text', content })
const text = (content: string) => ({ tag: 'div', text: plain(content) })

/** The card JSON 2.0 of a card. */
export function renderFeishuCard(card: Card): Record<string, unknown> {
  const elements: unknown[] = [
    text(card.fields.map((f) => `${f.label}：${f.value}`).join('\n')),
    ...(card.lines.length ? [text(card.lines.join('\n'))] : []),
    ...(card.status ? [{ tag: 'hr' }, text(card.status)] : []),
  ]
  if (card.buttons.length) {
    const needsReason = card.buttons.some((b) => b.needsReason)
    elements.push({
      tag: 'form',
      name: 'review',
      elements: [
        ...(needsReason ? [{ tag: 'input', name: 'reason', placeholder: plain(card.input ?? '驳回理由（驳回时必填）'), max_length: 500 }] : []),
        ...card.buttons.map((b, i) => ({
          tag: 'button',
          name: `b${i}`,
          text: plain(b.label),
          type: b.style ?? 'default',
          form_action_type: 'submit',
          behaviors: [{ type: 'callback', value: { ...b.action } }],
        })),
      ],
    })
  }
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: plain(card.title), template: TEMPLATE[card.tone] },
    body: { elements },
  }
}

const Ids = z.object({ open_id: z.string().optional(), user_id: z.string().optional() }).passthrough()
const Trigger = z
  .object({
    event_id: z.string().min(1),
    operator: Ids,
    action: z
      .object({
        value: z.object({ verb: z.string(), subject: z.string(), version: z.coerce.number().int().optional() }).passthrough(),
        form_value: z.record(z.string(), z.unknown()).optional(),
      })
      .passthrough(),
    context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().optional() }).passthrough(),
  })
  .passthrough()

export interface FeishuCardDeps {
  client: lark.Client
  idOf(ids: z.infer<typeof Ids>): string | undefined
  topicOf(chatId: string): Promise<string>
  /** a Feishu call whose non-zero code rejects */
  call<T extends { code?: number | undefined; msg?: string | undefined }>(what: string, request: Promise<T>): Promise<T>
  idType: 'open_id' | 'user_id'
  log(msg: string, detail?: Record<string, unknown>): void
  /** how long a press may take before the callback is answered without the card (Feishu waits 3 s) */
  windowMs?: number
}

/** The card capability of the Feishu adapter, and the `card.action.trigger` handler it registers. */
export function feishuCards(deps: FeishuCardDeps): { surface: CardSurface; onTrigger(data: unknown): Promise<Record<string, unknown>> } {
  let onPress: ((p: CardPress) => Promise<void>) | undefined
  const windowMs = deps.windowMs ?? 2_500

  async function send(to: CardTarget, card: Card, mentions: string[] = []): Promise<string> {
    const [type, id] = 'roomId' in to ? (['chat_id', to.roomId] as const) : ([deps.idType, to.contactId] as const)
    void mentions // Feishu: the @ goes in the text line sent with the card (src/bot/cards/show.ts)
    const res = await deps.call(
      'card send',
      deps.client.im.message.create({
        params: { receive_id_type: type },
        data: { receive_id: id, msg_type: 'interactive', content: JSON.stringify(renderFeishuCard(card)) },
      }),
    )
    const messageId = res.data?.message_id
    if (!messageId) throw new Error('Feishu accepted the card without a message id')
    return messageId
  }

  async function update(cardRef: string, card: Card): Promise<void> {
    await deps.call(
      'card patch',
      deps.client.im.message.patch({ path: { message_id: cardRef }, data: { content: JSON.stringify(renderFeishuCard(card)) } }),
    )
  }

  async function onTrigger(data: unknown): Promise<Record<string, unknown>> {
    const parsed = Trigger.safeParse(data)
    const presser = parsed.success ? deps.idOf(parsed.data.operator) : undefined
    if (!parsed.success || !presser || !onPress) {
      deps.log('unexpected Feishu card press ignored', parsed.success ? {} : { issues: parsed.error.issues.slice(0, 3) })
      return {}
    }
    const { event_id, action, context } = parsed.data
    const values = Object.fromEntries(Object.entries(action.form_value ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'))
    const window = pressWindow(windowMs)
    const chatId = context.open_chat_id
    const press: CardPress = {
      eventId: event_id,
      action: {
        verb: action.value.verb,
        subject: action.value.subject,
        ...(action.value.version !== undefined ? { version: action.value.version } : {}),
      },
      values,
      presser: { id: presser, name: presser },
      ...(chatId ? { room: { id: chatId, topic: await deps.topicOf(chatId) } } : {}),
      cardRef: context.open_message_id,
      answer: window.answer,
    }
    void onPress(press).catch((err: unknown) => deps.log('card press handling failed', { err }))
    const a = await window.answered
    // Past the window: say it is being handled; the bot repaints the card by patch once done.
    if (!a) return { toast: { type: 'info', content: '正在处理，卡片稍后更新' } }
    return {
      ...(a.note ? { toast: { type: a.privateNote ? 'warning' : 'success', content: a.note.slice(0, 300) } } : {}),
      ...(a.card ? { card: { type: 'raw', data: renderFeishuCard(a.card) } } : {}),
    }
  }

  return { surface: { notes: true, send, update, onPress: (h) => void (onPress = h) }, onTrigger }
}
