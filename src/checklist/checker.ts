import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checklistConfigSchema, type ChecklistConfig } from '../config/checklist-schema.js'
import type { Config } from '../config/schema.js'
import { systemClock, type Clock } from '../clock.js'
import { resolveConfigPath } from '../config/paths.js'
import type { Telemetry } from '../telemetry.js'
import { readLexicons, readLexiconsSync } from './lexicon-files.js'
import { locateQuote } from './invisible.js'
import { buildLexiconScanner, type LexiconScanner } from './lexicon-scanner.js'
import type { LlmAnswer } from './llm/answer.js'
import { llmSettings } from './llm/model-check.js'
import { createOpenAiJudge, type LlmJudge, type Logger } from './llm/openai-judge.js'
import { redactSecrets } from './llm/redact-secrets.js'
import { buildProofreader } from './proofread/index.js'
import { checkAttachments } from './rules/attachments.js'
import { findContacts } from './rules/contact.js'
import { checkLength } from './rules/length.js'
import { checkSource } from './rules/source.js'
import type { Checker, CheckContext, CheckResult, Hit } from './types.js'
import { labelsOf, raiseCategoryOf, verdictOf } from './verdict.js'

export interface CheckerOptions {
  /** where OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS are read (src/config/env.ts); with a key, the LLM second opinion is on */
  env?: Record<string, string | undefined>
  logger?: Logger
  llmTimeoutMs?: number
  /** overrides checklist.lexiconDir */
  lexiconDir?: string
  /** counts calls to the LLM and their failures */
  telemetry?: Pick<Telemetry, 'llmCall'>
  /** the draft's date when the context gives none: titles and removals in the roster are read against it */
  clock?: Clock
}

/** A checker whose context may be left out (a draft, dated by the clock). */
export interface ReloadableChecker extends Checker {
  check(text: string, context?: CheckContext): Promise<CheckResult>
  reload(): Promise<void>
}

const CACHE_LIMIT = 500
const PACKAGED_PROMPT = fileURLToPath(new URL('../../prompts/llm-review.v1.md', import.meta.url))

/**
 * Rules first (lexicons, contact details, source, length, attachments, and the 三校 proofreading:
 * roster names and titles, formulations, typos), then, with a key, the LLM
 * second opinion, which may add findings (at most "review": a model can hold a draft for a person,
 * never block it alone) and raise the category, but never remove a rule finding.
 */
