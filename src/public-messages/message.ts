import { accountReplyRules } from '../config/deadlines-schema.js'
import type { DeadlineContext } from '../deadlines/deadline.js'
import { checkPromise } from '../deadlines/promise.js'
import { acknowledgeDeadline, replyDeadline } from '../deadlines/reply-deadline.js'
import type { PublicMessageInput } from './intake.js'
import { isOpen, type PublicMessage } from './types.js'

/**
 * What can happen to a public message, as pure decisions: each returns the next state and the
 * events to audit, or a refusal the chat turns into words. No I/O; time comes in as `now`.
 */

export type MessageEvent =
  | { type: 'message-received'; account: string; handler: string; sensitive: boolean; sensitiveBy?: string; dueAt: number; policy: string }
  | { type: 'marked-sensitive' | 'marked-ordinary'; dueAt: number }
  | { type: 'promised'; promisedAt: number }
  | { type: 'handed-over'; from: string; to: string }
  | { type: 'acknowledged' }
  | { type: 'reply-submitted'; text: string }
  | { type: 'reply-approved'; text: string; repliedBy: string; onTime: boolean }
  | { type: 'reply-rejected'; reason: string }
  | { type: 'replied'; text?: string; onTime: boolean }

export type MessageRefusal =
  | { code: 'closed' }
  | { code: 'already'; what: 'sensitive' | 'ordinary' | 'acknowledged' | 'handler' }
  | { code: 'no-acknowledge' }
  | { code: 'promise'; message: string }
  | { code: 'reply-text-required' }
  | { code: 'not-in-review' }
  | { code: 'own-reply' }
  | { code: 'reason-required' }

export type MessageOutcome = { ok: true; message: PublicMessage; events: MessageEvent[] } | { ok: false; refusal: MessageRefusal }

export interface NewMessage {
  id: string
  input: PublicMessageInput & { group?: string }
  handler: string
  sensitive: boolean
  sensitiveBy?: string
  now: number
}

function acknowledgeFor(account: string, sensitive: boolean, receivedAt: number, ctx: DeadlineContext) {
  // A sensitive message is answered within the hour: no separate "being handled" reply.
  return !sensitive && accountReplyRules(ctx.replies, account).acknowledgeSameDay ? acknowledgeDeadline(receivedAt, ctx) : undefined
}

export function receiveMessage(n: NewMessage, ctx: DeadlineContext): { message: PublicMessage; events: MessageEvent[] } {
  const { input, now } = n
  const receivedAt = input.receivedAt !== undefined && input.receivedAt < now ? input.receivedAt : now
  const deadline = replyDeadline(receivedAt, n.sensitive, ctx)
  const acknowledge = acknowledgeFor(input.account, n.sensitive, receivedAt, ctx)
  const message: PublicMessage = {
    id: n.id,
    rev: 0,
    account: input.account,
    author: input.author,
    text: input.text,
    ...(input.link ? { link: input.link } : {}),
    source: input.source,
    ...(input.externalId ? { externalId: input.externalId } : {}),
    ...(input.group ? { group: input.group } : {}),
    handler: n.handler,
    receivedAt,
    sensitive: n.sensitive,
    ...(n.sensitiveBy ? { sensitiveBy: n.sensitiveBy } : {}),
    deadline,
    ...(acknowledge ? { acknowledge } : {}),
    status: 'open',
    updatedAt: now,
  }
  const event: MessageEvent = {
    type: 'message-received',
    account: input.account,
    handler: n.handler,
    sensitive: n.sensitive,
    ...(n.sensitiveBy ? { sensitiveBy: n.sensitiveBy } : {}),
    dueAt: deadline.dueAt,
    policy: deadline.policy,
  }
  return { message, events: [event] }
}

/** #敏感 / #一般: the deadline is recomputed from the arrival, so a late #敏感 may be overdue at once. */
export function reclassify(m: PublicMessage, sensitive: boolean, by: string, now: number, ctx: DeadlineContext): MessageOutcome {
  if (!isOpen(m)) return { ok: false, refusal: { code: 'closed' } }
  if (m.sensitive === sensitive) return { ok: false, refusal: { code: 'already', what: sensitive ? 'sensitive' : 'ordinary' } }
  const deadline = replyDeadline(m.receivedAt, sensitive, ctx)
  const acknowledge = acknowledgeFor(m.account, sensitive, m.receivedAt, ctx)
  const { acknowledge: _old, sensitiveBy: _by, ...rest } = m
  const message: PublicMessage = {
    ...rest,
    sensitive,
    ...(sensitive ? { sensitiveBy: by } : {}),
    deadline,
    ...(acknowledge ? { acknowledge } : {}),
    updatedAt: now,
  }
  return { ok: true, message, events: [{ type: sensitive ? 'marked-sensitive' : 'marked-ordinary', dueAt: deadline.dueAt }] }
}

