import { z } from 'zod'

/** The `checklist:` section of sanshen.yaml (owned by the checklist feature). */
export const checklistConfigSchema = z.object({}).passthrough()

export type ChecklistConfig = z.infer<typeof checklistConfigSchema>
