/**
 * Builds the chat adapter `npm start` serves (src/chat/select-platform.ts decides which), with its
 * secrets from the environment only. undefined: no platform and no credentials, and `npm start`
 * opens the playground on the simulated group.
 */
import type { ChatPlatform, Config } from '../config/schema.js'
import { createDingtalkChat } from './dingtalk/adapter.js'
import { createFeishuChat } from './feishu/adapter.js'
import type { ChatPort } from './port.js'
import { selectPlatform } from './select-platform.js'
import { createWechatyChat } from './wechaty/adapter.js'
import { createWecomChat } from './wecom/adapter.js'

type Env = Record<string, string | undefined>
type Log = (msg: string, detail?: Record<string, unknown>) => void

/** A platform chosen without its credentials, or credentials that contradict each other: the operator's to fix, said in one sentence. */
export class ChatSetupError extends Error {
  override name = 'ChatSetupError'
}

/** `chosen`: how the platform was chosen, for the sentence (chat.platform, or half of its credentials) */
function required<const N extends readonly string[]>(env: Env, chosen: string, names: N): { [K in keyof N]: string } {
  const missing = names.filter((n) => !env[n])
  if (missing.length)
    throw new ChatSetupError(`${chosen}, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set in the environment`)
  return names.map((n) => env[n]!) as { [K in keyof N]: string }
}

/** Names of the configured people: WeCom's callback mentions people by name only. */
function peopleOf(config: Config): { id: string; name: string }[] {
  return Object.values(config.people).map((p) => ({ id: p.id, name: p.name }))
}

/** The adapters that log an error object take it as a detail. */
const withErr = (log: Log) => (msg: string, err?: unknown) => log(msg, err === undefined ? undefined : { err })

type Builder = (config: Config, env: Env, log: Log, chosen: string) => ChatPort

/** One entry per platform the configuration accepts (a platform without one does not compile); each reads only its own variables. */
const builders: { readonly [P in ChatPlatform]: Builder } = {
  // the puppet comes from WECHATY_PUPPET / WECHATY_PUPPET_SERVICE_TOKEN, read by Wechaty itself
  wechaty: (_config, _env, log) => createWechatyChat({ log }),
  feishu: (config, env, log, chosen) => {
    const [appId, appSecret] = required(env, chosen, ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'])
    return createFeishuChat({
      appId,
      appSecret,
      idType: config.chat.feishu.idType,
      log,
      ...(env.FEISHU_BASE_URL ? { baseUrl: env.FEISHU_BASE_URL } : {}),
    })
  },
  wecom: (config, env, log, chosen) => {
    const [botId, secret] = required(env, chosen, ['WECOM_BOT_ID', 'WECOM_BOT_SECRET'])
    return createWecomChat({
      botId,
      secret,
      botName: config.bot.name,
      people: peopleOf(config),
      log: withErr(log),
      ...(env.WECOM_WS_URL ? { wsUrl: env.WECOM_WS_URL } : {}),
    })
  },
  dingtalk: (config, env, log, chosen) => {
    const [clientId, clientSecret] = required(env, chosen, ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'])
    return createDingtalkChat({
      clientId,
      clientSecret,
      people: peopleOf(config),
      log: withErr(log),
      ...(env.DINGTALK_ROBOT_CODE ? { robotCode: env.DINGTALK_ROBOT_CODE } : {}),
      ...(env.DINGTALK_API_BASE ? { apiBase: env.DINGTALK_API_BASE } : {}),
      ...(env.DINGTALK_WEBHOOK_BASE ? { sessionWebhookBase: env.DINGTALK_WEBHOOK_BASE } : {}),
      ...(config.chat.cards.dingtalkTemplateId ? { cardTemplateId: config.chat.cards.dingtalkTemplateId } : {}),
    })
  },
}

export function createChatFromConfig(config: Config, env: Env, log: Log): ChatPort | undefined {
  const choice = selectPlatform(config.chat.platform, env)
  if (choice.refused !== undefined) throw new ChatSetupError(choice.refused)
  if (choice.platform === 'simulated') return undefined
  const { platform } = choice
  if (config.chat.platform) return builders[platform](config, env, log, `chat.platform is ${platform}`)
  log(`chat.platform is not set; using ${platform}, whose credentials are in the environment`)
  return builders[platform](config, env, log, `chat.platform is not set and ${platform} credentials are in the environment`)
}
