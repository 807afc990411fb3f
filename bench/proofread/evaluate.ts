import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CheckContext, Checker, Hit } from '../../src/checklist/types.js'
import { PROOFREADING } from '../../src/checklist/types.js'

/**
 * The 三校 evaluator: scores one proofreading test set through `createChecker` with the SHIPPED
 * configuration (config/sanshen.yaml), only the roster replaced by the set's own. bench/proofread/SETS.md
 * describes sets and the rule that a held-out set is never tuned on.
 *
 * A set is a folder:
 *   sentences.tsv      UTF-8; `#` lines are comments; five tab-separated columns
 *                      class<TAB>error<TAB>correction<TAB>date<TAB>sentence
 *                      class: one of CLASSES; error: the exact wrong span as it stands in the sentence
 *                      (empty for clean rows; it must occur exactly once); correction: what it should
 *                      read; date: the draft's date YYYY-MM-DD (empty: 2026-06-01); sentence: the draft.
 *   roster.yaml        optional, the roster format (src/checklist/proofread/roster-file.ts); replaces the shipped roster
 *   clean/*.txt        optional clean prose: every finding in it is a false alarm
 *   uses-regulations   optional switch file: also read the regulations (../shared/regulations/*.txt
 *                      beside the repository, found at run time, never copied) as clean prose
 *
 * A planted error is found when a proofreading finding's span overlaps it; every finding that does
 * not overlap a planted span is false. The default output is figures only; `--show` lists the misses
 * and false alarms (never use it on a held-out set while tuning).
 *
 *   npx tsx bench/proofread/evaluate.ts <set folder> [--show] [--no-timing] [--regulations <folder>]
 */

export const CLASSES = [
  'typo-sound',
  'typo-shape',
  'typo-word',
  'formulation-order',
  'formulation-wording',
  'formulation-collocation',
  'formulation-outdated',
  'roster',
  'clean',
] as const
export type RowClass = (typeof CLASSES)[number]

export const GROUPS: Record<string, readonly RowClass[]> = {
  typos: ['typo-sound', 'typo-shape', 'typo-word'],
  formulations: ['formulation-order', 'formulation-wording', 'formulation-collocation', 'formulation-outdated'],
  roster: ['roster'],
}

/** the categories that count: the checker's one list of proofreading categories */
export const PROOF_CATEGORIES: ReadonlySet<string> = PROOFREADING

export const DEFAULT_DATE = '2026-06-01'
const DRAFT_CHARS = 680
const TIMED_RUNS = 500
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export class SetError extends Error {}

export interface Row {
  /** 1-based line in sentences.tsv */
  line: number
  cls: RowClass
  error: string
  correction: string
  date: string
  sentence: string
  /** where `error` starts in the sentence; -1 for clean rows */
  at: number
}

/** Parses sentences.tsv; a malformed row is a SetError naming its line, never skipped. */
export function parseSentences(text: string, file = 'sentences.tsv'): Row[] {
  const rows: Row[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '' || raw.startsWith('#')) return
    const bad = (why: string) => new SetError(`${file}:${line}: ${why}: ${raw}`)
    const cols = raw.split('\t')
    if (cols.length !== 5) throw bad(`${cols.length} columns, expected 5 (class, error, correction, date, sentence)`)
    const [cls, error, correction, date, sentence] = cols as [string, string, string, string, string]
    if (!(CLASSES as readonly string[]).includes(cls)) throw bad(`unknown class "${cls}" (one of ${CLASSES.join(', ')})`)
    if (!sentence) throw bad('empty sentence')
    if (date && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))) throw bad(`date "${date}" is not YYYY-MM-DD`)
    let at = -1
    if (cls === 'clean') {
      if (error || correction) throw bad('a clean row has no error and no correction')
    } else {
      if (!error) throw bad('an error row needs the wrong span')
      if (!correction) throw bad('an error row needs the correction')
      if (error === correction) throw bad('the correction equals the error')
      at = sentence.indexOf(error)
      if (at < 0) throw bad(`the error "${error}" is not in the sentence`)
      if (sentence.indexOf(error, at + 1) >= 0) throw bad(`the error "${error}" occurs more than once: quote more of it`)
    }
    rows.push({ line, cls: cls as RowClass, error, correction, date: date || DEFAULT_DATE, sentence, at })
  })
  return rows
}

