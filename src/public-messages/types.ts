import type { Deadline } from '../deadlines/deadline.js'
import type { StoredDoc } from '../store/store.js'
import type { PublicMessageInput } from './intake.js'

export type MessageStatus = 'open' | 'in-review' | 'replied'

/** A reply text waiting for its own short review (km-youth-league 6). */
export interface PendingReply {
  text: string
  by: string
  at: number
}

/** A public message to one of the accounts (C7), from arrival until it is answered. */
export interface PublicMessage extends StoredDoc {
  id: string
  rev: number
  account: string
  author: string
  text: string
  link?: string
  source: PublicMessageInput['source']
  externalId?: string
  /** the room it was entered in: the handler's reminders go there; none for HTTP intake (told privately) */
  group?: string
  /** person key */
  handler: string
  receivedAt: number
  sensitive: boolean
  /** 'intake', 'checker' or the person key who marked it */
  sensitiveBy?: string
  /** the reply deadline, stored as computed (with what the calendar had to assume) */
  deadline: Deadline
  /** saws 五(二): the same-day "being handled" reply, when the account asks for one */
  acknowledge?: Deadline
  acknowledgedAt?: number
  status: MessageStatus
  pendingReply?: PendingReply
  reply?: { text?: string; by: string; at: number; approvedBy?: string }
  updatedAt: number
}

export function isOpen(m: PublicMessage): boolean {
  return m.status !== 'replied'
}

/** The deadlines still running: the reply deadline, and the acknowledgement until it is given. */
export function activeDeadlines(m: PublicMessage): Deadline[] {
  if (!isOpen(m)) return []
  return [m.deadline, ...(m.acknowledge && m.acknowledgedAt === undefined ? [m.acknowledge] : [])]
}
