import { z } from 'zod'
import { severitySchema } from '../../config/checklist-schema.js'

/** The model's answer, checked against the same categories the rules use. */
export function answerSchema(categories: [string, ...string[]], contentCategories: [string, ...string[]]) {
  return z.object({
    findings: z
      .array(
        z.object({
          category: z.enum(categories),
          severity: severitySchema,
          quote: z.string().max(500),
          reason: z.string().min(1).max(500),
        }),
      )
      .max(50),
    raiseCategory: z.enum(contentCategories).nullable().optional(),
  })
}

export type LlmAnswer = z.output<ReturnType<typeof answerSchema>>

/** Parses the model's text: JSON, possibly wrapped in a ``` fence. Throws with a reason when invalid. */
export function parseAnswer(content: string, schema: ReturnType<typeof answerSchema>): LlmAnswer {
  const body = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '')
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw new Error('the answer is not JSON')
  }
  const r = schema.safeParse(json)
  if (!r.success) throw new Error(`the answer does not fit the schema: ${r.error.issues[0]?.message ?? 'invalid'}`)
  return r.data
}
