import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { ConfigError, describeIssues } from '../config/load.js'
import { addDays, isValidDate, yearOf, type DateString } from './shanghai-time.js'

/**
 * The holiday override file (config/holidays/holidays.yaml): official holiday schedules for years
 * the calendar package does not know yet, or corrections to years it does. Format and an example
 * are in config/holidays/README.md. This is the only module of src/deadlines that reads a file.
 */

export interface OverrideDay {
  working: boolean
  /** the festival it belongs to (春节, 国庆节 …) */
  name: string
}

export interface OverrideYear {
  /** true: this file holds the complete official schedule of the year */
  covered: boolean
  source?: string | undefined
  days: Map<DateString, OverrideDay>
}

export interface HolidayOverrides {
  /** the file the data came from, named in every "assumed" reason */
  file: string
  years: Map<number, OverrideYear>
}

export const NO_OVERRIDES: HolidayOverrides = { file: 'config/holidays/holidays.yaml', years: new Map() }

const RANGE_SEP = '..'

const dateOrRange = z.string().refine((s) => expand(s) !== undefined, {
  message: 'a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (first day not after the last)',
})

const festivalDates = z.record(z.string().min(1), z.array(dateOrRange))

const yearSchema = z
  .object({
    covered: z.boolean({ error: 'covered: true (this file has the whole official schedule of the year) or false' }),
    source: z.string().optional(),
    holidays: festivalDates.default({}),
    workdays: festivalDates.default({}),
  })
  .strict()

const fileSchema = z
  .object({ years: z.record(z.string(), yearSchema).default({}) })
  .strict()
  .superRefine((file, ctx) => {
    for (const [year, y] of Object.entries(file.years)) {
      if (!/^\d{4}$/.test(year))
        ctx.addIssue({ code: 'custom', path: ['years', year], message: `"${year}" is not a year; write four digits, e.g. 2027` })
      const seen = new Map<string, string>()
      for (const kind of ['holidays', 'workdays'] as const) {
        for (const [festival, entries] of Object.entries(y[kind])) {
          entries.forEach((entry, i) => {
            for (const date of expand(entry) ?? []) {
              const path = ['years', year, kind, festival, i]
              if (yearOf(date) !== Number(year)) {
                ctx.addIssue({ code: 'custom', path, message: `${date} is not in ${year}; list it under its own year` })
              }
              const before = seen.get(date)
              if (before) ctx.addIssue({ code: 'custom', path, message: `${date} is already listed under ${before}` })
              seen.set(date, `${kind}.${festival}`)
            }
          })
        }
      }
    }
  })

export function loadHolidayOverrides(path: string): HolidayOverrides {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the holiday override file (${(e as Error).message})`, [])
  }
  return parseHolidayOverrides(text, path)
}

export function parseHolidayOverrides(text: string, file: string): HolidayOverrides {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0]
      return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`
    })
    throw new ConfigError(`${file}: invalid YAML\n${problems.join('\n')}`, problems)
  }
  const result = fileSchema.safeParse(doc.toJS() ?? {})
  if (!result.success) {
    const problems = describeIssues(result.error, fileSchema, doc, lineCounter, file)
    throw new ConfigError(`${file}: the holiday overrides are not valid\n${problems.join('\n')}`, problems)
  }
  const years = new Map<number, OverrideYear>()
  for (const [year, y] of Object.entries(result.data.years)) {
    const days = new Map<DateString, OverrideDay>()
    for (const [working, lists] of [
      [false, y.holidays],
      [true, y.workdays],
    ] as const) {
      for (const [name, entries] of Object.entries(lists)) {
        for (const date of entries.flatMap((e) => expand(e) ?? [])) days.set(date, { working, name })
      }
    }
    years.set(Number(year), { covered: y.covered, source: y.source, days })
  }
  return { file, years }
}

/** '2027-02-06..2027-02-13' → every date in it; undefined when malformed. */
function expand(entry: string): DateString[] | undefined {
  const parts = entry.split(RANGE_SEP)
  const first = parts[0] ?? ''
  const last = parts[1] ?? first
  if (parts.length > 2 || !isValidDate(first) || !isValidDate(last) || last < first) return undefined
  const dates: DateString[] = []
  for (let d = first; d <= last && dates.length <= 366; d = addDays(d, 1)) dates.push(d)
  return dates
}
