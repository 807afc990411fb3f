import type { Verb } from '../../commands/verbs.js'
import type { Route } from '../deps.js'
import { approveCommand, designateCommand, rejectCommand, transferCommand } from './decide.js'
import { backCommand, leaveCommand } from './leave.js'
import { remarkCommand, reviseCommand, withdrawCommand } from './manage.js'
import { checkCommand, falseAlarmCommand, historyCommand, signSheetCommand, statusCommand, todoCommand } from './queries.js'
import { submit } from './submit.js'

/**
 * The review workflow's commands (drafts, D12) and who may use them. Anyone in the group may
 * submit and follow their own draft (departments are not configured); deciding takes a configured
 * person, designating a reviewer a supervisor; the submitter-or-supervisor rule of #修改/#撤回 depends on the draft, so the engine says it.
 */
export const draftRoutes = {
  submit: { who: 'member', where: 'group', run: submit },
  approve: { who: 'configured', where: 'any', run: approveCommand },
  reject: { who: 'configured', where: 'any', run: rejectCommand },
  transfer: { who: 'configured', where: 'any', run: transferCommand },
  // a supervisor names a stage's reviewer; the draft's group is told, wherever the command was typed
  designate: { who: 'supervisor', where: 'any', run: designateCommand },
  revise: { who: 'member', where: 'any', run: reviseCommand },
  withdraw: { who: 'member', where: 'any', run: withdrawCommand },
  remark: { who: 'member', where: 'any', run: remarkCommand },
  status: { who: 'member', where: 'any', run: statusCommand },
  todo: { who: 'configured', where: 'any', run: (turn) => todoCommand(turn) },
  history: { who: 'member', where: 'any', run: historyCommand },
  signSheet: { who: 'member', where: 'any', run: signSheetCommand },
  check: { who: 'member', where: 'any', run: checkCommand },
  falseAlarm: { who: 'configured', where: 'any', run: falseAlarmCommand },
  leave: { who: 'configured', where: 'any', run: leaveCommand },
  back: { who: 'configured', where: 'any', run: backCommand },
} satisfies Partial<Record<Verb, Route>>
