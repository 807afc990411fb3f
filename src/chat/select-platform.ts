/**
 * Which chat platform `npm start` serves, from chat.platform and the credentials in the
 * environment. A pure decision, so every case is a unit test: a production start with credentials
 * must never end up on the simulated group, and credentials that contradict each other or the
 * configuration are refused in one sentence rather than guessed at.
 */
import type { ChatPlatform } from '../config/schema.js'

type Env = Record<string, string | undefined>

/** The variables whose presence says "this platform is meant" (any one of them: a half-set pair is then named as missing). */
export const PLATFORM_CREDENTIALS: { readonly [P in ChatPlatform]: readonly string[] } = {
  wecom: ['WECOM_BOT_ID', 'WECOM_BOT_SECRET'],
  feishu: ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'],
  dingtalk: ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'],
  wechaty: ['WECHATY_PUPPET', 'WECHATY_PUPPET_SERVICE_TOKEN'],
}

export type PlatformChoice =
  /** `simulated`: no platform configured and no credentials: the playground */
  { platform: ChatPlatform | 'simulated'; refused?: undefined } | { refused: string; platform?: undefined }

/** The platforms whose credentials are in `env`, each with the variables found. */
export function credentialsIn(env: Env): { platform: ChatPlatform; names: string[] }[] {
  return (Object.entries(PLATFORM_CREDENTIALS) as [ChatPlatform, readonly string[]][]).flatMap(([platform, vars]) => {
    const names = vars.filter((v) => Boolean(env[v]?.trim()))
    return names.length ? [{ platform, names }] : []
  })
}

const listed = (found: { platform: ChatPlatform; names: string[] }[]) => found.map((f) => `${f.platform} (${f.names.join(', ')})`).join(' and ')

export function selectPlatform(configured: ChatPlatform | undefined, env: Env): PlatformChoice {
  const found = credentialsIn(env)
  if (configured) {
    const others = found.filter((f) => f.platform !== configured)
    if (others.length)
      return {
        refused: `chat.platform is ${configured}, but the environment also has credentials for ${listed(others)}: remove them, or set chat.platform to the platform you mean`,
      }
    return { platform: configured }
  }
  if (found.length === 0) return { platform: 'simulated' }
  if (found.length > 1)
    return {
      refused: `the environment has credentials for ${listed(found)}: keep only one platform's, or set chat.platform in the configuration to the one to use`,
    }
  return { platform: found[0]!.platform }
}
