import { type Env, readEnv } from './config/env.js'
import { createStoreFromEnv as storeFromEnv, type Store } from './store/index.js'
export { loadConfig, parseConfig, ConfigError } from './config/index.js'
export type { Config } from './config/index.js'
export { createBot, type Bot, type BotOptions } from './bot/create-bot.js'
export { createMatcher, createChecker, countChars } from './checklist/index.js'
export type { Checker, CheckResult, CheckContext, Hit } from './checklist/types.js'
export { ManualClock, systemClock, type Clock } from './clock.js'
export { createFileStore, createMemoryStore, createRedisStore, createSqliteStore, type Store } from './store/index.js'
export { ENV_VARIABLES, EnvError, readEnv, type Env } from './config/env.js'

/** The store the environment names (REDIS_URL, SANSHEN_DATA …); default: the process environment, read here at the library's edge. */
export const createStoreFromEnv = (env: Env = readEnv(process.env), o: Parameters<typeof storeFromEnv>[1] = {}): Promise<Store> =>
  storeFromEnv(env, o)
export type { ChatPort, ChatEvent, IncomingMessage, Outgoing, RemarkBook } from './chat/port.js'
export type { Card, CardAction, CardButton, CardPress, CardSurface, CardTarget, PressAnswer } from './chat/cards.js'
export { createChatFromConfig, ChatSetupError } from './chat/create-chat.js'
export { createWechatyChat } from './chat/wechaty/adapter.js'
export { createFeishuChat } from './chat/feishu/adapter.js'
export { createWecomChat, type WecomChatOptions } from './chat/wecom/adapter.js'
export { createDingtalkChat, type DingtalkChatOptions } from './chat/dingtalk/adapter.js'
