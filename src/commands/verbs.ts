import { editDistance } from '../text/edit-distance.js'

/** Every command word, Chinese first, with its English aliases. One table, so help and parser agree. */
export const VERBS = {
  submit: ['投稿', '送审', '提交', 'submit'],
  approve: ['通过', '同意', '批准', 'approve', 'pass'],
  reject: ['驳回', '退回', '不同意', 'reject'],
  revise: ['修改', '修订', 'revise'],
  withdraw: ['撤回', '撤稿', 'withdraw'],
  status: ['状态', '进度', 'status'],
  todo: ['待办', '待审', 'todo'],
  help: ['帮助', '说明', 'help'],
  history: ['记录', '历史', 'history', 'log'],
  signSheet: ['审签单', '审批单', 'signsheet'],
  leave: ['请假', '外出', 'leave', 'away'],
  back: ['销假', 'back'],
  transfer: ['转交', 'transfer'],
  designate: ['指定', 'designate', 'assign'],
  remark: ['意见', '批注', 'remark'],
  whoami: ['我是谁', 'whoami'],
  check: ['检查', '预检', 'check'],
  falseAlarm: ['误报', 'falsealarm'],
  bind: ['绑定', 'bind'],
  reload: ['重载词库', '重新加载词库', 'reload'],
  comment: ['留言', 'comment'],
  comments: ['留言状态', 'comments'],
  sensitive: ['敏感', 'sensitive'],
  ordinary: ['一般', 'ordinary'],
  replied: ['已回复', 'replied'],
  promise: ['承诺', 'promise'],
  accept: ['受理', 'accept'],
  alert: ['舆情', 'alert'],
  plan: ['启动预案', 'plan'],
  reported: ['已上报', 'reported'],
  /** resend the command the bot suggested for a mistyped one (src/bot/resend.ts) */
  confirm: ['是', 'yes'],
} as const

export type Verb = keyof typeof VERBS

/** Aliases sorted longest first, so 留言状态 wins over 留言 and 不同意 over 同意. */
const ALIASES: [string, Verb][] = (Object.entries(VERBS) as [Verb, readonly string[]][])
  .flatMap(([verb, words]) => words.map((w): [string, Verb] => [w.toLowerCase(), verb]))
  .sort((a, b) => b[0].length - a[0].length)

/** Verbs that are the whole message: "#是否……" is not "#是" + "否……". */
const STANDALONE = new Set<Verb>(['confirm'])

export function matchVerb(text: string): { verb: Verb; rest: string } | undefined {
  const lower = text.toLowerCase()
  for (const [alias, verb] of ALIASES) {
    if (!lower.startsWith(alias)) continue
    const rest = text.slice(alias.length)
    if (STANDALONE.has(verb) && rest.trim()) continue
    // English words must end at a word boundary: "/approved" is not "/approve" + "d".
    if (/^[a-z]/.test(alias) && /^[A-Za-z]/.test(rest)) continue
    return { verb, rest }
  }
  return undefined
}

/**
 * The command a mistyped word most likely meant (「通国」→ 通过, 「状忒」→ 状态, "aprove" → approve):
 * the alias at the smallest edit distance from the word's start, within one edit for short words
 * and two for longer ones. `rest` is what follows the mistyped part, kept for the resend.
 */
export function nearestVerb(word: string): { verb: Verb; alias: string; rest: string } | undefined {
  const lower = word.toLowerCase()
  let best: { verb: Verb; alias: string; rest: string; distance: number } | undefined
  for (const [alias, verb] of ALIASES) {
    const n = [...alias].length
    if (n < 2 || STANDALONE.has(verb)) continue
    const allowed = n >= 5 ? 2 : 1
    // English: the whole word ("approved" → approve, not "approv" + "ed"); Chinese: the same
    // length first, so 「通国」 is 「通过」 with nothing left over, not 「通」+「国」
    const latin = /^[a-z]/.test(alias) ? (/^[a-z]+/.exec(lower)?.[0].length ?? 0) : 0
    for (const len of latin ? [latin] : [n, n - 1, n + 1]) {
      const head = [...lower].slice(0, len).join('')
      const distance = editDistance(head, alias)
      if (distance === 0 || distance > allowed || (best && best.distance <= distance)) continue
      best = { verb, alias: VERBS[verb][0], rest: [...word].slice(len).join(''), distance }
    }
  }
  return best && { verb: best.verb, alias: best.alias, rest: best.rest }
}
