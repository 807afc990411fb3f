import type { Card, CardPress } from '../../chat/cards.js'
import type { IncomingMessage } from '../../chat/port.js'
import type { ParsedCommand } from '../../commands/parse.js'
import type { Verb } from '../../commands/verbs.js'
import { StoreUnavailableError } from '../../store/store.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { collections } from '../collections.js'
import type { BotDeps, Turn } from '../deps.js'
import { engineContext } from '../engine-context.js'
import { accountsOf, servedGroup } from '../groups.js'
import { personOf, type Routes, runCommand } from '../router.js'
import { botText } from '../texts.js'
import { firstPress, pressing } from './card-refs.js'
import { reviewCard } from './review-card.js'
import { cardsOf } from './show.js'
import { cardText, messageCardText } from './texts.js'
import { messageCard } from './message-card.js'

/** Card buttons that are commands, and the verb each runs. */
const COMMANDS: Record<string, Verb> = { approve: 'approve', reject: 'reject', check: 'check' }

/**
 * A press is a command. It is taken once (by the platform's event id), then checked against the
 * draft as it is now: a card of an older version changes nothing and says so; a decided draft
 * answers with its state. Otherwise it runs through the same route as the typed command
 * (runCommand: identity by platform user id, the route's permission, the engine's rules), and the
 * presser is answered on the card within the platform's window; what the group must see (the next
 * reviewer @-mentioned, a rejection) is said in the group exactly as for a typed command.
 */
export function createPressHandler(deps: BotDeps, routes: Routes): (press: CardPress) => Promise<void> {
  return async (press) => {
    const group = press.room ? servedGroup(deps.config, press.room) : undefined
    if (press.room && !group) return
    const notes: string[] = []
    const turn: Turn = {
      deps,
      msg: messageOf(press),
      actor: { contactId: press.presser.id, name: press.presser.name, ...(await personOf(deps, press.presser.id)) },
      ...(press.room ? { group: press.room.id } : {}),
      accounts: accountsOf(deps.config, group),
      reply: async (text) => void notes.push(text),
    }
    let answeredPrivately = false
    try {
      answeredPrivately = await handle(deps, routes, press, turn, notes)
    } catch (err) {
      deps.log.error({ err, press: press.eventId, presser: press.presser.id }, 'card press failed')
      notes.push(err instanceof StoreUnavailableError ? botText.storeUnavailable() : botText.failed())
    }
    await answer(deps, press, turn, notes, answeredPrivately)
  }
}

/** Runs the press; notes for the presser go to `notes`. true: the presser was answered by a private message. */
async function handle(deps: BotDeps, routes: Routes, press: CardPress, turn: Turn, notes: string[]): Promise<boolean> {
  const { action } = press
  if (action.subject.startsWith('C')) return handleMessage(deps, routes, press, turn, notes)
  const draft = await collections.drafts.get(deps.store, action.subject)
  if (!draft || (turn.group && draft.group !== turn.group)) return say(notes, cardText.unknown(action.subject))
  if (!(await firstPress(deps.store, deps.chat.platform, press.eventId, deps.clock.now()))) return false
  const version = currentVersion(draft).version
  const verb = action.verb
  if (verb === 'full' || verb === 'diff') {
    const text = verb === 'full' ? cardText.fullText(draft) : cardText.diff(draft, diffLines(draft))
    await deps.chat.sayToContact(press.presser.id, { text })
    notes.push(cardText.sentPrivately(verb === 'full' ? '全文' : '差异'))
    return true
  }
  if (verb === 'transfer') return say(notes, cardText.transferHint(draft.id))
  if (verb === 'status') return false // the answer is the card as it is now
  const command = COMMANDS[verb]
  if (!command) return say(notes, botText.unknown(verb))
  if (command !== 'check') {
    if (action.version !== undefined && action.version !== version) return say(notes, cardText.stale(draft.id, version))
    if (draft.status !== 'pending') return false // the answer shows the decision on the card
    const reason = press.values.reason?.trim() ?? ''
    if (command === 'reject' && !reason) return say(notes, cardText.needReason(draft.id))
    await pressing.run({ cardRef: press.cardRef }, () => runCommand(routes, turn, commandOf(command, draft, version, reason)))
    return false
  }
  // views answer the presser privately: the group need not read one person's lookup
  const privately: Turn = { ...turn, reply: (text) => deps.chat.sayToContact(press.presser.id, { text }) }
  await runCommand(routes, privately, commandOf(command, draft, version, ''))
  notes.push(cardText.sentPrivately('检查提示'))
  return true
}

