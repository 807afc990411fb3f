/**
 * Review cards on DingTalk (互动卡片, from a card template): created with
 * `POST /v1.0/card/instances/createAndDeliver` and `callbackType: 'STREAM'`, so presses come back
 * over the Stream connection the robot already holds (topic `/v1.0/card/instances/callback`) and
 * are answered with `socketCallBackResponse`; a change later is repainted with
 * `PUT /v1.0/card/instances`, keyed by the bot's own `outTrackId`. The template
 * (config/cards/dingtalk-review.json) binds the string variables below; its buttons send
 * `cardPrivateData.params.verb` and the input `reason`.
 *
 * The outTrackId names the draft and the version the card was made for (`sanshen_D12_v3_…`), so a
 * press is bound to its version even after a restart.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { type Card, type CardPress, type CardSurface, type CardTarget, pressWindow } from '../cards.js'

export const TOPIC_CARD = '/v1.0/card/instances/callback'

/** The template's variables (all strings, as DingTalk's cardParamMap wants them). */
export function cardParams(card: Card): Record<string, string> {
  const shown = new Set(card.buttons.map((b) => b.action.verb))
  return {
    title: card.title,
    tone: card.tone,
    fields: card.fields.map((f) => `${f.label}：${f.value}`).join('\n'),
    lines: card.lines.join('\n'),
    status: card.status ?? '',
    subject: card.subject,
    version: String(card.version ?? ''),
    // one flag per button of the template: a decided card keeps none
    ...Object.fromEntries(
      ['approve', 'reject', 'full', 'diff', 'transfer', 'check', 'replied', 'promise'].map((v) => [`show_${v}`, String(shown.has(v))]),
    ),
    note: '',
    // the hint of the template's input (review cards: the rejection reason; reminder cards: the reply or a promised time)
    input: card.input ?? '驳回理由（驳回时必填）',
  }
}

const Callback = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  content: z.string(),
  spaceType: z.string().optional(),
  spaceId: z.string().optional(),
})
const Content = z.object({
  cardPrivateData: z.object({ actionIds: z.array(z.string()).optional(), params: z.record(z.string(), z.unknown()).optional() }),
})

const TRACK = /^sanshen_([A-Z]\d+)_v(\d+)_/

export interface DingtalkCardDeps {
  apiBase: string
  robotCode: string
  templateId: string
  accessToken(): Promise<string>
  log(msg: string, err?: unknown): void
  /** how long a press may take before its callback is answered without the card */
  windowMs?: number
}

export function dingtalkCards(deps: DingtalkCardDeps): {
  surface: CardSurface
  /** the Stream callback for TOPIC_CARD: the press, and `ack(response)` to answer it on the socket */
  onCallback(data: string, eventId: string, ack: (response: unknown) => void): void
} {
  let onPress: ((p: CardPress) => Promise<void>) | undefined
  const windowMs = deps.windowMs ?? 2_500

  async function api(method: 'POST' | 'PUT', path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${deps.apiBase}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': await deps.accessToken() },
      body: JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`)
    return text ? (JSON.parse(text) as unknown) : {}
  }

  async function send(to: CardTarget, card: Card, mentions: string[] = []): Promise<string> {
    const outTrackId = `sanshen_${card.subject}_v${card.version ?? 0}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
    const group = 'roomId' in to
    await api('POST', '/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: deps.templateId,
      outTrackId,
      callbackType: 'STREAM',
      cardData: { cardParamMap: cardParams(card) },
      openSpaceId: group ? `dtv1.card//IM_GROUP.${to.roomId}` : `dtv1.card//IM_ROBOT.${to.contactId}`,
      ...(group
        ? {
            imGroupOpenSpaceModel: { supportForward: false },
            imGroupOpenDeliverModel: {
              robotCode: deps.robotCode,
              ...(mentions.length ? { atUserIds: Object.fromEntries(mentions.map((m) => [m, m])) } : {}),
            },
          }
        : { imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: deps.robotCode } }),
    })
    return outTrackId
  }

  async function update(cardRef: string, card: Card): Promise<void> {
    await api('PUT', '/v1.0/card/instances', {
      outTrackId: cardRef,
      cardData: { cardParamMap: cardParams(card) },
      cardUpdateOptions: { updateCardDataByKey: true },
    })
  }

  function onCallback(raw: string, eventId: string, ack: (response: unknown) => void): void {
    let press: CardPress | undefined
    const window = pressWindow(windowMs)
    try {
      const cb = Callback.parse(JSON.parse(raw))
      const params = Content.parse(JSON.parse(cb.content)).cardPrivateData.params ?? {}
      const bound = TRACK.exec(cb.outTrackId)
      const verb = typeof params.verb === 'string' ? params.verb : undefined
      if (!bound || !verb || !onPress) throw new Error(`not a sanshen card press: ${cb.outTrackId}`)
      const values = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'verb'))
      press = {
        eventId,
        action: { verb, subject: bound[1]!, version: Number(bound[2]) },
        values,
        presser: { id: cb.userId, name: cb.userId },
        // DingTalk names the group of an IM_GROUP card as its spaceId (the openConversationId)
        ...(cb.spaceType === 'IM_GROUP' && cb.spaceId ? { room: { id: cb.spaceId, topic: cb.spaceId } } : {}),
        cardRef: cb.outTrackId,
        answer: window.answer,
      }
    } catch (err) {
      deps.log('dingtalk: ignored a card callback that is not a sanshen press', err)
      ack({})
      return
    }
    void onPress!(press).catch((err: unknown) => deps.log('dingtalk: card press handling failed', err))
    void window.answered.then((a) => {
      // past the window the card is repainted by PUT once the press is done
      ack(a?.card ? { cardData: { cardParamMap: cardParams(a.card) }, cardUpdateOptions: { updateCardDataByKey: true } } : {})
    })
  }

  return { surface: { notes: false, send, update, onPress: (h) => void (onPress = h) }, onCallback }
}
