import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml'
import type { ZodError, ZodType } from 'zod'
import { knownKeysAt, nearestKey } from './known-keys.js'
import { resolveConfigPath } from './paths.js'
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
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('')
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
  const config = anchorPaths(parseYaml(text, file, configSchema, 'the configuration is not valid'), dirname(resolve(file)))
  files.set(config, file)
  return config
}

/** The file each loaded configuration came from, for texts that tell an administrator where to write. */
const files = new WeakMap<Config, string>()

/** The file a configuration was read from (as given to loadConfig), or undefined for one built in code. */
export function configFileOf(config: Config): string | undefined {
  return files.get(config)
}

/**
 * YAML checked against a zod schema; a ConfigError names the file, line and column of each
 * problem (the configuration, and the data files it points to: rosters, formulation tables), and
 * an unknown key with the nearest known one.
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
  const problems = describeIssues(result.error, schema, doc, lineCounter, file)
  throw new ConfigError(`${file}: ${what}\n${problems.join('\n')}`, problems)
}

/** Every path the configuration names, made absolute the one documented way (src/config/paths.ts). */
function anchorPaths(c: Config, dir: string): Config {
  const { drills } = c.playground
  const { proofread } = c.checklist
  const all = (paths: readonly string[]) => paths.map((p) => resolveConfigPath(dir, p))
  return {
    ...c,
    replies: { ...c.replies, holidaysFile: resolveConfigPath(dir, c.replies.holidaysFile) },
    checklist: {
      ...c.checklist,
      lexiconDir: resolveConfigPath(dir, c.checklist.lexiconDir),
      roster: all(c.checklist.roster),
      proofread: {
        ...proofread,
        formulations: all(proofread.formulations),
        typos: all(proofread.typos),
        idioms: all(proofread.idioms),
        words: all(proofread.words),
      },
      llm: { ...c.checklist.llm, prompt: resolveConfigPath(dir, c.checklist.llm.prompt) },
    },
    playground: { drills: drills === false ? false : resolveConfigPath(dir, drills) },
  }
}

/**
 * One line per problem: `file:line:col: path: message`. An unknown key is reported at the key
 * itself, with the nearest key the schema knows there.
 */
export function describeIssues(error: ZodError, schema: ZodType, doc: Document, lineCounter: LineCounter, file: string): string[] {
  const pos = (range: readonly number[] | null | undefined) => {
    if (!range) return ''
    const { line, col } = lineCounter.linePos(range[0]!)
    return `:${line}:${col}`
  }
  // Point at the deepest node that exists, so a missing key points at its parent.
  const where = (path: readonly PropertyKey[]): string => {
    for (let n = path.length; n >= 0; n--) {
      const node = getNode(doc, path.slice(0, n))
      if (isNode(node) && node.range) return pos(node.range)
    }
    return ''
  }
  return error.issues.flatMap((issue) => {
    const path = issue.path as PropertyKey[]
    if (issue.code !== 'unrecognized_keys') return [`${file}${where(path)}: ${formatPath(path) || '(top level)'}: ${issue.message}`]
    const parent = getNode(doc, path)
    const known = knownKeysAt(schema, path)
    return issue.keys.map((key) => {
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined
      const at = pair && isNode(pair.key) ? pos(pair.key.range) : where(path)
      const near = nearestKey(key, known)
      const hint = near ? `; did you mean "${near}"?` : known.length > 0 ? `; known keys here: ${known.join(', ')}` : ''
      return `${file}${at}: ${formatPath([...path, key])}: unknown key "${key}"${hint}`
    })
  })
}

/** The YAML node at a path; year-like keys may be numbers in the document. */
function getNode(doc: Document, path: readonly PropertyKey[]): unknown {
  return (
    doc.getIn(path as unknown[], true) ??
    doc.getIn(
      path.map((k) => (typeof k === 'string' && /^\d+$/.test(k) ? Number(k) : k)),
      true,
    )
  )
}
