import { z } from 'zod'

/**
 * Every environment variable sanshen reads, in one place: main.ts (and the CLIs) read the process
 * environment once with readEnv and pass the result down; nothing else reads it.
 * compose.yaml, .env.example and the README are checked against ENV_VARIABLES.
 */
export const ENV_VARIABLES = {
  SANSHEN_CONFIG: 'the YAML configuration file (default config/sanshen.yaml)',
  SANSHEN_DATA: 'the SQLite file the state is kept in (default data/sanshen.db)',
  SANSHEN_SPOOL: 'the folder for pushes acknowledged while the store was away (default: spool/ beside SANSHEN_DATA)',
  SANSHEN_ARCHIVE_DAYS: 'days after closing before a draft, message or incident is archived (default 180)',
  SANSHEN_ARCHIVE_FILES: 'SQLite files the Redis archive was exported to, comma-separated, oldest first',
  REDIS_URL: 'Redis for several instances, e.g. redis://:password@host:6379',
  REDIS_CLUSTER_NODES: 'Redis Cluster seed nodes, host:port,host:port',
  SANSHEN_REDIS_PREFIX: 'key prefix in Redis (default sanshen)',
  SANSHEN_WEB_HOST: 'the address the web server listens on (default 127.0.0.1; 0.0.0.0 for every interface)',
  SANSHEN_WEB_PORT: 'the web port (default 3000)',
  SANSHEN_ALLOWED_HOSTS: 'extra host names the web server answers to, comma-separated (the playground from another machine)',
  SANSHEN_TRUST_PROXY: 'behind a reverse proxy: 1, or the proxy addresses',
  SANSHEN_DASHBOARD_TOKEN: 'the dashboard password',
  SANSHEN_WEBHOOK_TOKEN: 'the bearer token of POST /webhook/comment',
  SANSHEN_PLATFORM_POLL_SECONDS: 'overrides every account’s sync.pollSeconds',
  LOG_LEVEL: 'trace, debug, info (default), warn, error or fatal',
  LOG_FORMAT: 'json or pretty (default: pretty in a terminal, else json)',
  WECOM_BOT_ID: 'WeCom intelligent bot id',
  WECOM_BOT_SECRET: 'WeCom intelligent bot secret',
  WECOM_WS_URL: 'WeCom long-connection URL (private deployments)',
  FEISHU_APP_ID: 'Feishu/Lark app id',
  FEISHU_APP_SECRET: 'Feishu/Lark app secret',
  FEISHU_BASE_URL: 'Feishu open-platform base (Lark: https://open.larksuite.com)',
  DINGTALK_CLIENT_ID: 'DingTalk app client id',
  DINGTALK_CLIENT_SECRET: 'DingTalk app client secret',
  DINGTALK_ROBOT_CODE: 'DingTalk robot code (default: the client id)',
  DINGTALK_API_BASE: 'DingTalk OpenAPI base (private deployments)',
  DINGTALK_WEBHOOK_BASE: 'where DingTalk sessionWebhooks point (private deployments; default https://oapi.dingtalk.com)',
  WECHATY_PUPPET: 'personal WeChat: the Wechaty puppet (read by Wechaty)',
  WECHATY_PUPPET_SERVICE_TOKEN: 'personal WeChat: the puppet service token (read by Wechaty)',
  WECHAT_APPID: 'WeChat Official Account AppID (per account: WECHAT_<ACCOUNT>_APPID)',
  WECHAT_SECRET: 'WeChat Official Account AppSecret (per account: WECHAT_<ACCOUNT>_SECRET)',
  WECHAT_TOKEN: 'WeChat push Token (per account: WECHAT_<ACCOUNT>_TOKEN)',
  WECHAT_AES_KEY: 'WeChat push EncodingAESKey (per account: WECHAT_<ACCOUNT>_AES_KEY)',
  WECHAT_API_BASE: 'WeChat API base (default https://api.weixin.qq.com)',
  WEIBO_ACCESS_TOKEN: 'Weibo OAuth2 access_token (per account: WEIBO_<ACCOUNT>_ACCESS_TOKEN)',
  WEIBO_API_BASE: 'Weibo API base (default https://api.weibo.com/2)',
  OPENAI_API_KEY: 'turns the LLM second opinion on',
  OPENAI_BASE_URL: 'an OpenAI-compatible base URL (default DashScope compatible mode)',
  OPENAI_MODEL: 'the model (default: checklist.llm.model, qwen-plus)',
  OPENAI_TIMEOUT_MS: 'milliseconds per call (default: checklist.llm.timeoutMs, 20000)',
} as const

export type EnvName = keyof typeof ENV_VARIABLES
/** The environment as read once: the declared variables, and the per-account secrets (WECHAT_<ACCOUNT>_…, WEIBO_<ACCOUNT>_…). */
export type Env = { readonly [K in EnvName]?: string } & { readonly [k: string]: string | undefined }

/** A variable's value the code cannot use; its message is the one sentence the operator reads. */
export class EnvError extends Error {
  override name = 'EnvError'
}

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .refine((v) => Number(v) >= min && Number(v) <= max)
const url = z.string().refine((v) => /^[a-z][a-z0-9+.-]*:\/\//i.test(v) && URL.canParse(v))
/** the format each checked variable must have, in the words of the sentence that refuses it */
const CHECKS: { [K in EnvName]?: [z.ZodType<string>, string] } = {
  SANSHEN_WEB_PORT: [whole(0, 65_535), 'a port number from 0 to 65535'],
  SANSHEN_ARCHIVE_DAYS: [whole(1, 36_500), 'a whole number of days from 1 to 36500'],
  SANSHEN_PLATFORM_POLL_SECONDS: [whole(1, 86_400), 'a whole number of seconds from 1 to 86400'],
  OPENAI_TIMEOUT_MS: [whole(1_000, 600_000), 'a whole number of milliseconds from 1000 to 600000'],
  LOG_LEVEL: [z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), 'one of trace, debug, info, warn, error, fatal, silent'],
  LOG_FORMAT: [z.enum(['json', 'pretty']), 'json or pretty'],
  REDIS_URL: [url, 'a URL such as redis://:password@127.0.0.1:6379'],
  OPENAI_BASE_URL: [url, 'a URL such as https://api.openai.com/v1'],
  WECHAT_API_BASE: [url, 'a URL'],
  WEIBO_API_BASE: [url, 'a URL'],
  FEISHU_BASE_URL: [url, 'a URL'],
  WECOM_WS_URL: [url, 'a URL'],
  DINGTALK_API_BASE: [url, 'a URL'],
  DINGTALK_WEBHOOK_BASE: [url, 'a URL'],
}

const PER_ACCOUNT = /^(WECHAT_[A-Z0-9_]+_(APPID|SECRET|TOKEN|AES_KEY)|WEIBO_[A-Z0-9_]+_ACCESS_TOKEN)$/

/**
 * Reads the declared variables (an empty value counts as unset) and checks those with a format.
 * Throws EnvError naming the first wrong one.
 */
export function readEnv(raw: Record<string, string | undefined>): Env {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value.trim() === '') continue
    if (!(name in ENV_VARIABLES) && !PER_ACCOUNT.test(name)) continue
    const check = CHECKS[name as EnvName]
    if (check && !check[0].safeParse(value.trim()).success) throw new EnvError(`${name} must be ${check[1]}, not "${value}".`)
    env[name] = check ? value.trim() : value
  }
  return Object.freeze(env)
}
