import { afterEach, describe, expect, it } from 'vitest'
import { createChecker } from '../../src/checklist/index.js'
import { loadConfig } from '../../src/config/load.js'
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
let llm: FakeOpenAi
afterEach(async () => {
  await g?.stop()
  await llm?.close()
})

const DRAFT = '#投稿 微信 天象奇观\n昨夜天降异象，预示明年风调雨顺。来源：本单位'

describe('the LLM second opinion in the chat', () => {
  it('adds its findings to the request and may route the draft to a longer chain', async () => {
    llm = await startFakeOpenAi(() =>
      JSON.stringify({
        findings: [{ category: 'rumour', severity: 'review', quote: '天降异象', reason: '疑似封建迷信或不实信息' }],
        raiseCategory: 'important',
      }),
    )
    const checker = createChecker(config, { env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.url } })
    g = await simGroup(config, { checker })
    const replies = await g.say('editor1', DRAFT)
    expect(replies[0]!.text).toContain('提升为「重要」')
    const request = replies.at(-1)!
    expect(request.text).toContain('疑似封建迷信或不实信息')
    expect(mentionedKeys(config, request)).toEqual(['deputy'])
    expect((await g.say('deputy', '#通过 D1')).at(-1)!.text).toContain('联合审定')
    // the draft reached the model as data between markers, never as instructions
    expect(llm.bodies[0]!.messages.at(-1)!.content).toContain('天降异象')
  })

  it('falls back to the rules when the model does not answer, and says so', async () => {
    llm = await startFakeOpenAi(() => undefined)
    const checker = createChecker(config, { env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.url }, llmTimeoutMs: 200 })
    g = await simGroup(config, { checker })
    const replies = await g.say('editor1', DRAFT)
    expect(replies[0]!.text).toContain('大模型第二意见不可用')
    expect(mentionedKeys(config, replies.at(-1)!)).toEqual(['deputy'])
  })
})
