import { z } from 'zod'

/**
 * A roster file (config/roster/*.yaml): the organisation's leaders by body, each body's people
 * in their official order (排名), their titles with the dates they held them, and removals.
 * Dates are YYYY-MM-DD, China time; `to` is the last day in office.
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD (quote it if your editor changes it)')

const titleSchema = z
  .object({
    title: z.string().min(1),
    from: day.optional(),
    to: day.optional(),
  })
  .strict()

const personSchema = z
  .object({
    /** the full name, 2–6 Chinese characters (a middle dot allowed for minority names) */
    name: z.string().regex(/^[\p{Script=Han}·]{2,8}$/u, 'a full name in Chinese characters, e.g. 张建国'),
    titles: z.array(titleSchema).default([]),
    /** removed from office (免职、被查): every later mention needs a person to look at it */
    removed: z
      .object({ date: day, reason: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict()

export const rosterFileSchema = z.object({
  organisation: z.string().min(1).optional(),
  bodies: z
    .array(
      z.object({
        name: z.string().min(1),
        /** in the body's official order: the first is listed first */
        people: z.array(personSchema).default([]),
      }),
    )
    .default([]),
})

export type RosterFile = z.output<typeof rosterFileSchema>

export type TitleSpan = z.output<typeof titleSchema>

export interface RosterPerson {
  name: string
  body: string
  /** the place in the body's order, 0 first */
  rank: number
  titles: TitleSpan[]
  removed?: { date: string; reason: string }
  /** the roster file, named in every finding as the rule's source */
  file: string
}

export function rosterPeople(roster: RosterFile, file: string): RosterPerson[] {
  return roster.bodies.flatMap((b) =>
    b.people.map(
      (p, rank): RosterPerson => ({
        name: p.name,
        body: b.name,
        rank,
        titles: p.titles,
        file,
        ...(p.removed ? { removed: p.removed } : {}),
      }),
    ),
  )
}
