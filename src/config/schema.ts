import { z } from 'zod'
import { checklistConfigSchema } from './checklist-schema.js'
import { repliesConfigSchema, schedulesConfigSchema } from './deadlines-schema.js'
import { regulationSchema } from './regulation.js'

/**
 * The organisation, as one YAML file. Every reference between sections (a chain naming a person,
 * a group naming an account) is checked here, so a typo stops the bot at start-up with the path
 * of the mistake instead of surfacing as a silent mis-route in the chat.
 */

const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a key of letters, digits, "_", "." or "-"')

/**
 * A person key, a role name (a role stands for every person holding it), or a place relative to
 * the draft's submitter: `unit:head` (the head of the submitter's unit) or `unit:<role>` (who holds
 * that role in the submitter's unit).
 */
const ref = z.string().min(1)

export const UNIT_REF = 'unit:'
export const UNIT_HEAD = 'head'
const refList = z.array(ref).min(1, 'at least one person or role')

export const personSchema = z.strictObject({
  /** the name the bot uses when it @-mentions this person */
  name: z.string().min(1),
  /** the stable contact id (learn it with #我是谁 / /whoami) */
  id: z.string().min(1),
  roles: z.array(z.string().min(1)).default([]),
  /** the unit (a key of units:) this person belongs to: `unit:` approvers are found in it */
  unit: key.optional(),
})

export const unitSchema = z.strictObject({
  name: z.string().min(1),
  /** the person who heads it (本单位主要负责人): `unit:head` in a stage */
  head: key.optional(),
})

/**
 * The account's own platform API (WeChat Official Account API, Weibo Open API), used when its
 * credentials are in the environment (README): publish guard and comment polling.
 */
export const accountSyncSchema = z.strictObject({
  /** compare what the account publishes with the approved versions */
  publishGuard: z.boolean().default(true),
  /** WeChat: on final approval, put the approved version into the account's draft box (draft/add) */
  draftBox: z.boolean().default(false),
  /** WeChat: the permanent image material used as the cover of those drafts (thumb_media_id); default: a plain cover sanshen uploads once per account */
  thumbMediaId: z.string().min(1).optional(),
  /** poll comments (WeChat comment/list; Weibo comments/to_me and statuses/mentions) */
  comments: z.boolean().default(true),
  /** seconds between polls; rate limits stretch it */
  pollSeconds: z.number().int().min(5).max(86_400).default(60),
  /** WeChat: how many recent published articles to poll comments of */
  recentArticles: z.number().int().min(1).max(20).default(5),
})

export const accountSchema = z.strictObject({
  platform: z.enum(['wechat', 'weibo']),
  name: z.string().min(1),
  /** other words editors may type for this account in #投稿 (微信, 公众号 …) */
  aliases: z.array(z.string().min(1)).default([]),
  /** characters allowed, title and punctuation included; defaults: WeChat 680, Weibo 140 */
  textLimit: z.number().int().positive().optional(),
  /** who answers public messages to this account by default */
  replyHandler: ref.optional(),
  /** posts a week below which the account is reported as dormant (soe-new-media 第十条) */
  minPostsPerWeek: z.number().int().min(0).default(2),
  sync: accountSyncSchema.prefault({}),
})

export const categorySchema = z.strictObject({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  /** higher ranks are more serious; the checker may only raise a draft's category */
  rank: z.number().int().default(0),
})

const approverSet = z
  .strictObject({ anyOf: refList.optional(), allOf: refList.optional() })
  .refine((s) => (s.anyOf ? 1 : 0) + (s.allOf ? 1 : 0) === 1, {
    message: 'exactly one of anyOf (first approval completes the stage) or allOf (会签: everyone must approve)',
  })

