/**
 * `npm start`: the bot's main job. With a chat platform configured (chat.platform, or
 * WECHATY_PUPPET for WeChat) it connects to it and serves the intake endpoints, dashboard and
 * metrics; without one, it runs the real bot on a simulated group and serves the playground, so
 * it can be tried at once. The environment is read here, once (src/config/env.ts), and passed down.
 */
import type { Logger } from 'pino'
import { createBot } from './bot/create-bot.js'
import { ChatSetupError, createChatFromConfig } from './chat/create-chat.js'
import { checkLlmModel } from './checklist/llm/model-check.js'
import { type Env, EnvError, readEnv } from './config/env.js'
import { ConfigError, loadConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import { startWeb } from './main-web.js'
import { createLogger } from './ops/log.js'
import { type StartupPhase, startupAdvice } from './ops/startup-errors.js'
import { embeddedPaths } from './store/create-store.js'

const DEFAULT_CONFIG = 'config/sanshen.yaml'

/** What main is doing, so a failure can say what to fix. */
const at: { phase: StartupPhase | undefined; platform?: string; env: Env; log?: Logger } = { phase: undefined, env: {} }

async function main(): Promise<() => Promise<void>> {
  const env = readEnv(process.env)
  const log = createLogger(env)
  Object.assign(at, { env, log })
  const configPath = env.SANSHEN_CONFIG ?? DEFAULT_CONFIG
  const config: Config = loadConfig(configPath)
  const llmProblem = await checkLlmModel(config, env)
  if (llmProblem) log.warn(llmProblem)
  const chat = createChatFromConfig(config, env, (m, detail) => log.info(detail ?? {}, m))
  return chat ? runOnPlatform(config, configPath, env, log, chat) : runPlayground(config, configPath, env, log)
}

/** The bot on its chat platform, with the web surface beside it. */
async function runOnPlatform(
  config: Config,
  configPath: string,
  env: Env,
  log: Logger,
  chat: NonNullable<ReturnType<typeof createChatFromConfig>>,
): Promise<() => Promise<void>> {
  const days = env.SANSHEN_ARCHIVE_DAYS ? Number(env.SANSHEN_ARCHIVE_DAYS) : undefined
  const bot = createBot({ config, chat, logger: log, env, configFile: configPath, watchConfig: true, ...(days ? { archiveAfterDays: days } : {}) })
  at.platform = chat.platform
  at.phase = 'bot'
  try {
    await bot.start()
  } catch (err) {
    await bot.stop().catch(() => undefined)
    throw err
  }
  at.phase = 'web'
  const web = await startWeb({ config, logger: log, bot, env }).catch(async (err: unknown) => {
    await bot.stop().catch(() => undefined)
    throw err
  })
  at.phase = undefined
  const store = env.REDIS_CLUSTER_NODES ? 'redis-cluster' : env.REDIS_URL ? 'redis' : `sqlite ${embeddedPaths(env.SANSHEN_DATA).db}`
  log.info({ platform: chat.platform, config: configPath, store, web: web.url }, 'sanshen is running')
  process.on('SIGHUP', () => void bot.reloadConfig())
  return async () => {
    await web.close()
    await bot.stop()
  }
}

/** No platform: the real bot on a simulated group, and the playground. Announced only once the port is bound. */
async function runPlayground(config: Config, configPath: string, env: Env, log: Logger): Promise<() => Promise<void>> {
  at.phase = 'web'
  const web = await startWeb({ config, logger: log, env })
  at.phase = undefined
  console.log(
    [
      '【模拟群】未配置聊天平台（chat.platform 未设置，环境中也没有任何平台的凭据），三审助手在模拟群中运行，不连接任何真实聊天，可直接试用。',
      "SIMULATED GROUP: no chat platform configured. Set one platform's credentials in the environment (WECOM_BOT_ID/WECOM_BOT_SECRET,",
      'FEISHU_APP_ID/FEISHU_APP_SECRET, DINGTALK_CLIENT_ID/DINGTALK_CLIENT_SECRET, or WECHATY_PUPPET; see the README) and it is used;',
      'SANSHEN_DATA (an SQLite file) or REDIS_URL to keep the playground across restarts (default: in memory); SANSHEN_CONFIG for the YAML file.',
      web.banner,
    ].join('\n'),
  )
  log.warn(
    { simulated: true, config: configPath, members: Object.keys(config.people).length, web: web.url },
    'sanshen is running on a simulated group, not a real chat: no platform credentials in the environment (README, 聊天平台 Chat platforms)',
  )
  return () => web.close()
}

main().then(
  (stop) => {
    const shutdown = async (signal: string) => {
      at.log?.info({ signal }, 'stopping')
      await stop().catch((err: unknown) => at.log?.error({ err }, 'stop failed'))
      process.exit(0)
    }
    process.once('SIGINT', () => void shutdown('SIGINT'))
    process.once('SIGTERM', () => void shutdown('SIGTERM'))
  },
  (err: unknown) => {
    // A configuration mistake (the environment, the YAML, a lexicon, the holiday file) is the operator's to fix: say where.
    // So is a start-up fault (port, Redis, data directory, platform login): one sentence of what to do.
    const known = err instanceof EnvError || err instanceof ConfigError || err instanceof ChatSetupError
    const advice = known ? err.message : startupAdvice(err, at.phase, at.env, at.platform)
    if (advice) {
      at.log?.debug({ err }, 'start-up failure')
      console.error(`sanshen did not start: ${advice}`)
    } else if (at.log) at.log.fatal({ err }, 'sanshen stopped with an error')
    else console.error(`sanshen stopped with an error: ${(err as Error)?.message ?? String(err)}`)
    process.exit(1)
  },
)