export interface ProseFile {
  name: string
  text: string
}

export interface LoadedSet {
  dir: string
  rows: Row[]
  /** the set's roster.yaml (absolute), when it has one */
  roster?: string
  prose: ProseFile[]
  regulations: ProseFile[]
  /** what happened to the regulations: not asked for, read from a folder, or absent */
  regulationsNote: string
}

/** ../shared/regulations beside the repository (or beside the folder holding a git worktree of it) */
export function findRegulations(): string | undefined {
  return [resolve(ROOT, '../shared/regulations'), resolve(ROOT, '../../shared/regulations')].find((d) => existsSync(d))
}

const txtFiles = (dir: string): ProseFile[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }))

export function readSet(dir: string, regulationsDir: string | undefined = findRegulations()): LoadedSet {
  const abs = resolve(dir)
  const tsv = join(abs, 'sentences.tsv')
  if (!existsSync(tsv)) throw new SetError(`${dir}: no sentences.tsv (is this a set folder?)`)
  const rows = parseSentences(readFileSync(tsv, 'utf8'), `${dir}/sentences.tsv`)
  const roster = existsSync(join(abs, 'roster.yaml')) ? join(abs, 'roster.yaml') : undefined
  const prose = existsSync(join(abs, 'clean')) ? txtFiles(join(abs, 'clean')) : []
  let regulations: ProseFile[] = []
  let regulationsNote = 'not used by this set'
  if (existsSync(join(abs, 'uses-regulations'))) {
    if (regulationsDir && existsSync(regulationsDir)) {
      regulations = txtFiles(regulationsDir)
      regulationsNote = `read from ${regulationsDir}`
    } else regulationsNote = 'ABSENT (no ../shared/regulations beside the repository): skipped'
  }
  return { dir, rows, ...(roster ? { roster } : {}), prose, regulations, regulationsNote }
}

const dayMs = (date: string) => Date.parse(`${date}T02:00:00Z`) // 10:00 China time

/** The shipped configuration with the set's roster; modules loaded on demand so a cold start can be timed. */
export async function buildChecker(roster: string | undefined, date = DEFAULT_DATE) {
  const [{ createChecker }, { loadConfig }, { ManualClock }] = await Promise.all([
    import('../../src/checklist/checker.js'),
    import('../../src/config/load.js'),
    import('../../src/clock.js'),
  ])
  const config = loadConfig(join(ROOT, 'config/sanshen.yaml'))
  const withRoster = roster ? { ...config, checklist: { ...config.checklist, roster: [roster] } } : config
  return createChecker(withRoster, { clock: new ManualClock(dayMs(date)) })
}

export interface Score {
  planted: Map<RowClass, number>
  found: Map<RowClass, number>
  findings: number
  falseFindings: number
  /** false findings by category, over everything */
  falseByCategory: Map<string, number>
  /** [chars, false alarms] of the clean rows, the set's prose, the regulations */
  clean: { rows: [number, number]; prose: [number, number]; regulations: [number, number] }
  misses: string[]
  alarms: string[]
}

const proofHits = async (checker: Checker, text: string, ctx: CheckContext) =>
  (await checker.check(text, ctx)).hits.filter((h) => PROOF_CATEGORIES.has(h.category))

const describe = (h: Hit) => `${h.category}/${h.term} “${h.text}”${h.suggestion ? ` → ${h.suggestion}` : ''}`