export const stageSchema = z
  .strictObject({
    name: z.string().min(1),
    anyOf: refList.optional(),
    allOf: refList.optional(),
    /** whom a supervisor may designate (#指定) when nobody can review; left out: the people this stage and its fallback name */
    designees: refList.optional(),
    /** who is mentioned, and approves in the primary's place, when the primary is away or too slow */
    fallback: approverSet.optional(),
    /** minutes the primary has before the fallback people are called in */
    timeoutMinutes: z.number().positive().optional(),
    /** what this stage checks (审核/校对), shown in the request to the reviewers */
    note: z.string().optional(),
    /** nobody who approved an earlier stage of the draft may approve this one (km 三审: three distinct people) */
    distinct: z.boolean().optional(),
  })
  .refine((s) => (s.anyOf ? 1 : 0) + (s.allOf ? 1 : 0) === 1, {
    message: 'exactly one of anyOf (first approval completes the stage) or allOf (会签: everyone must approve)',
  })

export const chainSchema = z.strictObject({
  account: key,
  categories: z.array(key).min(1),
  stages: z.array(stageSchema).min(1),
  /** told of the final outcome (抄送) */
  cc: z.array(ref).default([]),
  /** regulation and article this chain implements, for people reading the config */
  source: z.string().optional(),
})

export const groupSchema = z
  .strictObject({
    /** room id (stable on most puppets) … */
    id: z.string().min(1).optional(),
    /** … or the room's topic */
    topic: z.string().min(1).optional(),
    /** accounts handled in this group; all when left out */
    accounts: z.array(key).optional(),
  })
  .refine((g) => g.id || g.topic, { message: 'a group needs an id or a topic' })

export const policySchema = z.strictObject({
  /** when the submitter is an approver of a stage: their place goes to the stage's fallback, or they are skipped */
  submitterIsApprover: z.enum(['fallback', 'skip']).default('fallback'),
  /** when one person appears in two stages: they approve at each, or their first approval counts once for all */
  repeatedApprover: z.enum(['each', 'once']).default('each'),
  /** longest draft body accepted, in characters */
  maxBodyChars: z.number().int().positive().default(20_000),
  /** a draft planned for publication sooner than this many hours after it arrives is flagged (0: never); default 24 */
  leadTimeHours: z.number().min(0).optional(),
})

/** The chat platforms an adapter exists for (src/chat/<platform>/). */
export const chatPlatforms = ['wechaty', 'wecom', 'feishu', 'dingtalk'] as const
export type ChatPlatform = (typeof chatPlatforms)[number]

/** Which chat platform the bot sits in. Secrets never go here: they come from the environment. */
export const chatConfigSchema = z.strictObject({
  /** unset: Wechaty when WECHATY_PUPPET is set, else the simulated group (playground) */
  platform: z.enum(chatPlatforms).optional(),
  feishu: z
    .strictObject({
      /** the id people carry in people[].id: open_id (default, needs no extra permission) or user_id */
      idType: z.enum(['open_id', 'user_id']).default('open_id'),
    })
    .prefault({}),
  /** review cards on WeCom, Feishu and DingTalk (src/bot/cards/); text commands keep working beside them */
  cards: z
    .strictObject({
      /** false: plain text requests as on personal WeChat */
      enabled: z.boolean().default(true),
      /** the usual rejection reasons, offered as a drop-down where the card has no text input (WeCom) */
      reasons: z.array(z.string().min(1).max(30)).min(1).max(10).optional(),
      /** DingTalk: the id of the card template imported from config/cards/dingtalk-review.json */
      dingtalkTemplateId: z.string().min(1).optional(),
    })
    .prefault({}),
  outbox: z
    .strictObject({
      /** a message not delivered after this many minutes is shown on the dashboard and counted in /metrics */
      alertAfterMinutes: z.number().int().positive().default(30),
    })
    .prefault({}),
})

export const playgroundSchema = z.strictObject({
  /** the drills the playground offers: a folder (relative like every path, src/config/paths.ts), or false for none */
  drills: z.union([z.string().min(1), z.literal(false)]).default('drills'),
})

