import { readdirSync, readFileSync } from 'node:fs'
import { createChecker } from '../src/checklist/index.js'
import type { Hit } from '../src/checklist/types.js'
import { ManualClock } from '../src/clock.js'
import { checklistConfigSchema } from '../src/config/checklist-schema.js'
import { loadConfig } from '../src/config/load.js'

/**
 * 三校 against the golden set (bench/proofread/golden.tsv, roster bench/proofread/roster.yaml,
 * draft date 2026-06-01): precision and recall per planted error kind, false alarms per 10,000
 * characters of clean text (the golden set's clean sentences and the five regulations in
 * bench/proofread/clean/), and the time of a whole check (every rule, no LLM) of a 680-character draft.
 */
export const name = '三校 proofreading (golden set)'

const DIR = 'bench/proofread'
const KINDS = ['typo', 'formulation', 'roster-name', 'roster-title', 'roster-order', 'roster-removed'] as const
const PROOF = new Set(['typo', 'formulation', 'roster'])

function kindOf(h: Hit): string {
  if (h.category !== 'roster') return h.category
  return h.term === 'name' ? 'roster-name' : h.term === 'order' ? 'roster-order' : h.term === 'removed' ? 'roster-removed' : 'roster-title'
}

export async function run(): Promise<string[]> {
  const config = loadConfig('config/sanshen.yaml')
  const t0 = performance.now()
  const checker = createChecker(
    { ...config, checklist: checklistConfigSchema.parse({ roster: [`${DIR}/roster.yaml`] }) },
    { clock: new ManualClock(Date.UTC(2026, 5, 1, 2)) },
  )
  const buildMs = performance.now() - t0
  const rows = readFileSync(`${DIR}/golden.tsv`, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string, string])
  const tp = new Map<string, number>()
  const fp = new Map<string, number>()
  const planted = new Map<string, number>()
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
  const misses: string[] = []
  const alarms: string[] = []
  let cleanChars = 0
  let cleanAlarms = 0
  for (const [kind, wrong, sentence] of rows) {
    const hits = (await checker.check(sentence)).hits.filter((h) => PROOF.has(h.category))
    if (kind === 'clean') {
      cleanChars += sentence.length
      cleanAlarms += hits.length
    } else inc(planted, kind)
    const at = wrong ? sentence.indexOf(wrong) : -1
    let found = false
    for (const h of hits) {
      const match = kind === kindOf(h) && at >= 0 && h.start < at + wrong.length && h.end > at
      if (match && !found) {
        found = true
        inc(tp, kind)
      } else if (!match) {
        inc(fp, kindOf(h))
        alarms.push(`${kindOf(h)} “${h.text}” in ${sentence}`)
      }
    }
    if (kind !== 'clean' && !found) misses.push(`${kind} “${wrong}” in ${sentence}`)
  }
  let regChars = 0
  for (const f of readdirSync(`${DIR}/clean`)) {
    const text = readFileSync(`${DIR}/clean/${f}`, 'utf8')
    regChars += text.length
    const hits = (await checker.check(text)).hits.filter((h) => PROOF.has(h.category))
    cleanAlarms += hits.length
    for (const h of hits) {
      inc(fp, kindOf(h))
      alarms.push(`${kindOf(h)} “${h.text}” in ${f}`)
    }
  }
  const lines = KINDS.map((k) => {
    const t = tp.get(k) ?? 0
    const p = t / Math.max(1, t + (fp.get(k) ?? 0))
    const r = t / Math.max(1, planted.get(k) ?? 0)
    return `${k}: planted ${planted.get(k) ?? 0}, found ${t}, false ${fp.get(k) ?? 0} → precision ${p.toFixed(3)}, recall ${r.toFixed(3)}`
  })
  const roster = KINDS.filter((k) => k.startsWith('roster'))
  const sum = (m: Map<string, number>) => roster.reduce((a, k) => a + (m.get(k) ?? 0), 0)
  lines.push(
    `roster (all four): precision ${(sum(tp) / Math.max(1, sum(tp) + sum(fp))).toFixed(3)}, recall ${(sum(tp) / Math.max(1, sum(planted))).toFixed(3)}`,
  )
  const chars = cleanChars + regChars
  lines.push(
    `clean text: ${chars} chars (${cleanChars} in ${rows.filter((r) => r[0] === 'clean').length} clean sentences, ${regChars} in the regulations), ${cleanAlarms} false alarms = ${((cleanAlarms * 10_000) / chars).toFixed(2)} per 10,000 chars`,
  )
  for (const m of misses) lines.push(`missed: ${m}`)
  for (const a of alarms) lines.push(`false alarm: ${a}`)

  // a 680-character draft of golden sentences, planted errors included
  let draft = ''
  for (let i = 0; draft.length < 680; i = (i + 37) % rows.length) draft += rows[i]![2]
  draft = draft.slice(0, 680)
  for (let i = 0; i < 50; i++) await checker.check(draft)
  const times: number[] = []
  for (let i = 0; i < 500; i++) {
    const s = performance.now()
    await checker.check(draft, { kind: 'draft', title: '关于做好全市教育系统安全工作的通知', textLimit: 680 })
    times.push(performance.now() - s)
  }
  times.sort((a, b) => a - b)
  lines.push(`whole check of a 680-char draft (all rules, no LLM): median ${times[250]!.toFixed(2)} ms, p95 ${times[475]!.toFixed(2)} ms (500 runs)`)
  lines.push(`checker build (lexicons, roster and tables, cold): ${buildMs.toFixed(0)} ms`)
  return lines
}
