import type { Regulation } from '../../src/config/regulation.js'
import { repliesConfigSchema, type RepliesConfig } from '../../src/config/deadlines-schema.js'
import type { DeadlineContext } from '../../src/deadlines/deadline.js'
import type { HolidayOverrides } from '../../src/deadlines/holiday-overrides.js'
import { formatShanghai, shanghaiInstant } from '../../src/deadlines/shanghai-time.js'
import { createWorkCalendar } from '../../src/deadlines/work-calendar.js'

/** '2026-03-10 10:00' in Asia/Shanghai → instant. */
export function at(text: string): number {
  const [date, clock = '00:00'] = text.split(' ')
  const [h, m] = clock.split(':').map(Number)
  return shanghaiInstant(date!, h! * 60 + m!)
}

/** An instant shown the way the chat shows it, so failures read as Shanghai times. */
export const show = formatShanghai

export function context(replies: Partial<Record<keyof RepliesConfig, unknown>> = {}, overrides?: HolidayOverrides): DeadlineContext {
  return { calendar: createWorkCalendar(overrides), replies: repliesConfigSchema.parse(replies) }
}

/** A regulation citing its articles for the deadline rules, as a preset's regulation: section does. */
export const REGULATION: Regulation = {
  title: '某单位新媒体管理办法',
  name: '办法',
  issuer: '某单位',
  date: '2026年1月1日',
  cites: {
    replies: { article: '第十四条' },
    sensitive: { article: '第十四条' },
    promise: { article: '第十四条' },
    acknowledge: { article: '五(二)1' },
  },
}
