/**
 * Builds the chat adapter the configuration names (chat.platform), with its secrets from the
 * environment only. undefined: no platform configured, and `npm start` opens the playground.
 */
import type { Config } from '../config/schema.js'
import { createDingtalkChat } from './dingtalk/adapter.js'
import { createFeishuChat } from './feishu/adapter.js'
import type { ChatPort } from './port.js'
import { createWechatyChat } from './wechaty/adapter.js'
import { createWecomChat } from './wecom/adapter.js'

type Env = Record<string, string | undefined>
type Log = (msg: string, detail?: Record<string, unknown>) => void

/** A platform chosen without its credentials: the operator's to fix, said in one sentence. */
export class ChatSetupError extends Error {
  override name = 'ChatSetupError'
}

function required<const N extends readonly string[]>(env: Env, platform: string, names: N): { [K in keyof N]: string } {
  const missing = names.filter((n) => !env[n])
  if (missing.length)
    throw new ChatSetupError(
      `chat.platform is ${platform}, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set in the environment`,
    )
  return names.map((n) => env[n]!) as { [K in keyof N]: string }
}

/** Names of the configured people: WeCom's callback mentions people by name only. */
function peopleOf(config: Config): { id: string; name: string }[] {
  return Object.values(config.people).map((p) => ({ id: p.id, name: p.name }))
}

/** The adapters that log an error object take it as a detail. */
const withErr = (log: Log) => (msg: string, err?: unknown) => log(msg, err === undefined ? undefined : { err })

/** One entry per platform; each reads only its own variables. */
const builders: Record<string, (config: Config, env: Env, log: Log) => ChatPort> = {
  // the puppet comes from WECHATY_PUPPET / WECHATY_PUPPET_SERVICE_TOKEN, read by Wechaty itself
  wechaty: (_config, _env, log) => createWechatyChat({ log }),
  feishu: (config, env, log) => {
    const [appId, appSecret] = required(env, 'feishu', ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'])
    return createFeishuChat({
      appId,
      appSecret,
      idType: config.chat.feishu.idType,
      log,
      ...(env.FEISHU_BASE_URL ? { baseUrl: env.FEISHU_BASE_URL } : {}),
    })
  },
  wecom: (config, env, log) => {
    const [botId, secret] = required(env, 'wecom', ['WECOM_BOT_ID', 'WECOM_BOT_SECRET'])
    return createWecomChat({
      botId,
      secret,
      botName: config.bot.name,
      people: peopleOf(config),
      log: withErr(log),
      ...(env.WECOM_WS_URL ? { wsUrl: env.WECOM_WS_URL } : {}),
    })
  },
  dingtalk: (config, env, log) => {
    const [clientId, clientSecret] = required(env, 'dingtalk', ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'])
    return createDingtalkChat({
      clientId,
      clientSecret,
      people: peopleOf(config),
      log: withErr(log),
      ...(env.DINGTALK_ROBOT_CODE ? { robotCode: env.DINGTALK_ROBOT_CODE } : {}),
      ...(env.DINGTALK_API_BASE ? { apiBase: env.DINGTALK_API_BASE } : {}),
      ...(config.chat.cards.dingtalkTemplateId ? { cardTemplateId: config.chat.cards.dingtalkTemplateId } : {}),
    })
  },
}

/** The platform in use: chat.platform, else wechaty when WECHATY_PUPPET is set, else none (the playground). */
function chosenPlatform(config: Config, env: Env): string | undefined {
  return config.chat.platform ?? (env.WECHATY_PUPPET ? 'wechaty' : undefined)
}

export function createChatFromConfig(config: Config, env: Env, log: Log): ChatPort | undefined {
  const platform = chosenPlatform(config, env)
  if (!platform) return undefined
  const build = builders[platform]
  if (!build) throw new ChatSetupError(`chat.platform ${platform} has no adapter in this version`)
  return build(config, env, log)
}
