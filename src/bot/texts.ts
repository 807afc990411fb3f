import type { Hit } from '../checklist/types.js'
import type { Config } from '../config/schema.js'
import { formatMinutes } from '../deadlines/deadline.js'
import { VERBS, type Verb } from '../commands/verbs.js'

/**
 * The texts of the bot as a whole: help, the router's refusals, #我是谁, #绑定 and #重载词库. Each feature keeps its own
 * texts next to it (drafts/texts.ts, public-messages/texts.ts, platform-sync/texts.ts); every chat
 * text is in one of them.
 */
export const botText = {
  help(config: Config): string {
    const sensitive = formatMinutes(config.replies.sensitive.limitMinutes)
    const plan = formatMinutes(config.replies.alerts.red.planWithinMinutes)
    const v = (k: keyof typeof VERBS) => VERBS[k].filter((w) => /[^\x00-\x7f]/.test(w))[0]
    const en = (k: keyof typeof VERBS) => VERBS[k].find((w) => /^[a-z]/.test(w))
    const row = (k: keyof typeof VERBS, args: string, what: string) => `#${v(k)}${args} —— ${what}（/${en(k)}）`
    return [
      '三审助手 使用说明：',
      row('submit', ' 微信 [重要] 标题（换行）正文', '送审，返回稿件编号'),
      row('approve', ' D12', '通过（可引用审核请求直接回复「通过」）'),
      row('reject', ' D12 理由', '驳回，必须写理由'),
      row('revise', ' D12 [新标题]（换行）新正文', '修改后从第一级重审；不写新标题则标题不变'),
      row('withdraw', ' D12', '撤回'),
      row('status', ' [D12]', '查看一篇或全部在审稿件'),
      row('todo', '', '我的待审'),
      row('history', ' D12', '审核记录'),
      row('signSheet', ' D12', '审签单：打印存档、迎检用，附校验码'),
      row('remark', ' D12 内容', '留意见，不影响进度'),
      row('transfer', ' D12 @同事', '把我这一级转交给同事'),
      row('designate', ' D12 @同事', '主管：本级无人可审时指定审核人；名单外的人须加「确认」'),
      row('leave', ' 至 明天18点', '请假，期间由候补审核人代审；主管可 @某人 代为登记'),
      row('back', '', '销假'),
      row('check', '（换行）正文', '预检，不送审；#检查 D12 查看稿件的全部检查提示'),
      row('falseAlarm', ' D12 3', '把 D12 的第 3 项检查提示标为误报（记入审核记录和周报）'),
      row('whoami', '', '查看自己和本群的 ID，及写入配置的几行（任何群都可用）'),
      row('reload', '', '主管：修改词库文件后重新加载，无需重启'),
      '发图片或视频：附到你最近一篇在审稿件并检查大小格式。',
      '—— 公众留言与舆情 ——',
      row('comment', ' 微信 张三：内容', '登记公众留言，返回编号和答复期限'),
      row('comments', '', '未答复的留言及剩余时间'),
      row('sensitive', ' C7', `标为敏感（${sensitive}内答复并上报）；#一般 C7 改回一般`),
      row('replied', ' C7 [回复内容]', '已答复，结束提醒'),
      row('promise', ' C7 明天下午5点', '承诺答复期限'),
      row('accept', ' C7', '已发“正在办理”的当日受理回复'),
      '#转交 C7 @同事 —— 把留言交给同事处理',
      row('alert', ' 红|黄|蓝 描述', `舆情警报；红色须 ${plan}内 #启动预案`),
      row('reported', ' A1', '红色舆情已向上级主管部门报告（记录报告人和时间）'),
      row('plan', ' [A1]', '已启动处置预案'),
      '命令前缀可用 # 或 /，也可 @三审助手；全角标点和多余空格都可以。',
      '命令打错时助手会问「您是不是想……」：回复「#是」（/yes）即按建议执行，不必重打。',
    ].join('\n')
  },
  /** A mistyped command: the nearest one, and how to run it without typing it again. */
  didYouMean(typed: string, suggested: string, text: string, minutes: number): string {
    const first = text.split('\n')[0]!
    return `不认识的命令「${typed}」。您是不是想「#${suggested}」？${minutes} 分钟内回复「#是」（或 /yes）即按「${first}」执行；不是的话发送「#帮助」查看全部命令。`
  },
  nothingToResend(): string {
    return '没有待确认的命令（确认须在提示后几分钟内、由同一个人在同一个群里发送）。请直接发送完整命令。'
  },
  unknown(word: string): string {
    return `不认识的命令「${word}」。发送「#帮助」查看全部命令。`
  },
  tooLong(chars: number, max: number): string {
    return `消息有 ${chars} 字，超过上限 ${max} 字，未处理。请精简后再发，或分段送审。`
  },
  /** The router's one refusal, by the rule the route declares (src/bot/deps.ts, Route). */
  refused(why: 'private' | 'not-configured' | 'supervisor' | 'group', verb: Verb): string {
    const word = VERBS[verb][0]
    switch (why) {
      case 'private':
        return '私聊只对审核名单中的人员开放。请在编辑群里使用，或发送「#我是谁」把联系人 ID 交给管理员。'
      case 'not-configured':
        return '你不在审核名单中（按聊天平台的账号 ID 识别，改群昵称无效）。如需加入，请让管理员把「#我是谁」返回的 ID 写入配置。'
      case 'supervisor':
        return `只有主管可以使用「#${word}」。`
      case 'group':
        return `请在编辑群里使用「#${word}」，审核人会在群里收到提醒。`
    }
  },
  /** The log has the details; the chat gets a plain sentence, never a driver's message or a path. */
  failed(): string {
    return '处理出错，这条命令没有做任何改动。请稍后重试；如持续出错请联系管理员。'
  },
  storeUnavailable(): string {
    return '存储暂时不可用，这条命令没有做任何改动。请稍后重发；如持续出现请联系管理员。'
  },
  /** the data directory is read-only or full (StoreNotWritableError): an operator must act before a retry can work */
  storeNotWritable(): string {
    return '存储不可写（磁盘已满或数据目录只读），这条命令没有做任何改动。已记录在日志中，请联系管理员处理后重发。'
  },
  /** A write whose outcome is not known yet (the store did not answer in time): never "nothing changed". */
  outcomeUnknown(): string {
    return '存储响应超时，这条命令是否已生效正在确认，确认后会马上告诉你。请先不要重发。'
  },
  confirmedDone(command: string): string {
    return `已确认：刚才的「${command}」已经生效，无需重发。`
  },
  confirmedNotDone(command: string): string {
    return `已确认：刚才的「${command}」没有生效，没有做任何改动。请重发。`
  },
  /** The repair pass (src/bot/repair.ts) to the supervisors: what it found missing and put back. */
  repaired(drafts: string[], reminders: string[]): string {
    const list = (ids: string[]) => (ids.length > 8 ? `${ids.slice(0, 8).join('、')} 等 ${ids.length} 项` : ids.join('、'))
    return [
      '🔧 自动检查发现并补上了缺失的后续安排：',
      ...(drafts.length ? [`· 稿件 ${list(drafts)}：已重新请审核人审核，并补建超时提醒`] : []),
      ...(reminders.length ? [`· 留言/舆情 ${list(reminders)}：已补建答复提醒`] : []),
      '请留意这些事项的进度。',
    ].join('\n')
  },
  /** The change was made; something after it (a reply) failed. */
  failedAfterChange(): string {
    return '这条命令已经生效，但之后的处理出错，部分消息可能稍后才发出。可发送「#状态」查看；如有疑问请联系管理员。'
  },
  /** `#我是谁`: the asker's id, whom it is bound to, the group's id, and the YAML to paste for what the configuration lacks. */
  whoami(
    contactId: string,
    bound?: { key: string; name: string },
    room?: { id: string; served: boolean },
    paste?: { file: string; yaml: string; watched: boolean },
  ): string {
    const who = bound ? `，已绑定为「${bound.name}」（${bound.key}）` : '，尚未写入配置'
    const group = !room
      ? ''
      : room.served
        ? `\n本群 ID：${room.id}（本群已在配置中）。`
        : `\n本群 ID：${room.id}。本群尚未写入配置，机器人在这里只回答「#我是谁」和「#帮助」。`
    const after = paste?.watched ? '保存后机器人自动重新读取，无需重启' : '保存后重启机器人'
    const yaml = paste ? `\n管理员把下面几行合并进 ${paste.file} 里同名的段落，${after}：\n${paste.yaml}` : ''
    return `你的账号 ID：${contactId}${who}。${group}${yaml}`
  },
  /** the comment after a pasted person line: the roles the configuration uses */
  rolesToChoose(roles: string[]): string {
    return `角色可选：${roles.join('、')}`
  },
  bindUsage(keys: string[]): string {
    return `格式：#绑定 @某人 配置中的人员键（可选：${keys.join('、')}）`
  },
  bound(key: string, name: string): string {
    return `已把该联系人绑定为「${name}」（${key}），并在机器人账号的备注中记下，重新登录后仍能识别。`
  },
  reloadUnsupported(): string {
    return '当前的检查器没有可重载的词库。'
  },
  reloadFailed(reason: string): string {
    return `词库没有重载，仍使用原词库：${reason}`
  },
  reloaded(): string {
    return '词库已重新加载，之后的检查按新词库进行。'
  },
}

/** A check's findings, one line each, most important first: drafts and reply texts alike. */
export function formatHits(hits: Hit[], limit = 8): string[] {
  const lines = hits.slice(0, limit).map((h) => formatHit(h))
  if (hits.length > limit) lines.push(`……另有 ${hits.length - limit} 项，发送 #状态 查看`)
  return lines
}

/** One finding; numbered (as #误报 counts them) when n is given. */
export function formatHit(h: Hit, n?: number): string {
  const sev = { block: '⛔', review: '⚠️', suggest: '💡' } as const
  const quote = h.text && h.start >= 0 ? `「${h.text}」` : ''
  const fix = h.suggestion ? `，建议改为「${h.suggestion}」` : ''
  return `${n !== undefined ? `${n}. ` : ''}${sev[h.severity]} ${quote}${h.reason ?? h.category}${fix}`
}
