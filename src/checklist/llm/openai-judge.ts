import { randomBytes } from 'node:crypto'
import OpenAI from 'openai'
import { answerSchema, parseAnswer, type LlmAnswer } from './answer.js'
import { buildMessages } from './prompt.js'

export interface LlmJudge {
  /** the model's findings; throws on timeout, HTTP error or an invalid answer */
  review(text: string, title?: string): Promise<LlmAnswer>
}

export interface Logger {
  info(o: object, msg?: string): void
  warn(o: object, msg?: string): void
}

export interface OpenAiJudgeOptions {
  apiKey: string
  baseURL?: string
  model: string
  timeoutMs: number
  template: string
  /** checklist category key → name */
  categories: Record<string, string>
  /** content category keys the model may raise to */
  contentCategories: string[]
  logger?: Logger
}

/** Any OpenAI-compatible chat-completions endpoint (OpenAI, Qwen, DeepSeek, a local server). */
export function createOpenAiJudge(o: OpenAiJudgeOptions): LlmJudge {
  // logLevel pinned: OPENAI_LOG=debug would print provider answers (which may repeat the key) around our redaction
  const client = new OpenAI({ apiKey: o.apiKey, ...(o.baseURL ? { baseURL: o.baseURL } : {}), timeout: o.timeoutMs, maxRetries: 0, logLevel: 'warn' })
  const keys = Object.keys(o.categories) as [string, ...string[]]
  const schema = answerSchema(keys, (o.contentCategories.length ? o.contentCategories : ['routine']) as [string, ...string[]])
  const categories = Object.entries(o.categories)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')
  return {
    async review(text, title) {
      const messages = buildMessages({
        template: o.template,
        nonce: randomBytes(8).toString('hex'),
        categories,
        contentCategories: o.contentCategories.join(', '),
        text,
        ...(title ? { title } : {}),
      })
      const started = Date.now()
      const res = await client.chat.completions.create(
        { model: o.model, messages, temperature: 0, response_format: { type: 'json_object' } },
        { signal: AbortSignal.timeout(o.timeoutMs) },
      )
      o.logger?.info(
        { model: o.model, latencyMs: Date.now() - started, promptTokens: res.usage?.prompt_tokens, completionTokens: res.usage?.completion_tokens },
        'llm review',
      )
      return parseAnswer(res.choices[0]?.message?.content ?? '', schema)
    },
  }
}
