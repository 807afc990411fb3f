import { collections } from '../collections.js'
import { alertAudience } from '../../alerts/audience.js'
import { openIncident, parseAlert, recordReport, startPlan, activeIncidentDeadlines, type Incident } from '../../alerts/incident.js'
import type { ParsedCommand } from '../../commands/parse.js'
import { alertMsg } from './texts.js'
import { auditEntries, commentAudit } from './store.js'
import { updateDoc } from '../update-doc.js'
import type { PersonTurn, Turn } from '../deps.js'
import { term } from '../index-terms.js'
import { toPeople, toTurn } from '../notify.js'
import { reminderFollowUps } from './reply-jobs.js'
import { consequencesOf, dispatch } from '../follow-ups.js'

/** #舆情 红|黄|蓝 情况描述 */
export async function alertCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const parsed = parseAlert([cmd.args, cmd.body].join('\n').trim())
  if (!parsed) return turn.reply(alertMsg.usage())
  const now = deps.clock.now()
  const incident = openIncident(`A${await deps.store.nextSeq('A')}`, parsed.level, parsed.description, actor.person, now, deps.config, turn.group)
  const audit = auditEntries(
    incident.id,
    actor.person,
    [
      {
        type: 'alert-opened',
        level: incident.level,
        description: incident.description,
        ...(incident.deadline ? { dueAt: incident.deadline.dueAt } : {}),
      },
    ],
    now,
  )
  const notify = alertAudience(deps.config, incident.level)
  const text = alertMsg.opened(deps.config, incident, notify, now)
  // Red and yellow go to the leaders privately (a group message can scroll past); the group sees the
  // same text without @-ing them again: one message per person per alert. Both committed with the
  // incident and its reminders: a kill in between cannot leave a red alert unreported.
  const unreachable = notify.filter((p) => !deps.identity.contactOf(p))
  const implied = await consequencesOf(deps, {
    ...reminderFollowUps(deps, collections.incidents, incident.id, activeIncidentDeadlines(incident)),
    say: [...toPeople(deps, notify, text), toTurn(turn, { text, mentions: deps.identity.contactsOf(unreachable) })],
  })
  if ((await collections.incidents.commit(deps.store, incident, 0, audit, implied)) === false)
    throw new Error(`incident id ${incident.id} already exists`)
  await dispatch(deps, implied)
}

type Step<C> = { ok: true; incident: Incident } | { ok: false; code: C }

/**
 * One step of an incident through its pure transition (#启动预案, #已上报): find it (the only one
 * waiting when no id is given), apply the step with its audit entry, replan what is still due,
 * and tell the alert's audience and the chat.
 */
async function incidentStep<C>(
  turn: PersonTurn,
  cmd: ParsedCommand,
  o: {
    /** the index term of the incidents waiting for this step (default: open ones, waiting for their plan) */
    waiting?: string
    step: (i: Incident, by: string, now: number, note?: string) => Step<C>
    event: string
    refused: (i: Incident, code: C) => string
    done: (i: Incident) => string
  },
): Promise<void> {
  const { deps, actor } = turn
  const id = cmd.id ?? (await onlyOpenIncident(turn, o.waiting))
  if (!id?.startsWith('A')) return turn.reply(alertMsg.unknown())
  const person = actor.person
  let current: Incident | undefined
  const updated = await updateDoc<Incident, { type: string }, Step<C>>(
    deps.store,
    collections.incidents,
    id,
    person,
    async (i) => {
      current = i
      const now = deps.clock.now()
      const r = o.step(i, person, now, [cmd.args, cmd.body].filter(Boolean).join('\n') || undefined)
      if (!r.ok) return { result: r }
      // what is still due (the plan, the report upward) keeps its own reminders; the step is told to the
      // alert's audience and the chat: all committed with the step
      const text = o.done(r.incident)
      const implied = await consequencesOf(deps, {
        ...reminderFollowUps(deps, collections.incidents, i.id, activeIncidentDeadlines(r.incident)),
        say: [...toPeople(deps, alertAudience(deps.config, r.incident.level), text), toTurn(turn, { text })],
      })
      return { result: r, change: { doc: r.incident, events: [{ type: o.event }], at: now, implied } }
    },
    commentAudit,
  )
  if (!updated) return turn.reply(alertMsg.unknown(id))
  const outcome = updated.result
  if (!outcome.ok) return turn.reply(o.refused(current!, outcome.code))
  await dispatch(deps, updated.implied)
}

/** #启动预案 A1 [说明] */
export function planCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  return incidentStep(turn, cmd, {
    step: startPlan,
    event: 'plan-started',
    refused: (i, code) => alertMsg.refused(i, code),
    done: (i) => alertMsg.planStarted(turn.deps.config, i),
  })
}

/** #已上报 A1 [说明]: the red alert was reported to the higher authority (gd-youth-league 第十九条). */
export function reportedCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  return incidentStep(turn, cmd, {
    waiting: term.reportDue,
    step: recordReport,
    event: 'reported-upward',
    refused: (i, code) => alertMsg.reportRefused(turn.deps.config, i, code),
    done: (i) => alertMsg.reported(turn.deps.config, i),
  })
}

/**
 * A command without an id: the one incident still waiting (for its plan, by default: the open
 * index; reports upward outlive the plan and have their own), if there is exactly one.
 */
async function onlyOpenIncident(turn: Turn, waiting: string = term.open): Promise<string | undefined> {
  const open = await collections.incidents.findBy(turn.deps.store, waiting, { limit: 2 })
  return open.length === 1 ? open[0]!.id : undefined
}
