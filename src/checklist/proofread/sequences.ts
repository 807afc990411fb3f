import type { Hit } from '../types.js'
import type { SequenceEntry } from './formulation-file.js'
import { finding } from './finding.js'

/**
 * Ordered formulations (社会主义核心价值观, 四个意识, 安全第一、预防为主、综合治理): members written
 * in a row, separated by 、，；, are read as one list. A list of at least `minRun` members is
 * checked against the sequence: wrong order, a missing member of a group it touches, an extra item
 * among the members, or an item in place of the one member missing (公平 for 公正).
 */
const SEP = /^[\s“”"'「」]*[、，,；;]?[\s“”"'「」]*$/u
const FOREIGN = /^[\s“”"'「」]*[、，,；;][\s“”"'「」]*(\p{Script=Han}{1,6})[\s“”"'「」]*[、，,；;][\s“”"'「」]*$/u
const TRAILING = /^([\s“”"'「」]*、)(\p{Script=Han}{2,4})(?=[，。；;,！]|$)/u

interface Member {
  text: string
  group: number
  order: number
  start: number
  end: number
}

export function checkSequences(text: string, sequences: readonly SequenceEntry[]): Hit[] {
  const out: Hit[] = []
  for (const s of sequences) {
    const members = s.groups.flatMap((g, group) => g.map((m) => ({ m, group })))
    const found: Member[] = []
    members.forEach(({ m, group }, order) => {
      for (let at = text.indexOf(m); at >= 0; at = text.indexOf(m, at + 1)) found.push({ text: m, group, order, start: at, end: at + m.length })
    })
    found.sort((a, b) => a.start - b.start || b.end - a.end)
    const runs: Array<{ members: Member[]; foreign: Array<{ start: number; end: number }> }> = []
    let run: (typeof runs)[number] | undefined
    let last: Member | undefined
    for (const f of found) {
      if (last && f.start < last.end) continue
      const gap = last ? stripJoiners(text.slice(last.end, f.start), s.joiners) : undefined
      const foreign = gap !== undefined ? FOREIGN.exec(gap) : null
      if (run && gap !== undefined && SEP.test(gap)) run.members.push(f)
      else if (run && last && foreign && !run.foreign.length) {
        const at = text.indexOf(foreign[1]!, last.end)
        run.foreign.push({ start: at, end: at + foreign[1]!.length })
        run.members.push(f)
      } else {
        run = { members: [f], foreign: [] }
        runs.push(run)
      }
      last = f
    }
    const total = members.length
    for (const r of runs) {
      const need = Math.min(s.minRun, total)
      if (r.members.length < need) continue
      const first = r.members[0]!
      const end = r.members[r.members.length - 1]!
      const trailing = TRAILING.exec(text.slice(end.end))
      if (trailing && !r.foreign.length) {
        const at = end.end + trailing[1]!.length
        r.foreign.push({ start: at, end: at + trailing[2]!.length })
      }
      const span = { start: first.start, end: Math.max(end.end, r.foreign.at(-1)?.end ?? 0) }
      const why = `（依据：${s.source}，${s.date}）`
      if (r.members.some((m, i) => i > 0 && m.order <= r.members[i - 1]!.order)) {
        const sorted = [...r.members].sort((a, b) => a.order - b.order)
        let fixed = text.slice(span.start, span.end)
        // put each member in its canonical place, separators untouched
        for (let i = r.members.length - 1; i >= 0; i--) {
          const m = r.members[i]!
          fixed = fixed.slice(0, m.start - span.start) + sorted[i]!.text + fixed.slice(m.end - span.start)
        }
        out.push(finding('formulation', 'sequence', text, span.start, span.end, fixed, `【提法顺序】${s.name}的顺序应为“${fixed}”${why}`, s.source))
        continue
      }
      const groups = [...new Set(r.members.map((m) => m.group))]
      const present = new Set(r.members.map((m) => m.text))
      const missing = groups.flatMap((g) => s.groups[g]!.filter((m) => !present.has(m)))
      const canonical = groups.map((g) => s.groups[g]!.join('、')).join('，')
      const foreign = r.foreign[0]
      const at = (start: number, end: number, fix: string, reason: string) =>
        out.push(finding('formulation', 'sequence', text, start, end, fix, `${reason}${why}`, s.source))
      const wrote = foreign ? text.slice(foreign.start, foreign.end) : ''
      if (foreign && missing.length === 1)
        at(foreign.start, foreign.end, missing[0]!, `【提法有误】${s.name}中没有“${wrote}”，此处应为“${missing[0]}”`)
      else if (foreign && missing.length === 0) at(foreign.start, foreign.end, canonical, `【提法有误】${s.name}为“${canonical}”，多了“${wrote}”`)
      else if (missing.length) at(span.start, span.end, canonical, `【提法不全】${s.name}为“${canonical}”，缺少“${missing.join('、')}”`)
    }
  }
  return out
}

function stripJoiners(gap: string, joiners: readonly string[]): string {
  let g = gap
  for (const j of joiners) g = g.split(j).join('')
  return g
}
