import { collections } from '../collections.js'
import { receiveMessage } from '../../public-messages/message.js'
import { IntakeError, type Intake, type IntakeResult, type PublicMessageInput } from '../../public-messages/intake.js'
import { activeDeadlines, type PublicMessage } from '../../public-messages/types.js'
import type { Hit } from '../../checklist/types.js'
import { isBlank } from '../../checklist/invisible.js'
import { sensitiveFindings } from '../../public-messages/sensitivity.js'
import { resolveRefs, supervisorsOf } from '../../config/people.js'
import { commentMsg, messageLabel } from './texts.js'
import { auditEntries, deadlineContext } from './store.js'
import type { BotDeps } from '../deps.js'
import { toPeople } from '../notify.js'
import type { Said } from '../../chat/outbox.js'
import { reminderFollowUps } from './reply-jobs.js'
import { consequencesOf, dispatch } from '../follow-ups.js'

export interface Received {
  result: IntakeResult
  message: PublicMessage
}

function resultOf(m: PublicMessage, duplicate: boolean): Received {
  return { message: m, result: { id: m.id, duplicate, sensitive: m.sensitive, dueAt: m.deadline.dueAt } }
}

function handlerOf(deps: BotDeps, input: PublicMessageInput): string {
  const { config } = deps
  if (input.handler) {
    if (!Object.hasOwn(config.people, input.handler))
      throw new IntakeError(`unknown handler "${input.handler}"; known people: ${Object.keys(config.people).join(', ')}`)
    return input.handler
  }
  const configured = config.accounts[input.account]?.replyHandler
  // An account without a reply handler falls to the first supervisor, who can #转交 it.
  return (configured ? resolveRefs(config, [configured])[0] : undefined) ?? supervisorsOf(config)[0]!
}

/**
 * Takes one public message in, from the chat (#留言) or from `bot.intake` (HTTP, webhooks):
 * id, handler, sensitivity (the intake's flag or the checker's verdict), deadline, reminder jobs,
 * and the immediate report of a sensitive message to the supervisors.
 */
export async function receive(
  deps: BotDeps,
  input: PublicMessageInput & { group?: string },
  actor: string,
  /** what the intake answers whoever gave the message (#留言), committed with it */
  answer?: (m: PublicMessage) => Said,
): Promise<Received> {
  const { config, store } = deps
  const account = Object.hasOwn(config.accounts, input.account) ? config.accounts[input.account] : undefined
  if (!account) throw new IntakeError(`unknown account "${input.account}"; known: ${Object.keys(config.accounts).join(', ')}`)
  if (isBlank(input.text)) throw new IntakeError('the message text is empty')
  if (isBlank(input.author)) throw new IntakeError('the author is empty (blank or invisible characters only)')
  const handler = handlerOf(deps, input)

  let id: string | undefined
  const keyId = input.externalId ? `${input.source}:${input.externalId}` : undefined
  if (keyId) {
    const seen = await collections.externalKeys.get(store, keyId)
    const existing = seen && (await collections.publicMessages.get(store, seen.message))
    if (existing) return resultOf(existing, true)
    // A key without its message: an earlier intake stopped half-way; finish it under the same id.
    id = seen?.message
  }
  if (!id) {
    id = `C${await store.nextSeq('C')}`
    if (keyId && (await collections.externalKeys.commit(store, { id: keyId, rev: 0, message: id }, 0, [])) === false) {
      const winner = await collections.externalKeys.get(store, keyId)
      const existing = winner && (await collections.publicMessages.get(store, winner.message))
      if (existing) return resultOf(existing, true)
      id = winner?.message ?? id
    }
  }

  const check = await deps.checker.check(input.text, { kind: 'comment', platform: account.platform, account: input.account })
  const findings = sensitiveFindings(check)
  const sensitiveBy = input.sensitive ? 'intake' : findings.length ? 'checker' : undefined
  const now = deps.clock.now()
  const { message, events } = receiveMessage(
    { id, input, handler, sensitive: Boolean(sensitiveBy), ...(sensitiveBy ? { sensitiveBy } : {}), now },
    deadlineContext(deps),
  )
  // stored with its reminders, the supervisors' report and the handler's notice: none is ever missing
  const implied = await consequencesOf(deps, {
    ...reminderFollowUps(deps, collections.publicMessages, id, activeDeadlines(message)),
    say: [
      ...supervisorReports(deps, message, findings),
      ...(message.group ? [] : toPeople(deps, [handler], commentMsg.assigned(config, message, now))),
      ...(answer ? [answer(message)] : []),
    ],
  })
  if ((await collections.publicMessages.commit(store, message, 0, auditEntries(id, actor, events, now), implied)) === false) {
    const existing = await collections.publicMessages.get(store, id)
    if (existing) return resultOf(existing, true)
    throw new Error(`comment ${id} could not be stored; please try again`)
  }
  await dispatch(deps, implied)
  return resultOf(message, false)
}

/**
 * Sensitive messages are reported the moment they are known; assumed calendar days are never
 * silent. Said with the change that makes them so (intake, #敏感, #承诺), in its commit.
 */
export function supervisorReports(deps: BotDeps, m: PublicMessage, findings: readonly Hit[] = []): Said[] {
  const { config } = deps
  const now = deps.clock.now()
  const supervisors = supervisorsOf(config)
  return [
    ...(m.sensitive ? toPeople(deps, supervisors, commentMsg.sensitiveReport(config, m, now, commentMsg.findingLines(findings))) : []),
    ...activeDeadlines(m)
      .filter((d) => d.assumed)
      .flatMap((d) => toPeople(deps, supervisors, commentMsg.assumed(messageLabel(config, m), d))),
  ]
}

export function createIntake(deps: BotDeps): Intake {
  return async (input) => (await receive(deps, input, `intake:${input.source}`)).result
}
