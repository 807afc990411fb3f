import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { ConfigError, formatPath } from '../config/load.js'
import type { Config } from '../config/schema.js'

/**
 * A drill (演练): a scripted scenario from config/drills/*.yaml that the playground plays one step
 * at a time, so a team can rehearse a sensitive comment or a red alert without a real one.
 * Steps: someone says something in the group (optionally quoting the bot's latest message that
 * contains a fragment, and expecting a fragment in the bot's reply), the clock moves, or a note
 * explains what to watch.
 */
const duration = z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?\s*(m|min|h|d)$/, 'a duration like 15m, 2h or 1d')])

const stepSchema = z.union([
  z.strictObject({
    say: z.strictObject({
      as: z.string().min(1),
      text: z.string().min(1),
      quote: z.string().min(1).optional(),
      mention: z.array(z.string().min(1)).optional(),
      expect: z.string().min(1).optional(),
    }),
  }),
  // a press on a button of the latest review card (reason: typed into the card, for 驳回)
  z.strictObject({
    press: z.strictObject({
      as: z.string().min(1),
      button: z.enum(['approve', 'reject', 'full', 'diff', 'transfer', 'check']),
      reason: z.string().min(1).optional(),
      expect: z.string().min(1).optional(),
    }),
  }),
  z.strictObject({ advance: duration, expect: z.string().min(1).optional() }),
  z.strictObject({ note: z.string().min(1) }),
])

const drillSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().default(''),
  steps: z.array(stepSchema).min(1),
})

export type DrillStep = z.infer<typeof stepSchema>
export interface Drill extends z.infer<typeof drillSchema> {
  /** the file name without .yaml */
  name: string
}

/** Minutes in a duration: a number is minutes; "15m", "2h", "1d" (a calendar day). */
export function durationMs(d: z.infer<typeof duration>): number {
  if (typeof d === 'number') return d * 60_000
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/.exec(d)!
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'min' | 'h' | 'd']
  return Number(m[1]) * unit
}

/** Every drill in `dir`, checked against the schema and the config's people; errors name the file and path. */
export function loadDrills(dir: string, config: Config, extraMembers: string[]): Drill[] {
  let files: string[]
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
  } catch {
    return []
  }
  const members = new Set([...Object.keys(config.people), ...extraMembers])
  return files.map((file) => {
    const path = join(dir, file)
    const result = drillSchema.safeParse(parse(readFileSync(path, 'utf8')))
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${path}: ${formatPath(i.path)}: ${i.message}`)
      throw new ConfigError(`invalid drill\n${problems.join('\n')}`, problems)
    }
    result.data.steps.forEach((s, i) => {
      const who = 'say' in s ? [s.say.as, ...(s.say.mention ?? [])] : 'press' in s ? [s.press.as] : []
      for (const w of who) {
        if (w !== 'bot' && !members.has(w))
          throw new ConfigError(`${path}: steps[${i}].say: unknown member "${w}"; known: ${[...members].join(', ')}`, [])
      }
    })
    return { ...result.data, name: file.replace(/\.ya?ml$/, '') }
  })
}
