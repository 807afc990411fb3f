/**
 * `npm start`: the bot's main job. With WECHATY_PUPPET set it logs in to WeChat through that
 * puppet; without it, it runs the real bot on a simulated group so it can be tried at once.
 */
import { pino } from 'pino'
import { createBot, type Bot } from './bot/create-bot.js'
import { ConfigError, loadConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import { simulatedGroup } from './chat/simulated-group.js'

const log = pino({ name: 'sanshen', level: process.env.LOG_LEVEL ?? 'info' })
const configPath = process.env.SANSHEN_CONFIG ?? 'config/sanshen.yaml'

function readConfig(): Config {
  try {
    return loadConfig(configPath)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`sanshen did not start: ${err.message}`)
      process.exit(1)
    }
    throw err
  }
}

async function main(): Promise<void> {
  const config = readConfig()
  let stop: () => Promise<void>
  if (process.env.WECHATY_PUPPET) {
    const bot: Bot = createBot({ config, logger: log })
    await bot.start()
    log.info({ puppet: process.env.WECHATY_PUPPET, config: configPath, store: process.env.REDIS_URL ? 'redis' : 'file' }, 'sanshen is running')
    stop = () => bot.stop()
  } else {
    console.log(
      [
        '未配置微信登录（WECHATY_PUPPET 未设置），三审助手在模拟群中运行，可直接试用。',
        'No WeChat login configured: set WECHATY_PUPPET (e.g. wechaty-puppet-service) and WECHATY_PUPPET_SERVICE_TOKEN',
        'to log in to WeChat; REDIS_URL for Redis (default: embedded store in data/); SANSHEN_CONFIG for the YAML file.',
      ].join('\n'),
    )
    const group = await simulatedGroup(config, { logger: log })
    log.info({ config: configPath, members: Object.keys(config.people).length }, 'sanshen is running on a simulated group')
    stop = () => group.stop()
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
  log.fatal({ err }, 'sanshen stopped with an error')
  process.exit(1)
})
