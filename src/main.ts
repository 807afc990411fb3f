/**
 * `npm start`: the bot's main job. With a chat platform configured (chat.platform, or
 * WECHATY_PUPPET for WeChat) it connects to it and serves the intake endpoints, dashboard and
 * metrics; without one, it runs the real bot on a simulated group and serves the playground, so
 * it can be tried at once.
 */
import { z } from 'zod'
import { createBot } from './bot/create-bot.js'
import { ChatSetupError, createChatFromConfig } from './chat/create-chat.js'
import { ConfigError, loadConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import { startWeb } from './main-web.js'
import { createLogger } from './ops/log.js'
import { type StartupPhase, startupAdvice } from './ops/startup-errors.js'
import { embeddedPaths } from './store/create-store.js'

const log = createLogger()
/** what main is doing, so a failure can say what to fix */
let phase: StartupPhase | undefined
let platform: string | undefined
const configPath = process.env.SANSHEN_CONFIG ?? 'config/sanshen.yaml'

/** SANSHEN_ARCHIVE_DAYS: days after closing before a draft, message or incident is archived. */
function archiveAfterDays(): number | undefined {
  const value = process.env.SANSHEN_ARCHIVE_DAYS
  if (value === undefined || value === '') return undefined
  const parsed = z.coerce.number().int().min(1).max(36_500).safeParse(value)
  if (!parsed.success) throw new Error(`SANSHEN_ARCHIVE_DAYS must be a whole number of days from 1 to 36500, not "${value}"`)
  return parsed.data
}

async function main(): Promise<void> {
  const config: Config = loadConfig(configPath)
  let stop: () => Promise<void>
  const chat = createChatFromConfig(config, process.env, (m, detail) => log.info(detail ?? {}, m))
  if (chat) {
    const days = archiveAfterDays()
    const bot = createBot({ config, chat, logger: log, configFile: configPath, watchConfig: true, ...(days ? { archiveAfterDays: days } : {}) })
    platform = chat.platform
    phase = 'bot'
    try {
      await bot.start()
    } catch (err) {
      await bot.stop().catch(() => undefined)
      throw err
    }
    phase = 'web'
    const web = await startWeb({ config, logger: log, bot }).catch(async (err: unknown) => {
      await bot.stop().catch(() => undefined)
      throw err
    })
    phase = undefined
    log.info(
      {
        platform: chat.platform,
        config: configPath,
        store: process.env.REDIS_CLUSTER_NODES
          ? 'redis-cluster'
          : process.env.REDIS_URL
            ? 'redis'
            : `sqlite ${embeddedPaths(process.env.SANSHEN_DATA).db}`,
        web: web.url,
      },
      'sanshen is running',
    )
    stop = async () => {
      await web.close()
      await bot.stop()
    }
    process.on('SIGHUP', () => void bot.reloadConfig())
  } else {
    console.log(
      [
        '【模拟群】未配置聊天平台（chat.platform 未设置，环境中也没有任何平台的凭据），三审助手在模拟群中运行，不连接任何真实聊天，可直接试用。',
        "SIMULATED GROUP: no chat platform configured. Set one platform's credentials in the environment (WECOM_BOT_ID/WECOM_BOT_SECRET,",
        'FEISHU_APP_ID/FEISHU_APP_SECRET, DINGTALK_CLIENT_ID/DINGTALK_CLIENT_SECRET, or WECHATY_PUPPET; see the README) and it is used;',
        'SANSHEN_DATA (an SQLite file) or REDIS_URL to keep the playground across restarts (default: in memory); SANSHEN_CONFIG for the YAML file.',
      ].join('\n'),
    )
    phase = 'web'
    const web = await startWeb({ config, logger: log })
    phase = undefined
    log.warn(
      { simulated: true, config: configPath, members: Object.keys(config.people).length, web: web.url },
      'sanshen is running on a simulated group, not a real chat: no platform credentials in the environment (README, 聊天平台 Chat platforms)',
    )
    stop = () => web.close()
  }
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping')
    await stop().catch((err: unknown) => log.error({ err }, 'stop failed'))
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((err: unknown) => {
  // A configuration mistake (the YAML, a lexicon, the holiday file) is the operator's to fix: say where.
  // So is a start-up fault (port, Redis, data directory, platform login): one sentence of what to do.
  const advice =
    err instanceof ConfigError || err instanceof ChatSetupError ? err.message : phase ? startupAdvice(err, phase, process.env, platform) : undefined
  if (advice) {
    log.debug({ err }, 'start-up failure')
    console.error(`sanshen did not start: ${advice}`)
  } else log.fatal({ err }, 'sanshen stopped with an error')
  process.exit(1)
})