export async function scoreSet(set: LoadedSet, checker: Checker): Promise<Score> {
  const s: Score = {
    planted: new Map(),
    found: new Map(),
    findings: 0,
    falseFindings: 0,
    falseByCategory: new Map(),
    clean: { rows: [0, 0], prose: [0, 0], regulations: [0, 0] },
    misses: [],
    alarms: [],
  }
  const inc = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n)
  const falseHit = (h: Hit, where: string) => {
    s.falseFindings++
    inc(s.falseByCategory, h.category)
    s.alarms.push(`${describe(h)} in ${where}`)
  }
  for (const row of set.rows) {
    const hits = await proofHits(checker, row.sentence, { kind: 'draft', date: dayMs(row.date) })
    s.findings += hits.length
    const end = row.at + row.error.length
    const onTarget = (h: Hit) => row.at >= 0 && h.field !== 'title' && h.start < end && h.end > row.at
    for (const h of hits) if (!onTarget(h)) falseHit(h, `line ${row.line}: ${row.sentence}`)
    if (row.cls === 'clean') {
      s.clean.rows[0] += row.sentence.length
      s.clean.rows[1] += hits.length
      continue
    }
    inc(s.planted, row.cls)
    if (hits.some(onTarget)) inc(s.found, row.cls)
    else s.misses.push(`line ${row.line} ${row.cls} “${row.error}” → ${row.correction}: ${row.sentence}`)
  }
  for (const [key, files] of [
    ['prose', set.prose],
    ['regulations', set.regulations],
  ] as const)
    for (const f of files) {
      const hits = await proofHits(checker, f.text, { kind: 'draft', date: dayMs(DEFAULT_DATE) })
      s.findings += hits.length
      s.clean[key][0] += f.text.length
      s.clean[key][1] += hits.length
      for (const h of hits) falseHit(h, `${key === 'prose' ? 'clean/' : 'regulations/'}${f.name} at ${h.start}`)
    }
  return s
}