export const configSchema = z
  .strictObject({
    bot: z.strictObject({ name: z.string().min(1).default('三审助手') }).default({ name: '三审助手' }),
    groups: z.array(groupSchema).min(1, 'at least one group the bot serves'),
    people: z.record(key, personSchema),
    /** departments, offices, member units: each person may belong to one */
    units: z.record(key, unitSchema).default({}),
    accounts: z.record(key, accountSchema),
    categories: z.record(key, categorySchema).default({
      routine: { name: '常规', aliases: ['一般', '日常'], rank: 0 },
      important: { name: '重要', aliases: ['重点'], rank: 1 },
      major: { name: '重大', aliases: [], rank: 2 },
    }),
    defaultCategory: key.default('routine'),
    chains: z.record(key, chainSchema),
    supervisors: refList,
    policy: policySchema.default({ submitterIsApprover: 'fallback', repeatedApprover: 'each', maxBodyChars: 20_000 }),
    /** the regulation this configuration implements: the chat texts cite it, and only it */
    regulation: regulationSchema.optional(),
    checklist: checklistConfigSchema.prefault({}),
    replies: repliesConfigSchema.prefault({}),
    schedules: schedulesConfigSchema,
    playground: playgroundSchema.prefault({}),
    chat: chatConfigSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    const roles = new Set(Object.values(c.people).flatMap((p) => p.roles))
    const unitRoles = new Set(
      Object.values(c.people)
        .filter((p) => p.unit)
        .flatMap((p) => p.roles),
    )
    const checkRef = (r: string, path: (string | number)[]) => {
      if (r.startsWith(UNIT_REF)) {
        const place = r.slice(UNIT_REF.length)
        const known = place === UNIT_HEAD ? Object.values(c.units).some((u) => u.head) : unitRoles.has(place)
        if (!known) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: place === UNIT_HEAD ? `"${r}": no unit under units: names a head` : `"${r}": no person with a unit holds the role "${place}"`,
          })
        }
      } else if (!(r in c.people) && !roles.has(r)) {
        ctx.addIssue({ code: 'custom', path, message: `"${r}" is neither a person under people: nor a role any person holds` })
      }
    }
    for (const k of Object.keys(c.people)) {
      if (roles.has(k)) ctx.addIssue({ code: 'custom', path: ['people', k], message: `"${k}" is both a person and a role; rename one` })
    }
    for (const [k, p] of Object.entries(c.people)) {
      if (p.unit && !(p.unit in c.units))
        ctx.addIssue({
          code: 'custom',
          path: ['people', k, 'unit'],
          message: `unknown unit "${p.unit}"; known: ${Object.keys(c.units).join(', ') || '(none: add units:)'}`,
        })
    }
    for (const [k, u] of Object.entries(c.units)) {
      if (u.head && c.people[u.head]?.unit !== k) {
        ctx.addIssue({ code: 'custom', path: ['units', k, 'head'], message: `"${u.head}" must be a person under people: whose unit is "${k}"` })
      }
    }
    const ids = new Map<string, string>()
    for (const [k, p] of Object.entries(c.people)) {
      const other = ids.get(p.id)
      if (other) ctx.addIssue({ code: 'custom', path: ['people', k, 'id'], message: `contact id "${p.id}" is already used by "${other}"` })
      ids.set(p.id, k)
    }
    c.supervisors.forEach((r, i) => checkRef(r, ['supervisors', i]))
    for (const [k, a] of Object.entries(c.accounts)) if (a.replyHandler) checkRef(a.replyHandler, ['accounts', k, 'replyHandler'])
    for (const a of Object.keys(c.replies.accounts)) {
      if (!(a in c.accounts))
        ctx.addIssue({
          code: 'custom',
          path: ['replies', 'accounts', a],
          message: `unknown account "${a}"; known: ${Object.keys(c.accounts).join(', ')}`,
        })
    }
    c.replies.replyReviewers?.forEach((r, i) => checkRef(r, ['replies', 'replyReviewers', i]))
    for (const level of ['red', 'yellow'] as const)
      c.replies.alerts[level].notify?.forEach((r, i) => checkRef(r, ['replies', 'alerts', level, 'notify', i]))
    c.groups.forEach((g, i) =>
      g.accounts?.forEach((a, j) => {
        if (!(a in c.accounts)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'accounts', j], message: `unknown account "${a}"` })
      }),
    )
    for (const [k, e] of Object.entries(c.checklist.categories)) {
      // The built-in major-policy → major only applies where a "major" category exists; a raise the config names must exist.
      if (e.raiseTo && !(e.raiseTo in c.categories) && !(k === 'major-policy' && e.raiseTo === 'major')) {
        ctx.addIssue({
          code: 'custom',
          path: ['checklist', 'categories', k, 'raiseTo'],
          message: `unknown category "${e.raiseTo}"; known: ${Object.keys(c.categories).join(', ')}`,
        })
      }
    }
    if (!(c.defaultCategory in c.categories)) {
      ctx.addIssue({ code: 'custom', path: ['defaultCategory'], message: `unknown category "${c.defaultCategory}"` })
    }
    const routed = new Map<string, string>()
    for (const [name, chain] of Object.entries(c.chains)) {
      if (!(chain.account in c.accounts)) {
        ctx.addIssue({
          code: 'custom',
          path: ['chains', name, 'account'],
          message: `unknown account "${chain.account}"; known: ${Object.keys(c.accounts).join(', ')}`,
        })
      }
      chain.categories.forEach((cat, i) => {
        if (!(cat in c.categories)) {
          ctx.addIssue({
            code: 'custom',
            path: ['chains', name, 'categories', i],
            message: `unknown category "${cat}"; known: ${Object.keys(c.categories).join(', ')}`,
          })
        }
        const route = `${chain.account}/${cat}`
        const before = routed.get(route)
        if (before)
          ctx.addIssue({
            code: 'custom',
            path: ['chains', name, 'categories', i],
            message: `account ${chain.account} with category ${cat} is already routed to chain "${before}"`,
          })
        routed.set(route, name)
      })
      chain.stages.forEach((s, i) => {
        const base = ['chains', name, 'stages', i]
        s.anyOf?.forEach((r, j) => checkRef(r, [...base, 'anyOf', j]))
        s.allOf?.forEach((r, j) => checkRef(r, [...base, 'allOf', j]))
        s.fallback?.anyOf?.forEach((r, j) => checkRef(r, [...base, 'fallback', 'anyOf', j]))
        s.fallback?.allOf?.forEach((r, j) => checkRef(r, [...base, 'fallback', 'allOf', j]))
        s.designees?.forEach((r, j) => checkRef(r, [...base, 'designees', j]))
      })
      chain.cc.forEach((r, i) => checkRef(r, ['chains', name, 'cc', i]))
    }
    for (const acc of Object.keys(c.accounts)) {
      if (!routed.has(`${acc}/${c.defaultCategory}`)) {
        ctx.addIssue({ code: 'custom', path: ['chains'], message: `account "${acc}" has no chain for the default category "${c.defaultCategory}"` })
      }
    }
  })

export type ConfigInput = z.input<typeof configSchema>
export type Config = z.infer<typeof configSchema>
export type Person = z.infer<typeof personSchema>
export type Account = z.infer<typeof accountSchema>
export type Chain = z.infer<typeof chainSchema>
export type Stage = z.infer<typeof stageSchema>
export type Group = z.infer<typeof groupSchema>
export type Unit = z.infer<typeof unitSchema>

const DEFAULT_TEXT_LIMIT = { wechat: 680, weibo: 140 } as const

/** A department's draft is due a day before publication unless the preset says otherwise (policy.leadTimeHours). */
const DEFAULT_LEAD_TIME_HOURS = 24

export function leadTimeHoursOf(config: Pick<Config, 'policy'>): number {
  return config.policy.leadTimeHours ?? DEFAULT_LEAD_TIME_HOURS
}

export function textLimitOf(account: Account): number {
  return account.textLimit ?? DEFAULT_TEXT_LIMIT[account.platform]
}
