import { afterEach, describe, expect, it } from 'vitest'
import { checkLlmModel, DEFAULT_LLM_BASE_URL, llmSettings } from '../../src/checklist/llm/model-check.js'
import { readEnv } from '../../src/config/env.js'
import { loadConfig } from '../../src/config/load.js'
import { type FakeOpenAi, startFakeOpenAi } from '../helpers/fake-openai.js'

const config = loadConfig('config/sanshen.yaml')
const answer = () => '{"findings":[]}'

describe('the LLM second opinion: provider settings and the start-up model check', () => {
  let fake: FakeOpenAi | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  it('the default model (qwen-plus) goes with the default base URL, DashScope compatible mode; OPENAI_MODEL and OPENAI_TIMEOUT_MS override the config', () => {
    expect(llmSettings(config.checklist.llm, {})).toBeUndefined()
    expect(llmSettings(config.checklist.llm, { OPENAI_API_KEY: 'k' })).toEqual({
      apiKey: 'k',
      baseURL: DEFAULT_LLM_BASE_URL,
      model: 'qwen-plus',
      timeoutMs: 20_000,
    })
    expect(DEFAULT_LLM_BASE_URL).toBe('https://dashscope.aliyuncs.com/compatible-mode/v1')
    const env = readEnv({
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'https://api.deepseek.com/v1/',
      OPENAI_MODEL: 'deepseek-chat',
      OPENAI_TIMEOUT_MS: '30000',
    })
    expect(llmSettings(config.checklist.llm, env)).toMatchObject({
      baseURL: 'https://api.deepseek.com/v1',
      model: 'deepseek-chat',
      timeoutMs: 30_000,
    })
  })

  it('a model the provider offers passes; no key, no check', async () => {
    fake = await startFakeOpenAi(answer, { models: ['qwen-plus', 'qwen-max'], apiKey: 'sk-right' })
    expect(await checkLlmModel(config, { OPENAI_API_KEY: 'sk-right', OPENAI_BASE_URL: fake.url })).toBeUndefined()
    expect(await checkLlmModel(config, { OPENAI_BASE_URL: fake.url })).toBeUndefined()
  })

  it('a model the provider does not offer: one sentence naming the model, the base URL and what to set', async () => {
    fake = await startFakeOpenAi(answer, { models: ['gpt-4o-mini', 'gpt-4o'] })
    const said = await checkLlmModel(config, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.url })
    expect(said).toBe(
      `the LLM second opinion will be unavailable (model "qwen-plus" at ${fake.url}): the model is not offered there; set OPENAI_MODEL to one it offers (gpt-4o-mini, gpt-4o) or OPENAI_BASE_URL to the provider of "qwen-plus".`,
    )
  })

  it('without a model list (a local server), one one-token completion decides', async () => {
    fake = await startFakeOpenAi(answer, { models: ['llama3'], noModelList: true })
    expect(await checkLlmModel(config, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'llama3' })).toBeUndefined()
    expect(fake.bodies.map((b) => b.model)).toEqual(['llama3'])
    const said = await checkLlmModel(config, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.url })
    expect(said).toMatch(/^the LLM second opinion will be unavailable \(model "qwen-plus" at .*\): it answered HTTP 404 .*OPENAI_MODEL.*\.$/)
  })

  it('a refused key and an endpoint that does not answer are each one sentence', async () => {
    fake = await startFakeOpenAi(answer, { apiKey: 'sk-right' })
    expect(await checkLlmModel(config, { OPENAI_API_KEY: 'sk-wrong', OPENAI_BASE_URL: fake.url })).toMatch(
      /OPENAI_API_KEY was refused \(HTTP 401\); set the key of that provider, or OPENAI_BASE_URL/,
    )
    const closed = fake.url
    await fake.close()
    fake = undefined
    expect(await checkLlmModel(config, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: closed })).toMatch(
      /^the LLM second opinion will be unavailable .*: the endpoint did not answer \(.*\); check OPENAI_BASE_URL and the network\.$/,
    )
  })
})
