import type { OrdinaryPolicy, RepliesConfig } from '../config/deadlines-schema.js'
import { citation, citeAfter, type CiteTopic, type Regulation } from '../config/regulation.js'
import { formatMinutes, formatOfficeHours, workingDeadline, workingTime, type Deadline, type DeadlineContext } from './deadline.js'
import { MINUTE_MS, shanghaiDate, shanghaiInstant, shanghaiMinuteOfDay } from './shanghai-time.js'

/**
 * Reply deadlines for public messages: one working day, one hour when sensitive, a same-day
 * "being handled" reply where the account asks for one; each description cites the preset's article.
 *
 * "One working day" is counted from the first working moment at or after arrival, the way an
 * office counts a letter that comes in at night or on a holiday as received when it opens:
 * a message of Saturday 10:00 is received Monday 09:00 and, by the default policy, due Tuesday
 * 09:00; one of Tuesday 20:00 is due Thursday 09:00; one of Tuesday 10:00 is due Wednesday 10:00.
 */

/** Sensitive: wall-clock time, nights and holidays included. */
export function sensitiveDeadline(receivedAt: number, replies: RepliesConfig, regulation?: Regulation): Deadline {
  const limit = replies.sensitive.limitMinutes
  return {
    kind: 'sensitive',
    policy: 'one-hour',
    description: `敏感留言：收到后 ${formatMinutes(limit)}内答复，并即时上报${aside(['按自然时间计，不分昼夜和节假日'], regulation, 'sensitive')}`,
    startedAt: receivedAt,
    dueAt: receivedAt + limit * MINUTE_MS,
    assumed: false,
    reasons: [],
  }
}

/** Ordinary: one working day, by the configured policy. */
export function ordinaryDeadline(receivedAt: number, ctx: DeadlineContext): Deadline {
  const time = workingTime(ctx)
  const { policy } = ctx.replies.ordinary
  const start = time.nextWorkingMoment(receivedAt)
  const nextDay = () => time.nextWorkingDay(shanghaiDate(start))
  let dueAt: number
  if (policy === 'next-working-day-same-time') dueAt = shanghaiInstant(nextDay(), shanghaiMinuteOfDay(start))
  else if (policy === 'end-of-next-working-day') dueAt = time.closingTime(nextDay())
  else dueAt = time.addWorkingMinutes(start, workingHoursOf(ctx) * 60)
  return workingDeadline(time, {
    kind: 'ordinary',
    policy,
    description: ordinaryDescription(policy, ctx),
    startedAt: receivedAt,
    dueAt,
  })
}

/**
 * A message that needs work gets a "being handled" reply by the end of the
 * receiving working day (the next one when it arrives after hours or on a day off).
 */
export function acknowledgeDeadline(receivedAt: number, ctx: DeadlineContext): Deadline {
  const time = workingTime(ctx)
  const start = time.nextWorkingMoment(receivedAt)
  return workingDeadline(time, {
    kind: 'acknowledge',
    policy: 'same-day-acknowledge',
    description: `受理回复：需要办理的留言，当日（工作日下班 ${closing(ctx.replies)} 前）给出"正在研究办理"的回复，办结后再答复结果${citeAfter(ctx.regulation, 'acknowledge')}`,
    startedAt: receivedAt,
    dueAt: time.closingTime(shanghaiDate(start)),
  })
}

export function replyDeadline(receivedAt: number, sensitive: boolean, ctx: DeadlineContext): Deadline {
  return sensitive ? sensitiveDeadline(receivedAt, ctx.replies, ctx.regulation) : ordinaryDeadline(receivedAt, ctx)
}

function workingHoursOf(ctx: DeadlineContext): number {
  return ctx.replies.ordinary.workingHours ?? workingTime(ctx).officeDayMinutes() / 60
}

function closing(replies: RepliesConfig): string {
  return replies.officeHours.at(-1)!.to
}

function ordinaryDescription(policy: OrdinaryPolicy, ctx: DeadlineContext): string {
  const note = (parts: string[]) => aside(parts, ctx.regulation, 'replies')
  const hours = `工作时间 ${formatOfficeHours(ctx.replies)}`
  const late = '非工作时间收到的，从下一个工作时刻起算'
  switch (policy) {
    case 'next-working-day-same-time':
      return `一般留言：一个工作日内答复，即次一工作日的同一时刻前${note([late, hours])}`
    case 'end-of-next-working-day':
      return `一般留言：一个工作日内答复，即次一工作日下班（${closing(ctx.replies)}）前${note([late])}`
    case 'working-hours':
      return `一般留言：${workingHoursOf(ctx)} 个工作小时内答复${note([hours])}`
  }
}

/** 「（非工作时间……；工作时间……；《运行管理办法》第十四条）」: the rule's notes and, last, its article. */
function aside(parts: string[], regulation: Regulation | undefined, topic: CiteTopic): string {
  const all = [...parts, citation(regulation, topic)].filter(Boolean)
  return all.length ? `（${all.join('；')}）` : ''
}
