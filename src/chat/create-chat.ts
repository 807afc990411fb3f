/**
 * Builds the chat adapter the configuration names (chat.platform), with its secrets from the
 * environment only. undefined: no platform configured, and `npm start` opens the playground.
 */
import type { Config } from '../config/schema.js'
import { createFeishuChat } from './feishu/adapter.js'
import type { ChatPort } from './port.js'
import { createWechatyChat } from './wechaty/adapter.js'

type Env = Record<string, string | undefined>
type Log = (msg: string, detail?: Record<string, unknown>) => void

/** A platform chosen without its credentials: the operator's to fix, said in one sentence. */
export class ChatSetupError extends Error {
  override name = 'ChatSetupError'
}

function required(env: Env, platform: string, names: string[]): string[] {
  const missing = names.filter((n) => !env[n])
  if (missing.length) throw new ChatSetupError(`chat.platform is ${platform}, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set in the environment`)
  return names.map((n) => env[n]!)
}

/** One entry per platform; each reads only its own variables. */
const builders: Record<string, (config: Config, env: Env, log: Log) => ChatPort> = {
  // the puppet comes from WECHATY_PUPPET / WECHATY_PUPPET_SERVICE_TOKEN, read by Wechaty itself
  wechaty: (_config, _env, log) => createWechatyChat({ log }),
  feishu: (config, env, log) => {
    const [appId, appSecret] = required(env, 'feishu', ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'])
    return createFeishuChat({ appId: appId!, appSecret: appSecret!, idType: config.chat.feishu.idType, log, ...(env.FEISHU_BASE_URL ? { baseUrl: env.FEISHU_BASE_URL } : {}) })
  },
}

/** The platform in use: chat.platform, else wechaty when WECHATY_PUPPET is set, else none (the playground). */
export function chosenPlatform(config: Config, env: Env): string | undefined {
  return config.chat.platform ?? (env.WECHATY_PUPPET ? 'wechaty' : undefined)
}

export function createChatFromConfig(config: Config, env: Env, log: Log): ChatPort | undefined {
  const platform = chosenPlatform(config, env)
  if (!platform) return undefined
  const build = builders[platform]
  if (!build) throw new ChatSetupError(`chat.platform ${platform} has no adapter in this version`)
  return build(config, env, log)
}