/** p50 and p95 of a whole check() over distinct 680-character drafts cut from the clean prose. */
export async function timeDrafts(checker: Checker, prose: string): Promise<{ p50: number; p95: number; runs: number } | undefined> {
  const text = prose.replace(/\s+/g, '')
  if (text.length < DRAFT_CHARS) return undefined
  const stride = Math.max(1, Math.floor((text.length - DRAFT_CHARS) / TIMED_RUNS))
  const drafts: string[] = []
  for (let i = 0; i + DRAFT_CHARS <= text.length && drafts.length < TIMED_RUNS; i += stride) drafts.push(text.slice(i, i + DRAFT_CHARS))
  const ctx: CheckContext = { kind: 'draft', title: '关于做好岁末年初安全生产工作的通知', textLimit: DRAFT_CHARS, date: dayMs(DEFAULT_DATE) }
  for (const d of drafts.slice(0, 20)) await checker.check(`${d}。`, ctx) // warm up on texts not timed below
  const times: number[] = []
  for (const d of drafts) {
    const t = performance.now()
    await checker.check(d, ctx)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!
  return { p50: at(0.5), p95: at(0.95), runs: times.length }
}

/** Run in a fresh process (`--cold <roster|->`): module loading, createChecker, the first check, and RSS. */
async function coldStart(roster: string | undefined): Promise<string> {
  const t0 = performance.now()
  await import('../../src/checklist/checker.js')
  const importMs = performance.now() - t0
  const t1 = performance.now()
  const checker = await buildChecker(roster)
  const buildMs = performance.now() - t1
  const rssBuilt = process.memoryUsage().rss
  const t2 = performance.now()
  await checker.check('关于开展校园安全专项检查的通知：各学院要高度重视，认真组织自查。', { kind: 'draft' })
  const firstMs = performance.now() - t2
  return JSON.stringify({ importMs, buildMs, firstMs, rssBuilt, rssFirst: process.memoryUsage().rss })
}

const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : '—')
const per10k = (alarms: number, chars: number) => (chars ? ((alarms * 10_000) / chars).toFixed(2) : '—')
const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`

/** A bench's run(): the set's figures (misses and false alarms with `--show`), or a line saying the set is not there. */
export async function benchSet(dir: string, flags: string[] = []): Promise<string[]> {
  if (!existsSync(dir)) return [`no set at ${dir}`]
  return evaluate(dir, { show: flags.includes('--show') })
}

export interface EvaluateOptions {
  show?: boolean
  timing?: boolean
  regulationsDir?: string
}

/** Every figure of one set, as lines (bench/run.ts prints them as a list). */
export async function evaluate(dir: string, options: EvaluateOptions = {}): Promise<string[]> {
  const set = readSet(dir, options.regulationsDir ?? findRegulations())
  const lines: string[] = []
  let cold: { importMs: number; buildMs: number; firstMs: number; rssBuilt: number; rssFirst: number } | undefined
  if (options.timing !== false) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--cold', set.roster ?? '-'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    cold = JSON.parse(out.trim().split('\n').pop()!)
  }
  const checker = await buildChecker(set.roster)
  const s = await scoreSet(set, checker)
  const n = (c: RowClass) => set.rows.filter((r) => r.cls === c).length
  lines.push(
    `set ${dir}: ${set.rows.length} rows (${set.rows.length - n('clean')} with a planted error, ${n('clean')} clean); roster ${set.roster ? 'roster.yaml of the set' : 'shipped'}; regulations ${set.regulationsNote}`,
  )
  lines.push('', '| class | planted | found | recall |', '|---|---|---|---|')
  for (const c of CLASSES.filter((c) => c !== 'clean')) {
    const p = s.planted.get(c) ?? 0
    const f = s.found.get(c) ?? 0
    lines.push(`| ${c} | ${p} | ${f} | ${pct(f, p)} |`)
  }
  for (const [g, cs] of Object.entries(GROUPS)) {
    const p = cs.reduce((a, c) => a + (s.planted.get(c) ?? 0), 0)
    const f = cs.reduce((a, c) => a + (s.found.get(c) ?? 0), 0)
    lines.push(`| **${g}** | ${p} | ${f} | **${pct(f, p)}** |`)
  }
  lines.push('')
  const byCat = [...s.falseByCategory].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'
  lines.push(
    `precision: ${pct(s.findings - s.falseFindings, s.findings)} (${s.findings - s.falseFindings} on a planted span of ${s.findings} proofreading findings; false by category: ${byCat})`,
  )
  const { rows, prose, regulations } = s.clean
  const chars = rows[0] + prose[0] + regulations[0]
  const alarms = rows[1] + prose[1] + regulations[1]
  lines.push(
    `false alarms: ${per10k(alarms, chars)} per 10,000 clean characters (${alarms} in ${chars}: clean rows ${rows[1]} in ${rows[0]}, the set's prose ${prose[1]} in ${prose[0]}, regulations ${regulations[1]} in ${regulations[0]})`,
  )
  if (options.timing !== false) {
    const t = await timeDrafts(checker, [...set.prose, ...set.regulations].map((f) => f.text).join(''))
    lines.push(
      t
        ? `whole check() of a ${DRAFT_CHARS}-character draft cut from the clean prose: p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms (${t.runs} distinct drafts)`
        : `timing skipped: less than ${DRAFT_CHARS} characters of clean prose`,
    )
    if (cold)
      lines.push(
        `cold start in a fresh process: modules ${cold.importMs.toFixed(0)} ms, createChecker ${cold.buildMs.toFixed(0)} ms, first check ${cold.firstMs.toFixed(0)} ms; RSS after build ${MB(cold.rssBuilt)}, after the first check ${MB(cold.rssFirst)}`,
      )
  }
  if (options.show) {
    for (const m of s.misses) lines.push(`missed: ${m}`)
    for (const a of s.alarms) lines.push(`false alarm: ${a}`)
  }
  return lines
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (args[0] === '--cold') console.log(await coldStart(args[1] === '-' ? undefined : args[1]))
  else {
    const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--regulations')
    if (!dir) throw new SetError('usage: npx tsx bench/proofread/evaluate.ts <set folder> [--show] [--no-timing] [--regulations <folder>]')
    const reg = args.indexOf('--regulations')
    const regulationsDir = reg >= 0 ? args[reg + 1] : undefined
    const lines = await evaluate(dir, {
      show: args.includes('--show'),
      timing: !args.includes('--no-timing'),
      ...(regulationsDir ? { regulationsDir } : {}),
    })
    for (const l of lines) console.log(l === '' || l.startsWith('|') ? l : `- ${l}`)
  }
}