/** #承诺: a later deadline for an ordinary message, within the account's maximum. */
export function promise(m: PublicMessage, promisedAt: number, now: number, ctx: DeadlineContext): MessageOutcome {
  if (!isOpen(m)) return { ok: false, refusal: { code: 'closed' } }
  const check = checkPromise(
    {
      receivedAt: m.receivedAt,
      promisedAt,
      now,
      sensitive: m.sensitive,
      maxWorkingDays: accountReplyRules(ctx.replies, m.account).maxPromiseWorkingDays,
    },
    ctx,
  )
  if (!check.ok) return { ok: false, refusal: { code: 'promise', message: check.message } }
  return { ok: true, message: { ...m, deadline: check.deadline, updatedAt: now }, events: [{ type: 'promised', promisedAt }] }
}

export function handOver(m: PublicMessage, to: string, now: number): MessageOutcome {
  if (!isOpen(m)) return { ok: false, refusal: { code: 'closed' } }
  if (m.handler === to) return { ok: false, refusal: { code: 'already', what: 'handler' } }
  return { ok: true, message: { ...m, handler: to, updatedAt: now }, events: [{ type: 'handed-over', from: m.handler, to }] }
}

/** #受理: the same-day "being handled" reply (saws 五(二)), where the account asks for one. */
export function acknowledge(m: PublicMessage, now: number): MessageOutcome {
  if (!isOpen(m)) return { ok: false, refusal: { code: 'closed' } }
  if (!m.acknowledge) return { ok: false, refusal: { code: 'no-acknowledge' } }
  if (m.acknowledgedAt !== undefined) return { ok: false, refusal: { code: 'already', what: 'acknowledged' } }
  return { ok: true, message: { ...m, acknowledgedAt: now, updatedAt: now }, events: [{ type: 'acknowledged' }] }
}

/**
 * #已回复: closes the message, or, when replies are reviewed, puts the text before a reviewer
 * first; the deadline keeps running until the reply is approved.
 */
export function reply(m: PublicMessage, by: string, text: string, now: number, reviewed: boolean): MessageOutcome {
  if (!isOpen(m)) return { ok: false, refusal: { code: 'closed' } }
  if (reviewed) {
    if (!text) return { ok: false, refusal: { code: 'reply-text-required' } }
    return {
      ok: true,
      message: { ...m, status: 'in-review', pendingReply: { text, by, at: now }, updatedAt: now },
      events: [{ type: 'reply-submitted', text }],
    }
  }
  const onTime = now <= m.deadline.dueAt
  const closed: PublicMessage = { ...withoutPending(m), status: 'replied', reply: { ...(text ? { text } : {}), by, at: now }, updatedAt: now }
  return { ok: true, message: closed, events: [{ type: 'replied', ...(text ? { text } : {}), onTime }] }
}

export function approveReply(m: PublicMessage, by: string, now: number): MessageOutcome {
  const pending = m.pendingReply
  if (m.status !== 'in-review' || !pending) return { ok: false, refusal: { code: 'not-in-review' } }
  if (pending.by === by) return { ok: false, refusal: { code: 'own-reply' } }
  const onTime = now <= m.deadline.dueAt
  const closed: PublicMessage = {
    ...withoutPending(m),
    status: 'replied',
    reply: { text: pending.text, by: pending.by, at: now, approvedBy: by },
    updatedAt: now,
  }
  return { ok: true, message: closed, events: [{ type: 'reply-approved', text: pending.text, repliedBy: pending.by, onTime }] }
}

export function rejectReply(m: PublicMessage, by: string, reason: string, now: number): MessageOutcome {
  if (m.status !== 'in-review' || !m.pendingReply) return { ok: false, refusal: { code: 'not-in-review' } }
  if (m.pendingReply.by === by) return { ok: false, refusal: { code: 'own-reply' } }
  if (!reason) return { ok: false, refusal: { code: 'reason-required' } }
  return { ok: true, message: { ...withoutPending(m), status: 'open', updatedAt: now }, events: [{ type: 'reply-rejected', reason }] }
}

function withoutPending(m: PublicMessage): PublicMessage {
  const { pendingReply: _p, ...rest } = m
  return rest
}
