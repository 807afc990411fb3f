import { describe, expect, it } from 'vitest'
import { ChatSetupError, createChatFromConfig } from '../../src/chat/create-chat.js'
import { selectPlatform } from '../../src/chat/select-platform.js'
import { loadConfig } from '../../src/config/load.js'

const WECOM = { WECOM_BOT_ID: 'bot', WECOM_BOT_SECRET: 's' }
const FEISHU = { FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's' }
const DINGTALK = { DINGTALK_CLIENT_ID: 'ding', DINGTALK_CLIENT_SECRET: 's' }

describe('selectPlatform: which chat npm start serves', () => {
  it('runs the simulated group only when no platform is configured and no credentials are present', () => {
    expect(selectPlatform(undefined, {})).toEqual({ platform: 'simulated' })
    // empty values (compose passes unset variables as "") and unrelated settings are no credentials
    expect(selectPlatform(undefined, { WECOM_BOT_ID: '', FEISHU_APP_ID: '  ', WECOM_WS_URL: 'ws://x', FEISHU_BASE_URL: 'http://x' })).toEqual({
      platform: 'simulated',
    })
  })

  it.each([
    ['wecom', WECOM],
    ['feishu', FEISHU],
    ['dingtalk', DINGTALK],
    ['wechaty', { WECHATY_PUPPET: 'wechaty-puppet-service' }],
    ['wechaty', { WECHATY_PUPPET_SERVICE_TOKEN: 't' }],
  ] as const)('selects %s from its credentials alone', (platform, env) => {
    expect(selectPlatform(undefined, env)).toEqual({ platform })
  })

  it('selects a platform from half of its credentials, so the missing half is named rather than the simulated group run', () => {
    expect(selectPlatform(undefined, { WECOM_BOT_ID: 'bot' })).toEqual({ platform: 'wecom' })
  })

  it('refuses credentials of several platforms in one sentence naming them', () => {
    const r = selectPlatform(undefined, { ...WECOM, ...DINGTALK })
    expect(r.refused).toBe(
      'the environment has credentials for wecom (WECOM_BOT_ID, WECOM_BOT_SECRET) and dingtalk (DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET): keep only one platform’s, or set chat.platform in the configuration to the one to use'.replace(
        '’',
        "'",
      ),
    )
    expect(r.refused).not.toContain('\n')
  })

  it('keeps chat.platform when its own credentials (or none) are present', () => {
    expect(selectPlatform('feishu', FEISHU)).toEqual({ platform: 'feishu' })
    expect(selectPlatform('wecom', {})).toEqual({ platform: 'wecom' })
  })

  it('refuses credentials that do not match chat.platform', () => {
    expect(selectPlatform('feishu', WECOM).refused).toBe(
      'chat.platform is feishu, but the environment also has credentials for wecom (WECOM_BOT_ID, WECOM_BOT_SECRET): remove them, or set chat.platform to the platform you mean',
    )
    expect(selectPlatform('feishu', { ...FEISHU, ...DINGTALK }).refused).toMatch(/^chat\.platform is feishu, .* dingtalk \(DINGTALK_CLIENT_ID/)
  })
})

describe('createChatFromConfig', () => {
  const config = loadConfig('config/sanshen.yaml')
  const logs: string[] = []
  const log = (m: string) => void logs.push(m)

  it('builds the adapter the credentials select, and says it chose it', () => {
    expect(createChatFromConfig(config, WECOM, log)?.platform).toBe('wecom')
    expect(logs.at(-1)).toBe('chat.platform is not set; using wecom, whose credentials are in the environment')
    expect(createChatFromConfig(config, DINGTALK, log)?.platform).toBe('dingtalk')
    expect(createChatFromConfig(config, {}, log)).toBeUndefined()
  })

  it('throws the refusal and the missing variable as a ChatSetupError', () => {
    expect(() => createChatFromConfig(config, { ...WECOM, ...FEISHU }, log)).toThrow(ChatSetupError)
    expect(() => createChatFromConfig(config, { WECOM_BOT_ID: 'bot' }, log)).toThrow(
      'chat.platform is not set and wecom credentials are in the environment, but WECOM_BOT_SECRET is not set in the environment',
    )
  })
})
