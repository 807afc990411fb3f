import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Mint } from 'mint-filter'
import { foldTable } from '../src/checklist/char-table.js'
import { createMatcher } from '../src/index.js'
import { chineseText, commonWords, lessCommonWords, lexicon, realProse } from './checklist-corpus.js'

/**
 * The checklist matcher (every normalisation on) beside other JavaScript matchers, on three inputs:
 * sparse — 20,000 random terms over 1 MiB of random common characters, a hit every ~400; dense —
 * jieba's words ranked 5,001–25,000 over 1 MiB of real prose, a hit every ~15 characters; densest —
 * jieba's 20,000 most frequent words over the same prose, a hit every 2.9 characters. Other
 * matchers run when installed (or found under BENCH_MODULES, a node_modules folder); each times
 * its own fastest way to report every hit, and its count where it has one. Then the build time
 * for 50,000 terms. The matcher comes through the package's entry point, as a user gets it: that
 * loads the whole bot, ioredis included, whose `class … extends String` slows every charCodeAt loop
 * in the process (see unitsOf in src/checklist/matcher.ts).
 */
export const name = 'checklist matcher'

const MIB = 1 << 20

interface Timing {
  best: number
  median: number
  value: number
}

/** up to `runs` runs, fewer once they have taken `budgetMs` together (slow competitors) */
function time(runs: number, f: () => number, budgetMs = Infinity): Timing {
  const ms: number[] = []
  let value = 0
  for (let r = 0, spent = 0; r < runs && spent < budgetMs; r++) {
    const t0 = performance.now()
    value = f()
    ms.push(performance.now() - t0)
    spent += ms[ms.length - 1]!
  }
  ms.sort((a, b) => a - b)
  return { best: ms[0]!, median: ms[Math.floor(ms.length / 2)]!, value }
}

const speed = (chars: number, ms: number) => `${(chars / ms / 1000).toFixed(1)} M chars/s`

function line(label: string, chars: number, t: Timing, unit: string): string {
  return `${label}: best ${t.best.toFixed(1)} ms = ${speed(chars, t.best)}, median ${t.median.toFixed(1)} ms = ${speed(chars, t.median)}; ${t.value} ${unit}`
}

type Other = { label: string; build(terms: string[]): { all(text: string): number; count?(text: string): number } }

/** Other matchers, each loaded only if it can be resolved. */
async function others(): Promise<Other[]> {
  const load = async (pkg: string): Promise<unknown> => {
    try {
      return await import(pkg)
    } catch {
      const dir = process.env.BENCH_MODULES
      if (!dir) return undefined
      try {
        return await import(pathToFileURL(createRequire(join(dir, 'x.js')).resolve(pkg)).href)
      } catch {
        return undefined
      }
    }
  }
  const list: Other[] = [
    {
      label: 'mint-filter 4.0.3 filter({ replace: false })',
      build: (terms) => {
        const m = new Mint(terms)
        return { all: (text) => m.filter(text, { replace: false }).words.length }
      },
    },
  ]
  const modern = (await load('modern-ahocorasick')) as
    | { default: new (p: string[]) => { search(t: string): unknown[]; count(t: string): number } }
    | undefined
  if (modern) {
    list.push({
      label: 'modern-ahocorasick search / count',
      build: (terms) => {
        const m = new modern.default(terms)
        return { all: (text) => m.search(text).length, count: (text) => m.count(text) }
      },
    })
  }
  const classic = (await load('ahocorasick')) as { default: new (p: string[]) => { search(t: string): Array<[number, string[]]> } } | undefined
  if (classic) {
    list.push({
      label: 'ahocorasick 1.0.2 search',
      build: (terms) => {
        const m = new classic.default(terms)
        return { all: (text) => m.search(text).reduce((n, [, w]) => n + w.length, 0) }
      },
    })
  }
  return list
}

export async function run(): Promise<string[]> {
  const lines: string[] = []
  const coldTable = time(1, () => foldTable().length)
  lines.push(`normalisation tables (once per process, opencc included): ${coldTable.best.toFixed(1)} ms`)
  const competitors = await others()

  const randomTerms = lexicon(20_000, 20_000)
  const prose = realProse(MIB)
  const inputs: Array<[string, string[], string]> = [
    ['sparse: 20,000 random terms, 1 MiB random text', randomTerms, chineseText(MIB, randomTerms, 7)],
    [`dense: jieba's words ranked 5,001–25,000, 1 MiB of real prose (${prose.sources.join(', ')})`, lessCommonWords(), prose.text],
    [`densest: jieba's 20,000 commonest words, the same prose`, commonWords(), prose.text],
  ]
  for (const [label, terms, text] of inputs) {
    lines.push(`**${label}**`)
    const m = createMatcher(terms)
    const scan = time(9, () => m.scan(text).length)
    const spans = time(9, () => m.spans(text).count)
    const count = time(9, () => m.count(text))
    lines.push(line('sanshen scan (hit objects)', text.length, scan, 'hits'))
    lines.push(line('sanshen spans (typed arrays)', text.length, spans, 'hits'))
    lines.push(line('sanshen count', text.length, count, 'hits'))
    for (const o of competitors) {
      const c = o.build(terms)
      const all = time(3, () => c.all(text), 2000)
      lines.push(`${line(o.label, text.length, all, 'hits')} — sanshen scan ${(all.best / scan.best).toFixed(1)}× faster`)
      if (c.count) {
        const n = time(5, () => c.count!(text), 2000)
        lines.push(`${line(`${o.label} (count)`, text.length, n, 'hits')} — sanshen count ${(n.best / count.best).toFixed(1)}× faster`)
      }
    }
    lines.push(`throughput target ≥ 50 M chars/s (scan, best): ${text.length / scan.best / 1000 >= 50 ? 'met' : 'NOT met'}`)
  }

  const terms50k = lexicon(50_000, 50_000)
  const build = time(5, () => createMatcher(terms50k).size)
  lines.push(`build 50,000 terms (tables warm): best ${build.best.toFixed(1)} ms, median ${build.median.toFixed(1)} ms  (target < 200 ms)`)
  return lines
}
