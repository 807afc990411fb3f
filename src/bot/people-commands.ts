import type { ParsedCommand } from '../commands/parse.js'
import { normalizeCommandText } from '../commands/normalize.js'
import { personName } from '../config/people.js'
import type { PersonTurn, Turn } from './deps.js'

export async function whoamiCommand(turn: Turn): Promise<void> {
  const { actor, deps } = turn
  const bound = actor.person ? `，已绑定为「${personName(deps.config, actor.person)}」（${actor.person}）` : '，尚未写入配置'
  const room = turn.group ? `\n本群 ID：${turn.group}（写入 groups[].id 比按群名匹配更可靠：群名任何成员都能改）。` : ''
  return turn.reply(`你的账号 ID：${actor.contactId}${bound}。管理员把它填到 sanshen.yaml 的 people 下即可绑定角色。${room}`)
}

/** `#绑定 @某人 person-key`: a supervisor ties a person to a (new) contact id, e.g. after a re-login. */
export async function bindCommand(turn: PersonTurn, cmd: ParsedCommand): Promise<void> {
  const { deps, actor } = turn
  const contactId = cmd.mentionIds[0]
  const key = normalizeCommandText(cmd.args.replace(/@\S+/g, '')).split(' ')[0]
  if (!contactId || !key || !Object.hasOwn(deps.config.people, key)) {
    return turn.reply(`格式：#绑定 @某人 配置中的人员键（可选：${Object.keys(deps.config.people).join('、')}）`)
  }
  await deps.identity.bind(key, contactId, actor.person, 'command')
  await turn.reply(`已把该联系人绑定为「${personName(deps.config, key)}」（${key}），并在机器人账号的备注中记下，重新登录后仍能识别。`)
}
