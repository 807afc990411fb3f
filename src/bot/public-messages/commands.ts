import { collections } from '../collections.js'
import { parseUntil } from '../../commands/until.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { reasonOf } from '../../commands/parse.js'
import { parseCommentCommand } from '../../public-messages/command.js'
import {
  acknowledge,
  approveReply,
  handOver,
  promise,
  reclassify,
  rejectReply,
  reply,
  type MessageEvent,
  type MessageOutcome,
} from '../../public-messages/message.js'
import { activeDeadlines, isOpen, type PublicMessage } from '../../public-messages/types.js'
import { accountReplyRules } from '../../config/deadlines-schema.js'
import { resolveRefs, supervisorsOf } from '../../config/people.js'
import { receive, supervisorReports } from './intake.js'
import { commentMsg } from './texts.js'
import { commentAudit, deadlineContext } from './store.js'
import type { PersonTurn, Turn } from '../deps.js'
import { formatHits } from '../texts.js'
import { reminderFollowUps } from './reply-jobs.js'
import { consequencesOf, dispatch } from '../follow-ups.js'
import { type Told, toTurn } from '../notify.js'
import { updateDoc } from '../update-doc.js'
import { term } from '../index-terms.js'
import { withoutLearned } from '../false-alarms/learned.js'

/** #留言 微信 张三：内容 [@经办人] */
export async function commentCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const accounts = turn.accounts.map((a) => deps.config.accounts[a]?.aliases[0] ?? a).join('、')
  const parsed = parseCommentCommand(deps.config, [cmd.args, cmd.body].join('\n').trim(), turn.accounts)
  if (!parsed.ok) {
    return turn.reply(`${commentMsg.parseProblem(parsed.problem, parsed.hint)}\n${commentMsg.usage(accounts)}`)
  }
  if (!turn.accounts.includes(parsed.account)) return turn.reply(commentMsg.notServed(accounts))
  let handler: string | undefined
  if (cmd.mentionIds.length) {
    handler = await turn.deps.identity.named(cmd)
    if (!handler) return turn.reply(commentMsg.unknownHandler())
  }
  const { account, author, text, link } = parsed
  const input = {
    account,
    author,
    text,
    ...(link ? { link } : {}),
    ...(handler ? { handler } : {}),
    source: 'chat' as const,
    ...(turn.group ? { group: turn.group } : {}),
  }
  await receive(deps, input, actor.person, (m) =>
    toTurn(turn, { text: commentMsg.received(deps.config, m, deps.clock.now()), mentions: deps.identity.contactsOf([m.handler]) }),
  )
}

/** #留言状态: open messages, soonest deadline first. */
export async function commentsCommand(turn: Turn): Promise<void> {
  const { deps } = turn
  const open = await collections.publicMessages.findBy(deps.store, term.open)
  return turn.reply(commentMsg.status(deps.config, open, deps.clock.now()))
}

/** Who among the configured people may act on this message: anyone of them, its handler (or a supervisor), a reply reviewer. */
type MessageRole = 'anyone' | 'handler' | 'reviewer'

/** Who approves reply texts: replies.replyReviewers, else the supervisors. */
export function replyReviewers(turn: Turn): string[] {
  const { config } = turn.deps
  return resolveRefs(config, config.replies.replyReviewers ?? config.supervisors)
}

/** The message a command is about: the C-id typed or quoted, or the asker's only open message. */
async function pickMessage(turn: Turn, cmd: ParsedCommand, person: string): Promise<PublicMessage | undefined> {
  const { store } = turn.deps
  if (cmd.id && !cmd.id.startsWith('C')) {
    await turn.reply(commentMsg.notAMessageId(cmd.id))
    return undefined
  }
  if (cmd.id) {
    const m = await collections.publicMessages.get(store, cmd.id)
    if (!m) await turn.reply(commentMsg.unknown(cmd.id))
    return m
  }
  const mine = await collections.publicMessages.findBy(store, term.openFor(person))
  if (mine.length === 1) return mine[0]
  await turn.reply(commentMsg.needId(mine))
  return undefined
}

function allowed(turn: Turn, m: PublicMessage, person: string, who: MessageRole): string | undefined {
  const { config } = turn.deps
  if (who === 'handler' && m.handler !== person && !supervisorsOf(config).includes(person)) return commentMsg.notHandler(config, m)
  if (who === 'reviewer' && !replyReviewers(turn).includes(person)) return commentMsg.notReviewer(config, replyReviewers(turn))
  return undefined
}

/** What the checklist says about a text before it counts: a refusal in words, or warnings to show. */
type Screen = { refusal: string } | { warnings: string[] }
const NOTHING_TO_SAY: Screen = { warnings: [] }

/**
 * The shared path of every action on a message: pick it, who may, screen what the action brings
 * (a reply text through the checklist), decide (pure), commit with its audit entries, its
 * reminders planned afresh and what it says (what happened and what comes next, with the screen's
 * warnings), then send that: a kill between the commit and the answer cannot leave it unsaid.
 */
