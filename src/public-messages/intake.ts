/**
 * A message from the public to one of the accounts, as it enters sanshen: typed in the group
 * (#留言), pushed by WeChat to the HTTP endpoint, or posted by a monitoring system's webhook.
 */
export interface PublicMessageInput {
  /** account key from the config (wechat, weibo …) */
  account: string
  /** the public user's name or id as the platform shows it */
  author: string
  text: string
  link?: string
  /** the intake already knows it is sensitive (a monitoring system's flag) */
  sensitive?: boolean
  /** person key of the handler; default: the account's replyHandler */
  handler?: string
  /** the sender's own message id (WeChat MsgId, a webhook's id): the same id twice is one message */
  externalId?: string
  /**
   * When the public wrote it (a polled comment's own created time), if earlier than its arrival
   * here: the reply deadline runs from then. Later than now is taken as now.
   */
  receivedAt?: number
  source: 'chat' | 'wechat' | 'webhook' | 'wechat-comment' | 'weibo'
}

export interface IntakeResult {
  /** C7 */
  id: string
  /** true when externalId was seen before: nothing new was created */
  duplicate: boolean
  sensitive: boolean
  /** when the reply is due (ms since epoch) */
  dueAt: number
}

export type Intake = (message: PublicMessageInput) => Promise<IntakeResult>

/** The input cannot be taken (unknown account or handler, empty text): the HTTP endpoint answers 400. */
export class IntakeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IntakeError'
  }
}
