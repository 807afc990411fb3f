import { citeAfter } from '../config/regulation.js'
import { formatMinutes, workingDeadline, workingTime, type Deadline, type DeadlineContext } from './deadline.js'
import { formatShanghai, shanghaiDate } from './shanghai-time.js'

/**
 * #承诺: when a message cannot be answered in time, the handler promises a deadline
 * (the preset's article, regulation.cites.promise). The promise may reach at most `maxWorkingDays` working days past the
 * receiving working day, up to that day's closing time; sensitive messages cannot be put off.
 */

export interface PromiseRequest {
  /** when the message arrived */
  receivedAt: number
  /** the deadline being promised */
  promisedAt: number
  /** when the promise is made */
  now: number
  sensitive: boolean
  /** the account's maximum (accountReplyRules(...).maxPromiseWorkingDays) */
  maxWorkingDays: number
}

export type PromiseCheck =
  | { ok: true; deadline: Deadline }
  /** `message` is for the chat, in Chinese, and says what to do instead */
  | { ok: false; message: string; latest?: number }

export function checkPromise(request: PromiseRequest, ctx: DeadlineContext): PromiseCheck {
  const { receivedAt, promisedAt, now, sensitive, maxWorkingDays } = request
  if (sensitive) {
    const limit = formatMinutes(ctx.replies.sensitive.limitMinutes)
    return { ok: false, message: `敏感留言须在 ${limit}内答复并上报${citeAfter(ctx.regulation, 'sensitive')}，不能承诺延期。` }
  }
  if (promisedAt <= now) {
    return { ok: false, message: `承诺期限 ${formatShanghai(promisedAt)} 已经过去，请给出一个将来的时间。` }
  }
  const time = workingTime(ctx)
  let day = shanghaiDate(time.nextWorkingMoment(receivedAt))
  for (let i = 0; i < maxWorkingDays; i++) day = time.nextWorkingDay(day)
  const latest = time.closingTime(day)
  if (promisedAt > latest) {
    return {
      ok: false,
      latest,
      message:
        `承诺期限 ${formatShanghai(promisedAt)} 超过上限：最长为收到留言后 ${maxWorkingDays} 个工作日，` +
        `即最迟 ${formatShanghai(latest)}。请缩短承诺期限。`,
    }
  }
  return {
    ok: true,
    deadline: workingDeadline(time, {
      kind: 'promised',
      policy: 'promised',
      description: `承诺期限：承诺于 ${formatShanghai(promisedAt)} 前答复（不能及时答复的应承诺答复期限，最长 ${maxWorkingDays} 个工作日）${citeAfter(ctx.regulation, 'promise')}`,
      startedAt: now,
      dueAt: promisedAt,
    }),
  }
}
