import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument, isNode } from 'yaml'
import type { ZodError, ZodType } from 'zod'
import { configSchema, type Config } from './schema.js'

/** A configuration that cannot be used. The message names the file, the line and the path inside it. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** `chains.weibo.stages[1].anyOf`, the way an operator reads a YAML path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('')
}

export function loadConfig(path: string): Config {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the configuration (${(e as Error).message}); set SANSHEN_CONFIG to its path`, [])
  }
  return parseConfig(text, path)
}

export function parseConfig(text: string, file = 'sanshen.yaml'): Config {
  return parseYaml(text, file, configSchema, 'the configuration is not valid')
}

/**
 * YAML checked against a zod schema; a ConfigError names the file, line and column of each
 * problem (the configuration, and the data files it points to: rosters, formulation tables).
 */
export function parseYaml<T>(text: string, file: string, schema: ZodType<T>, what: string): T {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: true })
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0]
      return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`
    })
    throw new ConfigError(`invalid YAML\n${problems.join('\n')}`, problems)
  }
  const result = schema.safeParse(doc.toJS() ?? {})
  if (result.success) return result.data
  const problems = describeIssues(result.error, (path) => {
    // Point at the deepest node that exists, so a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true)
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0])
        return `:${line}:${col}`
      }
    }
    return ''
  }, file)
  throw new ConfigError(`${file}: ${what}\n${problems.join('\n')}`, problems)
}

function describeIssues(error: ZodError, where: (path: PropertyKey[]) => string, file: string): string[] {
  return error.issues.map((issue) => {
    const path = issue.path as PropertyKey[]
    return `${file}${where(path)}: ${formatPath(path) || '(top level)'}: ${issue.message}`
  })
}
