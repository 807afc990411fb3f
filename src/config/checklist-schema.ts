import { z } from 'zod'

/**
 * The `checklist:` section of sanshen.yaml (owned by the checklist feature). Every field has a
 * default, so a configuration without the section gets the full rule set. Categories given here
 * are merged over the defaults: `rumour: { enabled: false }` switches one off and keeps the rest.
 */

export const severitySchema = z.enum(['block', 'review', 'suggest'])

const categoryEntry = z.strictObject({
  /** the label reviewers see */
  name: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  /** a content category (a key of `categories:`) a draft touching this category is raised to */
  raiseTo: z.string().min(1).optional(),
})

export interface ChecklistCategory {
  name: string
  enabled: boolean
  raiseTo?: string
}

/** The categories of soe-new-media 第十条, saws 四(二) and km-youth-league 4, 8, plus the checklist's own rules. */
const DEFAULT_CHECKLIST_CATEGORIES: Record<string, ChecklistCategory> = {
  'state-security': { name: '危害国家安全与泄密', enabled: true },
  'ethnic-hatred': { name: '民族仇恨与歧视', enabled: true },
  'cult-superstition': { name: '邪教与封建迷信', enabled: true },
  rumour: { name: '谣言', enabled: true },
  obscenity: { name: '淫秽色情', enabled: true },
  gambling: { name: '赌博', enabled: true },
  'violence-terror': { name: '暴力恐怖', enabled: true },
  'insult-defamation': { name: '侮辱诽谤', enabled: true },
  'illegal-assembly': { name: '非法集会游行', enabled: true },
  'illegal-organisation': { name: '非法组织', enabled: true },
  'unconfirmed-info': { name: '未经证实的信息', enabled: true },
  'paid-news': { name: '有偿新闻', enabled: true },
  'personal-voice': { name: '个人观点与私人事务', enabled: true },
  'major-policy': { name: '重大政策', enabled: true, raiseTo: 'major' },
  usage: { name: '规范用语', enabled: true },
  contact: { name: '联系方式', enabled: true },
  source: { name: '来源标注', enabled: true },
  length: { name: '字数', enabled: true },
  attachment: { name: '附件规格', enabled: true },
  roster: { name: '人名职务', enabled: true },
  formulation: { name: '规范提法', enabled: true },
  typo: { name: '错别字', enabled: true },
}

const MiB = 1024 * 1024

/** What no machine can judge, without a source: each preset lists its own regulation's items instead. */
const DEFAULT_MANUAL_CHECKS = [
  '图文、视频中的国旗、国徽、党旗、党徽等标识版本正确、使用规范',
  '标题与内容相符，未歪曲、篡改原意',
  '事实、数据、人名、职务准确，无事实性和技术性差错',
]

export const checklistConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** the lexicon folder, relative to the configuration file, else sanshen's config/ (src/config/paths.ts) */
    lexiconDir: z.string().min(1).default('lexicons'),
    categories: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a category key in lower case: letters, digits, "-"'), categoryEntry).default({}),
    /** what exceeding the account's text limit is: Weibo 140, WeChat 680 (saws 四(二)) */
    lengthSeverity: severitySchema.default('block'),
    attachments: z
      .strictObject({
        severity: severitySchema.default('review'),
        imageFormats: z.array(z.string().min(1)).default(['jpg', 'jpeg']),
        imageMinBytes: z
          .number()
          .int()
          .min(0)
          .default(1 * MiB),
        imageMaxBytes: z
          .number()
          .int()
          .positive()
          .default(5 * MiB),
        videoFormats: z.array(z.string().min(1)).default(['avi', 'wma', 'mov', 'rm', 'rmvb', '3gp', 'mp4']),
        videoMaxBytes: z
          .number()
          .int()
          .positive()
          .default(500 * MiB),
      })
      .prefault({}),
    /** a draft that names no source gets a suggestion to state it (gd-polytechnic-normal 第二十一条) */
    requireSource: z.boolean().default(true),
    /** shown to reviewers with every draft: what no machine can judge */
    manual: z.array(z.string().min(1)).default(DEFAULT_MANUAL_CHECKS),
    /**
     * 三校: the leaders' roster files (names, titles with dates, order, removals) and the
     * formulation and typo tables; paths relative to the working directory, then to config/.
     */
    roster: z.array(z.string().min(1)).default([]),
    proofread: z
      .object({
        /** YAML formulation knowledge (提法): wrong and outdated forms, sequences, collocations, prefixes, context typos */
        formulations: z.array(z.string().min(1)).default(['proofread/formulations.yaml']),
        /** `wrong -> right` lines, the lexicon format */
        typos: z.array(z.string().min(1)).default(['proofread/typos-common.txt']),
        /** idiom lists: a four-character run one same-sounding character off an idiom is a typo */
        idioms: z.array(z.string().min(1)).default(['proofread/idioms.txt']),
        /** words the misspelling detector takes as right besides jieba's dictionary (one a line, optional frequency) */
        words: z.array(z.string().min(1)).default(['proofread/words.txt']),
        /** the misspelling detector (jieba's dictionary, sound and shape confusions); 'none' switches it off */
        spell: z.enum(['statistical', 'none']).default('statistical'),
        /** longer texts are proofread up to here (a note says so); the forbidden-word scan covers everything */
        maxChars: z.number().int().positive().default(100_000),
      })
      .prefault({}),
    llm: z
      .strictObject({
        model: z.string().min(1).default('qwen-plus'),
        timeoutMs: z.number().int().positive().default(20_000),
        /** the prompt template, relative to the configuration file; the packaged one when not found */
        prompt: z.string().min(1).default('prompts/llm-review.v1.md'),
      })
      .prefault({}),
  })
  .transform((c) => {
    const categories: Record<string, ChecklistCategory> = {}
    for (const [k, d] of Object.entries(DEFAULT_CHECKLIST_CATEGORIES)) categories[k] = { ...d }
    for (const [k, e] of Object.entries(c.categories)) {
      const base = categories[k] ?? { name: k, enabled: true }
      categories[k] = {
        name: e.name ?? base.name,
        enabled: e.enabled,
        ...((e.raiseTo ?? base.raiseTo) ? { raiseTo: e.raiseTo ?? base.raiseTo } : {}),
      }
    }
    return { ...c, categories }
  })

export type ChecklistConfig = z.output<typeof checklistConfigSchema>
