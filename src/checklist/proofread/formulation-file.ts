import { z } from 'zod'

/**
 * A formulation file (config/proofread/*.yaml): fixed formulations (提法) as structured knowledge
 * an office can extend. Every entry names the document it comes from and that document's date.
 * Written forms are matched with quotes, spaces and 、 inside ignored (「“一带一路”战略」 is
 * 一带一路战略), so an entry is written once, without them.
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD (quote it if your editor changes it)')
const cited = { source: z.string().min(1), date: day }
const words = z.array(z.string().min(1)).default([])

/** a wrong form and its standard; `unlessNext` / `unlessPrev`: text around it that makes it right (人大委员长) */
const wrongEntry = z.strictObject({
  text: z.string().min(2),
  standard: z.string().min(1),
  unlessNext: words,
  unlessPrev: words,
  ...cited,
})

/** a form outdated since a date (德智体美 → 德智体美劳); 「原」/「前」 before it marks it as historical */
const outdatedEntry = z.strictObject({
  text: z.string().min(2),
  standard: z.string().min(1),
  since: day,
  unlessNext: words,
  unlessPrev: words,
  ...cited,
})

/** ordered members in groups (社会主义核心价值观: 3 groups of 4), checked for order, missing, extra or wrong members */
const sequenceEntry = z.strictObject({
  name: z.string().min(1),
  groups: z.array(z.array(z.string().min(1)).min(1)).min(1),
  /** words that may stand between members besides a separator (倡导富强……，倡导自由……) */
  joiners: words,
  /** members in a row before a list is taken to be this sequence (short, common members need 3) */
  minRun: z.number().int().min(2).default(3),
  ...cited,
})

/** an object and the verbs it takes (坚定「四个自信」, not 增强) */
const collocationEntry = z.strictObject({
  object: z.string().min(2),
  verbs: z.array(z.string().min(1)).min(1),
  wrong: z.array(z.string().min(1)).min(1),
  ...cited,
})

/** a prefix that is wrong before these names (国家教育部 → 教育部) */
const prefixEntry = z.strictObject({
  prefix: z.string().min(1),
  words: z.array(z.string().min(1)).min(1),
  ...cited,
})

/** a word that is a typo in a context (截止目前 → 截至目前, 招聘启示 → 招聘启事): `next`/`prev` are the cues; `#数字` is any digit */
const contextEntry = z.strictObject({
  text: z.string().min(1),
  standard: z.string().min(1),
  next: words,
  prev: words,
  ...cited,
})

export const formulationFileSchema = z.strictObject({
  wrong: z.array(wrongEntry).default([]),
  outdated: z.array(outdatedEntry).default([]),
  sequences: z.array(sequenceEntry).default([]),
  collocations: z.array(collocationEntry).default([]),
  prefixes: z.array(prefixEntry).default([]),
  /** role words (政协委员, not 代表) are `wrong` entries; context-dependent typos are here */
  context: z.array(contextEntry).default([]),
})

export type FormulationFile = z.output<typeof formulationFileSchema>
export type SequenceEntry = FormulationFile['sequences'][number]
export type ContextEntry = FormulationFile['context'][number]
