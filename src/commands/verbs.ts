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
  leave: ['请假', '外出', 'leave', 'away'],
  back: ['销假', 'back'],
  transfer: ['转交', 'transfer'],
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
} as const

export type Verb = keyof typeof VERBS

/** Aliases sorted longest first, so 留言状态 wins over 留言 and 不同意 over 同意. */
const ALIASES: [string, Verb][] = (Object.entries(VERBS) as [Verb, readonly string[]][])
  .flatMap(([verb, words]) => words.map((w): [string, Verb] => [w.toLowerCase(), verb]))
  .sort((a, b) => b[0].length - a[0].length)

export function matchVerb(text: string): { verb: Verb; rest: string } | undefined {
  const lower = text.toLowerCase()
  for (const [alias, verb] of ALIASES) {
    if (!lower.startsWith(alias)) continue
    const rest = text.slice(alias.length)
    // English words must end at a word boundary: "/approved" is not "/approve" + "d".
    if (/^[a-z]/.test(alias) && /^[A-Za-z]/.test(rest)) continue
    return { verb, rest }
  }
  return undefined
}
