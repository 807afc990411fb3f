import type { Verb } from '../../commands/verbs.js'
import type { Route } from '../deps.js'
import { alertCommand, planCommand, reportedCommand } from './alerts.js'
import {
  acceptCommand,
  approveReplyCommand,
  classifyCommand,
  commentCommand,
  commentsCommand,
  promiseCommand,
  rejectReplyCommand,
  repliedCommand,
  transferCommentCommand,
} from './commands.js'

/**
 * Public messages (C7) and public-opinion alerts (A1), and who may use them: the list of open
 * messages is for anyone in the group; everything that changes a message or an incident takes a
 * configured person (whether it is *their* message is decided per message, in commands.ts).
 */
export const publicMessageRoutes = {
  comment: { who: 'configured', where: 'any', run: commentCommand },
  comments: { who: 'member', where: 'any', run: (turn) => commentsCommand(turn) },
  sensitive: { who: 'configured', where: 'any', run: classifyCommand(true) },
  ordinary: { who: 'configured', where: 'any', run: classifyCommand(false) },
  replied: { who: 'configured', where: 'any', run: repliedCommand },
  promise: { who: 'configured', where: 'any', run: promiseCommand },
  accept: { who: 'configured', where: 'any', run: acceptCommand },
  alert: { who: 'configured', where: 'any', run: alertCommand },
  plan: { who: 'configured', where: 'any', run: planCommand },
  reported: { who: 'configured', where: 'any', run: reportedCommand },
  /** the D… forms are the review workflow's: the router picks by the id's first letter */
  transfer: { who: 'configured', where: 'any', run: transferCommentCommand },
  approve: { who: 'configured', where: 'any', run: approveReplyCommand },
  reject: { who: 'configured', where: 'any', run: rejectReplyCommand },
} satisfies Partial<Record<Verb, Route>>
