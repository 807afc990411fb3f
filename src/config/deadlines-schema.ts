import { z } from 'zod'

/** The `replies:`, `alerts:` and `schedules:` sections of sanshen.yaml (owned by the deadlines feature). */
export const repliesConfigSchema = z.object({}).passthrough()

export type RepliesConfig = z.infer<typeof repliesConfigSchema>