export function createChecker(config: Config, options: CheckerOptions = {}): ReloadableChecker {
  const cl: ChecklistConfig = checklistConfigSchema.parse(config.checklist ?? {})
  const dir = options.lexiconDir ?? resolveConfigPath('.', cl.lexiconDir)
  const logger = options.logger
  const enabled = (category: string) => cl.categories[category]?.enabled !== false
  const install = (s: LexiconScanner) => {
    if (s.unknownCategories.length)
      logger?.warn({ categories: s.unknownCategories, dir }, 'lexicon categories not named under checklist.categories; they are checked as enabled')
    return s
  }
  let scanner = install(buildLexiconScanner(readLexiconsSync(dir), cl.categories))
  let proofreader = buildProofreader(cl)
  const clock = options.clock ?? systemClock
  const judge = makeJudge(config, cl, options)
  const cache = new Map<string, LlmAnswer>()

  async function check(text: string, context: CheckContext = { kind: 'draft' }): Promise<CheckResult> {
    const notes: string[] = []
    if (!cl.enabled) return { verdict: 'pass', labels: [], hits: [], manual: [], notes: ['清单检查已在配置中关闭（checklist.enabled: false）'] }
    const isDraft = context.kind === 'draft'
    const proof = proofreader.scan(text, context.title, context.date ?? clock.now())
    notes.push(...proof.notes)
    const hits: Hit[] = [
      ...(context.title ? scanner.scan(context.title).map((h): Hit => ({ ...h, field: 'title' })) : []),
      ...scanner.scan(text),
      ...(enabled('contact') ? findContacts(text) : []),
      ...(enabled('source') ? checkSource(text, context.title, cl.requireSource, isDraft) : []),
      ...(enabled('length') ? checkLength(text, context.title, context.textLimit, cl.lengthSeverity) : []),
      ...(enabled('attachment') ? checkAttachments(context.attachments, cl.attachments) : []),
      ...proof.hits,
    ]
    let llmRaise: string | undefined
    if (judge) {
      const answer = await secondOpinion(judge, text, context.title, notes)
      if (answer) {
        // a finding must quote the text it is about: a quote the model imagined (or none) is noise, and a report would print it as the author's words
        hits.push(...answer.findings.flatMap((f) => llmHit(f, text, context.title, cl) ?? []))
        llmRaise = answer.raiseCategory ?? undefined
      }
    }
    const raiseCategory = raiseCategoryOf(hits, cl.categories, config.categories, llmRaise)
    return {
      verdict: verdictOf(hits),
      labels: labelsOf(hits),
      hits,
      manual: isDraft ? cl.manual : [],
      ...(raiseCategory ? { raiseCategory } : {}),
      notes,
    }
  }

  async function secondOpinion(j: LlmJudge, text: string, title: string | undefined, notes: string[]): Promise<LlmAnswer | undefined> {
    const key = createHash('sha256')
      .update(`${cl.llm.model}\0${title ?? ''}\0${text}`)
      .digest('hex')
    const cached = cache.get(key)
    if (cached) return cached
    try {
      const answer = await j.review(text, title)
      options.telemetry?.llmCall('ok')
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
      cache.set(key, answer)
      return answer
    } catch (e) {
      options.telemetry?.llmCall('error')
      logger?.warn(
        { err: redactSecrets(String((e as Error)?.message ?? e), [options.env?.OPENAI_API_KEY]), model: cl.llm.model },
        'llm review failed; rules only',
      )
      notes.push(`大模型第二意见不可用（${describe(e)}），本次仅按规则检查`)
      return undefined
    }
  }

  async function reload(): Promise<void> {
    scanner = install(buildLexiconScanner(await readLexicons(dir), cl.categories))
    proofreader = buildProofreader(cl)
    logger?.info({ dir }, 'lexicons reloaded')
  }

  return { check, reload }
}

function makeJudge(config: Config, cl: ChecklistConfig, options: CheckerOptions): LlmJudge | undefined {
  const llm = llmSettings(cl.llm, options.env ?? {})
  if (!llm) return undefined
  const promptPath = resolveConfigPath('.', cl.llm.prompt)
  const prompt = existsSync(promptPath) ? promptPath : PACKAGED_PROMPT
  const categories = Object.fromEntries(
    Object.entries(cl.categories)
      .filter(([, c]) => c.enabled)
      .map(([k, c]) => [k, c.name]),
  )
  return createOpenAiJudge({
    apiKey: llm.apiKey,
    baseURL: llm.baseURL,
    model: llm.model,
    timeoutMs: options.llmTimeoutMs ?? llm.timeoutMs,
    template: readFileSync(prompt, 'utf8'),
    categories,
    contentCategories: Object.keys(config.categories),
    ...(options.logger ? { logger: options.logger } : {}),
  })
}

function llmHit(f: LlmAnswer['findings'][number], text: string, title: string | undefined, cl: ChecklistConfig): Hit | undefined {
  const inText = locateQuote(text, f.quote)
  const inTitle = inText || !title ? undefined : locateQuote(title, f.quote)
  const at = inText ?? inTitle
  if (!at) return undefined
  const quoted = (inText ? text : title!).slice(at.start, at.end)
  const name = cl.categories[f.category]?.name ?? f.category
  return {
    term: quoted.slice(0, 40),
    category: f.category,
    list: 'llm',
    severity: f.severity === 'block' ? 'review' : f.severity,
    start: at.start,
    end: at.end,
    text: quoted,
    reason: `【AI 第二意见·${name}】${f.reason}`,
    source: 'llm',
    ...(inTitle ? { field: 'title' as const } : {}),
  }
}

function describe(e: unknown): string {
  const m = e instanceof Error ? `${e.name} ${e.message}` : String(e)
  if (/timeout|timed out|abort/i.test(m)) return '超时'
  if (/JSON|schema/.test(m)) return '回答格式无效'
  return '调用出错'
}