const say = (notes: string[], text: string): false => (notes.push(text), false)

/** 已答复 / 承诺时限 on a public message's reminder card: `#已回复 C7 …` / `#承诺 C7 …`, answered in the group as typed. */
async function handleMessage(deps: BotDeps, routes: Routes, press: CardPress, turn: Turn, notes: string[]): Promise<boolean> {
  const { action } = press
  const m = await collections.publicMessages.get(deps.store, action.subject)
  if (!m || (turn.group && m.group !== turn.group)) return say(notes, cardText.unknown(action.subject))
  if (!(await firstPress(deps.store, deps.chat.platform, press.eventId, deps.clock.now()))) return false
  const verb = action.verb
  if (verb !== 'replied' && verb !== 'promise') return say(notes, botText.unknown(verb))
  // 已答复 without a text is the typed `#已回复 C7` (answered elsewhere); a promise needs its time
  const text = press.values.reason?.trim() ?? ''
  if (!text && verb === 'promise') return say(notes, messageCardText.needText(m.id))
  const group = turn.group
  const aloud: Turn = {
    ...turn,
    reply: (t, mentions) =>
      group ? deps.chat.sayToRoom(group, { text: t, ...(mentions ? { mentions } : {}) }) : deps.chat.sayToContact(press.presser.id, { text: t }),
  }
  await runCommand(routes, aloud, { verb, id: m.id, args: text, body: '', mentionIds: [], viaQuote: false })
  return true
}

/** The pressed card as it should look now. */
async function cardNow(deps: BotDeps, press: CardPress): Promise<Card | undefined> {
  const { subject, version } = press.action
  if (subject.startsWith('C')) {
    const m = await collections.publicMessages.get(deps.store, subject)
    return m && messageCard(deps.config, m)
  }
  const draft = await collections.drafts.get(deps.store, subject)
  return draft && reviewCard(deps.config, draft, await engineContext(deps), version ?? currentVersion(draft).version)
}

/** Answers the presser with the card as it is now; a note the platform cannot show goes to the group, as a typed command's would. */
async function answer(deps: BotDeps, press: CardPress, turn: Turn, notes: string[], answeredPrivately: boolean): Promise<void> {
  const card = await cardNow(deps, press).catch(() => undefined)
  const note = notes.join('\n') || (card?.status ? cardText.already(card.status.split('\n').at(-1)!) : undefined)
  const inTime = await press
    .answer({ ...(note ? { note } : {}), ...(card ? { card } : {}), privateNote: notes.length > 0 })
    .catch((err: unknown) => (deps.log.warn({ err, press: press.eventId }, 'press not answered'), false))
  const cards = cardsOf(deps)
  if (!inTime && card && cards?.update) await cards.update(press.cardRef, card).catch(() => undefined)
  // A note the presser did not see (DingTalk shows none beside a card; the window had closed) is said in the
  // group, @-mentioning the presser, as a typed command's answer is.
  if (notes.length && !answeredPrivately && (!inTime || !cards?.notes) && turn.group)
    await deps.chat.sayToRoom(turn.group, { text: notes.join('\n'), mentions: [press.presser.id] })
}

function commandOf(verb: Verb, draft: Draft, version: number, reason: string): ParsedCommand {
  return { verb, id: draft.id, version, args: reason, body: '', mentionIds: [], viaQuote: false }
}

function messageOf(press: CardPress): IncomingMessage {
  return { id: press.eventId, ...(press.room ? { room: press.room } : {}), talker: press.presser, text: '', mentionsBot: true, mentionIds: [] }
}

/** Lines removed and added from the previous version to the current one (by line, in order). */
function diffLines(draft: Draft): string[] {
  const [before, after] = draft.versions.slice(-2).map((v) =>
    v.body
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  )
  if (!before || !after) return []
  const kept = new Set(after)
  const was = new Set(before)
  return [...before.filter((l) => !kept.has(l)).map((l) => `- ${l}`), ...after.filter((l) => !was.has(l)).map((l) => `+ ${l}`)]
}
