import type { IncomingMessage } from '../chat/port.js'
import { parseMessage, type ParsedCommand } from '../commands/parse.js'
import type { Verb } from '../commands/verbs.js'
import type { BotDeps, Turn } from './deps.js'
import { accountsOf, servedGroup } from './groups.js'
import { msg } from './messages.js'
import { approveCommand, rejectCommand, transferCommand } from './handlers/decide.js'
import { backCommand, bindCommand, leaveCommand } from './handlers/leave.js'
import { reloadCommand } from './handlers/lexicons.js'
import { remarkCommand, reviseCommand, withdrawCommand } from './handlers/manage.js'
import { checkCommand, historyCommand, statusCommand, todoCommand, whoamiCommand } from './handlers/queries.js'
import { submit } from './handlers/submit.js'
import { attachToDraft } from './handlers/attach.js'
import { alertCommand, planCommand, reportedCommand } from './handlers/alerts.js'
import {
  acceptCommand, approveReplyCommand, classifyCommand, commentCommand, commentsCommand, promiseCommand,
  rejectReplyCommand, repliedCommand, transferCommentCommand,
} from './handlers/comments.js'

export type Handler = (turn: Turn, cmd: ParsedCommand) => Promise<void>

/** What anyone may ask the bot privately: how to use it, and their own contact id for the operator. */
const OPEN_IN_PRIVATE = new Set<Verb>(['help', 'whoami'])

/** The review workflow's commands (drafts, D12). */
const workflowHandlers: Partial<Record<Verb, Handler>> = {
  submit,
  approve: approveCommand,
  reject: rejectCommand,
  transfer: transferCommand,
  revise: reviseCommand,
  withdraw: withdrawCommand,
  remark: remarkCommand,
  status: statusCommand,
  todo: (turn) => todoCommand(turn),
  history: historyCommand,
  help: (turn) => turn.reply(msg.help()),
  whoami: (turn) => whoamiCommand(turn),
  check: checkCommand,
  leave: leaveCommand,
  back: backCommand,
  bind: bindCommand,
  reload: (turn) => reloadCommand(turn),
}

/** Public messages (C7) and public-opinion alerts (A1): issue 4's commands. */
const replyHandlers: Partial<Record<Verb, Handler>> = {
  comment: commentCommand,
  comments: (turn) => commentsCommand(turn),
  sensitive: classifyCommand(true),
  ordinary: classifyCommand(false),
  replied: repliedCommand,
  promise: promiseCommand,
  accept: acceptCommand,
  alert: alertCommand,
  plan: planCommand,
  reported: reportedCommand,
}

/** Verbs shared by drafts (D12) and public messages (C7): the id's first letter picks the feature. */
function byIdPrefix(forComments: Handler, forDrafts: Handler | undefined): Handler {
  return (turn, cmd) => (cmd.id?.startsWith('C') || !forDrafts ? forComments(turn, cmd) : forDrafts(turn, cmd))
}

/** Every command the bot answers. */
export const allHandlers: Partial<Record<Verb, Handler>> = {
  ...workflowHandlers,
  ...replyHandlers,
  transfer: byIdPrefix(transferCommentCommand, workflowHandlers.transfer),
  approve: byIdPrefix(approveReplyCommand, workflowHandlers.approve),
  reject: byIdPrefix(rejectReplyCommand, workflowHandlers.reject),
}

/**
 * One straight path for a message: served group? → parse → who is it (by contact id) → handler
 * (an image or video goes to the sender's open draft instead),
 * inside an error boundary so one failing command never takes the bot down or goes unanswered.
 */
export function createRouter(deps: BotDeps, handlers: Partial<Record<Verb, Handler>>): (m: IncomingMessage) => Promise<void> {
  const maxChars = deps.config.policy.maxBodyChars + 2_000
  return async (m) => {
    const group = m.room ? servedGroup(deps.config, m.room) : undefined
    if (m.room && !group) return
    const parsed = m.attachment ? undefined : parseMessage(m, { maxChars })
    if (!parsed && !m.attachment) return
    const turn: Turn = {
      deps,
      msg: m,
      actor: { contactId: m.talker.id, name: m.talker.name, ...(await personOf(deps, m.talker.id)) },
      ...(m.room ? { group: m.room.id } : {}),
      accounts: accountsOf(deps.config, group),
      reply: (text, mentions) =>
        m.room ? deps.chat.sayToRoom(m.room.id, { text, ...(mentions ? { mentions } : {}) }) : deps.chat.sayToContact(m.talker.id, { text }),
    }
    try {
      if (m.attachment) return await attachToDraft(turn, m.attachment)
      if (!parsed) return
      if (parsed.kind === 'unknown') return await turn.reply(msg.unknown(parsed.word))
      if (parsed.kind === 'too-long') return await turn.reply(msg.tooLong(parsed.chars, parsed.max))
      const handler = handlers[parsed.command.verb]
      if (!handler) return await turn.reply(msg.unknown(parsed.command.verb))
      // Drafts are unpublished: in a private chat only configured people may see or touch them.
      if (!m.room && !turn.actor.person && !OPEN_IN_PRIVATE.has(parsed.command.verb)) return await turn.reply(msg.privateRefused())
      await handler(turn, parsed.command)
    } catch (err) {
      deps.log.error({ err, message: m.id, talker: m.talker.id }, 'command failed')
      await turn.reply(`处理出错：${(err as Error).message}。没有做任何改动，请稍后重试；如持续出错请联系管理员。`).catch(() => undefined)
    }
  }
}

async function personOf(deps: BotDeps, contactId: string): Promise<{ person?: string }> {
  const person = await deps.identity.personOf(contactId)
  return person ? { person } : {}
}
