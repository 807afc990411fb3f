import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The proofreader's speed and memory with the shipped configuration: a whole check() of distinct
 * 680-character drafts cut from clean prose (the regulations and the dev set's prose), timed by
 * the wall clock AND by the process's CPU time, which a machine shared with other jobs inflates far
 * less; then, in fresh processes, the cold start (createChecker and the first check, wall and CPU)
 * and the resident memory the proofreader adds to a bare Node process.
 */
export const name = '三校 proofreader speed and memory (shipped configuration)'

const DRAFT = 680
const RUNS = 300
const REGULATIONS = ['../shared/regulations', '../../shared/regulations', '/work/shared/regulations']

function prose(): string {
  const dirs = [...REGULATIONS.filter((d) => safeList(d).length), 'bench/proofread/dev/clean']
  return dirs
    .flatMap((d) => safeList(d).map((f) => readFileSync(`${d}/${f}`, 'utf8')))
    .join('')
    .replace(/\s+/g, '')
}

function safeList(d: string): string[] {
  try {
    return readdirSync(d).filter((f) => f.endsWith('.txt'))
  } catch {
    return []
  }
}

async function build() {
  const { createChecker } = await import('../src/checklist/checker.js')
  const { loadConfig } = await import('../src/config/load.js')
  return createChecker(loadConfig('config/sanshen.yaml'))
}

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

async function cold(): Promise<string> {
  const rss0 = process.memoryUsage().rss
  const w0 = performance.now()
  const c0 = cpuMs()
  const checker = await build()
  await checker.check('关于开展校园安全专项检查的通知：各学院要高度重视，认真组织自查。')
  return JSON.stringify({ wall: performance.now() - w0, cpu: cpuMs() - c0, rss0, rss: process.memoryUsage().rss })
}

export async function run(): Promise<string[]> {
  const text = prose()
  const stride = Math.max(1, Math.floor((text.length - DRAFT) / RUNS))
  const drafts: string[] = []
  for (let i = 0; i + DRAFT <= text.length && drafts.length < RUNS; i += stride) drafts.push(text.slice(i, i + DRAFT))
  const checker = await build()
  for (const d of drafts.slice(0, 20)) await checker.check(`${d}。`)
  const wall: number[] = []
  const cpu: number[] = []
  for (const d of drafts) {
    const w = performance.now()
    const c = cpuMs()
    await checker.check(d, { kind: 'draft', title: '关于做好岁末年初安全生产工作的通知', textLimit: DRAFT })
    cpu.push(cpuMs() - c)
    wall.push(performance.now() - w)
  }
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(2)
  const colds = [0, 1, 2].map(
    () =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--cold'], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .pop()!,
      ) as { wall: number; cpu: number; rss0: number; rss: number },
  )
  const best = colds.reduce((a, b) => (b.wall < a.wall ? b : a))
  const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`
  return [
    `whole check() of ${drafts.length} distinct ${DRAFT}-character drafts: wall p50 ${q(wall, 0.5)} ms, p95 ${q(wall, 0.95)} ms; CPU p50 ${q(cpu, 0.5)} ms, p95 ${q(cpu, 0.95)} ms`,
    `cold start (createChecker + first check, fresh process, modules loaded by tsx, best of 3): wall ${best.wall.toFixed(0)} ms, CPU ${best.cpu.toFixed(0)} ms (all three: ${colds.map((c) => c.wall.toFixed(0)).join(', ')} ms)`,
    `resident memory: ${MB(best.rss)} after the first check, ${MB(best.rss - best.rss0)} more than before the checker was built`,
  ]
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--cold') console.log(await cold())
