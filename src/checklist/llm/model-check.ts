import type { Env } from '../../config/env.js'
import type { Config } from '../../config/schema.js'
import { redactSecrets } from './redact-secrets.js'

/**
 * Which OpenAI-compatible endpoint and model the LLM second opinion uses, and a start-up check
 * that the model answers there. The default model (qwen-plus) is Tongyi Qianwen's, so the default
 * base URL is DashScope's compatible mode: a key alone never pairs a model with a provider that
 * lacks it.
 */
export const DEFAULT_LLM_BASE_URL = 'https://dashscope.aliyuncs.com/compatible-mode/v1'

export interface LlmSettings {
  apiKey: string
  baseURL: string
  model: string
  timeoutMs: number
}

/** The settings from the environment (OPENAI_*) over the config's checklist.llm; undefined without OPENAI_API_KEY. */
export function llmSettings(llm: { model: string; timeoutMs: number }, env: Env): LlmSettings | undefined {
  if (!env.OPENAI_API_KEY) return undefined
  return {
    apiKey: env.OPENAI_API_KEY,
    baseURL: (env.OPENAI_BASE_URL || DEFAULT_LLM_BASE_URL).replace(/\/+$/, ''),
    model: env.OPENAI_MODEL || llm.model,
    timeoutMs: env.OPENAI_TIMEOUT_MS ? Number(env.OPENAI_TIMEOUT_MS) : llm.timeoutMs,
  }
}

const CHECK_TIMEOUT_MS = 10_000

/**
 * Asks the endpoint once whether the model answers: its model list, or where there is none, one
 * one-token completion. Undefined when it does (or no key is set); else one sentence naming the
 * model, the base URL and what to set.
 */
export async function checkLlmModel(config: Config, env: Env, f: typeof fetch = fetch): Promise<string | undefined> {
  const s = llmSettings(config.checklist.llm, env)
  if (!s) return undefined
  const off = `the LLM second opinion will be unavailable (model "${s.model}" at ${s.baseURL})`
  const headers = { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' }
  const call = (path: string, init: RequestInit = {}) => f(`${s.baseURL}${path}`, { ...init, headers, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })
  let res: Response
  try {
    res = await call('/models')
    if (res.ok) {
      const ids = (((await res.json().catch(() => ({}))) as { data?: { id?: unknown }[] }).data ?? []).map((m) => String(m.id))
      if (ids.length === 0 || ids.includes(s.model)) return undefined
      return `${off}: the model is not offered there; set OPENAI_MODEL to one it offers (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}) or OPENAI_BASE_URL to the provider of "${s.model}".`
    }
    if (res.status !== 401 && res.status !== 403) {
      res = await call('/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model: s.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }),
      })
      if (res.ok) return undefined
    }
  } catch (err) {
    return `${off}: the endpoint did not answer (${redactSecrets((err as Error).message, [s.apiKey])}); check OPENAI_BASE_URL and the network.`
  }
  if (res.status === 401 || res.status === 403)
    return `${off}: OPENAI_API_KEY was refused (HTTP ${res.status}); set the key of that provider, or OPENAI_BASE_URL to the provider the key belongs to.`
  return `${off}: it answered HTTP ${res.status} to a one-token request; set OPENAI_MODEL to a model that provider offers, or OPENAI_BASE_URL to the provider of "${s.model}".`
}
