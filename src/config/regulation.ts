import { z } from 'zod'

/**
 * The `regulation:` section: the document a configuration implements, and the articles the chat
 * texts and reports cite for each rule they enforce. Texts name only this regulation, in its own
 * words; a rule the section does not cite is stated without a source, never with another
 * organisation's article.
 */

/** The rules a chat text or report states, each citable by one article of the regulation. */
export const CITE_TOPICS = [
  /** a department's draft reaches the editors in time (the late-draft warning) */
  'leadTime',
  /** ordinary public messages are answered in time */
  'replies',
  /** sensitive public messages are answered at once and reported */
  'sensitive',
  /** a message that cannot be answered in time gets a promised deadline */
  'promise',
  /** a message that needs work gets a same-day "being handled" reply */
  'acknowledge',
  /** reply texts are reviewed like content */
  'replyReview',
  /** public-opinion alert levels and what each requires */
  'alerts',
  /** the weekly review of what was published */
  'weeklyReview',
  /** the minimum number of posts a week */
  'dormant',
] as const

export type CiteTopic = (typeof CITE_TOPICS)[number]

const citationSchema = z.strictObject({
  /** the article as the regulation numbers it: 第十四条, 五(二)1, 6 */
  article: z.string().min(1),
  /** what it says, in the regulation's words, where a text quotes it */
  says: z.string().min(1).optional(),
})

export const regulationSchema = z.strictObject({
  /** the full title, as printed: 广东共青团官方微博、微信公众号运行管理办法（试行） */
  title: z.string().min(1),
  /** how the chat names it, inside 《》; left out: the title */
  name: z.string().min(1).optional(),
  /** who issued it: 共青团广东省委员会 */
  issuer: z.string().min(1),
  /** its date as the document gives it (施行 or 印发), or 未注明 */
  date: z.string().min(1),
  cites: z
    .strictObject(
      Object.fromEntries(CITE_TOPICS.map((t) => [t, citationSchema.optional()])) as Record<CiteTopic, z.ZodOptional<typeof citationSchema>>,
    )
    .default({}),
})

export type Regulation = z.infer<typeof regulationSchema>

/** 「《运行管理办法》第十四条」, or undefined when the regulation does not cite this rule. */
export function citation(regulation: Regulation | undefined, topic: CiteTopic): string | undefined {
  const c = regulation?.cites[topic]
  return c ? `《${regulation.name ?? regulation.title}》${c.article}` : undefined
}

/** The citation with the regulation's words: 「《运行管理办法》第十五条(一)：提前三天……」. */
export function citationWithWords(regulation: Regulation | undefined, topic: CiteTopic): string | undefined {
  const where = citation(regulation, topic)
  const says = regulation?.cites[topic]?.says
  return where && says ? `${where}：${says}` : where
}

/** 「（《运行管理办法》第十四条）」 after a sentence, or nothing. */
export function citeAfter(regulation: Regulation | undefined, topic: CiteTopic): string {
  const where = citation(regulation, topic)
  return where ? `（${where}）` : ''
}