async function act(
  turn: PersonTurn,
  cmd: ParsedCommand,
  who: MessageRole,
  decide: (m: PublicMessage, person: string, now: number) => MessageOutcome,
  announce: (m: PublicMessage, before: PublicMessage, warnings: string[]) => Told,
  screen: (m: PublicMessage) => Promise<Screen> = async () => NOTHING_TO_SAY,
  /** the supervisors' report of a sensitive or assumed-deadline message goes with the change (#敏感, #承诺) */
  reported = false,
): Promise<void> {
  const { deps, actor } = turn
  const { person } = actor
  const found = await pickMessage(turn, cmd, person)
  if (!found) return
  const refused = allowed(turn, found, person, who)
  if (refused) return turn.reply(refused, [actor.contactId])
  const screened = await screen(found)
  if ('refusal' in screened) return turn.reply(screened.refusal, [actor.contactId])
  let before = found
  const updated = await updateDoc<PublicMessage, MessageEvent, MessageOutcome>(
    deps.store,
    collections.publicMessages,
    found.id,
    person,
    async (m) => {
      before = m
      const now = deps.clock.now()
      const o = decide(m, person, now)
      if (!o.ok) return { result: o }
      // its reminders planned afresh in the same commit: a message is never stored without them
      const implied = await consequencesOf(deps, {
        ...reminderFollowUps(deps, collections.publicMessages, m.id, activeDeadlines(o.message)),
        say: [...(reported ? supervisorReports(deps, o.message) : []), toTurn(turn, announce(o.message, m, screened.warnings))],
      })
      return { result: o, change: { doc: o.message, events: o.events, at: now, implied } }
    },
    commentAudit,
  )
  if (!updated) return turn.reply(commentMsg.unknown(found.id))
  const outcome = updated.result
  if (!outcome.ok) return turn.reply(commentMsg.refusal(deps.config, before, outcome.refusal), [actor.contactId])
  await dispatch(deps, updated.implied)
}

/**
 * A reply text is content like any other (issue 3; km-youth-league 6): a blocking finding stops it
 * from counting, quoting the words; the rest are shown with the receipt or to the reviewers.
 */
async function checkReply(turn: Turn, m: PublicMessage, text: string): Promise<Screen> {
  const { deps } = turn
  if (!text || !isOpen(m)) return NOTHING_TO_SAY
  const account = deps.config.accounts[m.account]
  const checked = await deps.checker.check(text, { kind: 'reply', account: m.account, ...(account ? { platform: account.platform } : {}) })
  const check = await withoutLearned(deps.store, checked)
  if (check.verdict === 'block') return { refusal: commentMsg.replyBlocked(m, formatHits(check.hits.filter((h) => h.severity === 'block'))) }
  return { warnings: commentMsg.replyWarnings(check.hits, check.notes) }
}

export function classifyCommand(sensitive: boolean) {
  return (turn: PersonTurn, cmd: ParsedCommand) =>
    act(
      turn,
      cmd,
      'anyone',
      (m, person, now) => reclassify(m, sensitive, person, now, deadlineContext(turn.deps)),
      (m) => ({ text: commentMsg.reclassified(turn.deps.config, m, turn.deps.clock.now()) }),
      undefined,
      true,
    )
}

export async function promiseCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  const at = parseUntil(cmd.args, deps.clock.now())
  if (at === undefined) return turn.reply(commentMsg.badPromise(cmd.id ?? 'C7'))
  await act(
    turn,
    cmd,
    'handler',
    (m, _p, now) => promise(m, at, now, deadlineContext(deps)),
    (m) => ({ text: commentMsg.promised(deps.config, m, deps.clock.now()) }),
    undefined,
    true,
  )
}

/** #转交 C7 @同事 (the D… form stays with the review workflow). */
export async function transferCommentCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const to = await turn.deps.identity.named(cmd)
  if (!to) return turn.reply(commentMsg.transferUsage(cmd.id))
  await act(
    turn,
    cmd,
    'handler',
    (m, _p, now) => handOver(m, to, now),
    (m, before) => ({
      text: commentMsg.handedOver(turn.deps.config, m, before.handler, turn.deps.clock.now()),
      mentions: turn.deps.identity.contactsOf([m.handler]),
    }),
  )
}

export async function acceptCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  await act(
    turn,
    cmd,
    'handler',
    (m, _p, now) => acknowledge(m, now),
    (m) => ({ text: commentMsg.acknowledged(turn.deps.config, m, turn.deps.clock.now()) }),
  )
}

/**
 * #已回复 C7 [回复内容]: the text is checked like any content, then closes the message or, where
 * replies are reviewed (km-youth-league 6), goes before the reply reviewers.
 */
export async function repliedCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps } = turn
  const text = [cmd.args, cmd.body].filter(Boolean).join('\n').trim()
  const reviewed = (m: PublicMessage) => accountReplyRules(deps.config.replies, m.account).reviewReplies
  await act(
    turn,
    cmd,
    'handler',
    (m, p, now) => reply(m, p, text, now, reviewed(m)),
    (m, _before, warnings) => {
      if (m.status !== 'in-review') return { text: commentMsg.replied(deps.config, m, warnings) }
      const reviewers = replyReviewers(turn)
      return { text: commentMsg.inReview(deps.config, m, reviewers, warnings), mentions: deps.identity.contactsOf(reviewers) }
    },
    (m) => checkReply(turn, m, text),
  )
}

/** #通过 C7 / #驳回 C7 理由: the reply reviewers' decision on a reply text. */
export async function approveReplyCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  await act(
    turn,
    cmd,
    'reviewer',
    (m, p, now) => approveReply(m, p, now),
    (m) => ({ text: commentMsg.replied(turn.deps.config, m) }),
  )
}

export async function rejectReplyCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const reason = reasonOf(cmd)
  await act(
    turn,
    cmd,
    'reviewer',
    (m, p, now) => rejectReply(m, p, reason, now),
    (m) => ({
      text: commentMsg.replyRejected(turn.deps.config, m, turn.actor.person, reason),
      mentions: turn.deps.identity.contactsOf([m.handler]),
    }),
  )
}
