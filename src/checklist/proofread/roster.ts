import { createMatcher, type MatchHit } from '../matcher.js'
import type { Hit } from '../types.js'
import type { RosterPerson } from './roster-file.js'
import { active, closest, COMMON_TITLES, currentTitles, describeTitles, endOf, holds, sameTitle, surnameOf } from './roster-titles.js'
import { soundsAlike } from './sound.js'

/** a cue that a name stands before it, but not a title */
const COMRADE = '同志'
const SENTENCE = /[。！？!?；;\n]/
/** what lies between two names of a list: separators, titles, 同志 */
const LIST_GAP = /^[、，,和及与同志\p{Script=Han}\s]{1,16}$/u
const PUNCT_OR_EDGE = /^$|^[\s、，,。！？!?；;：:“”"（）()]/u
/** what may stand before 王 in 王主任: particles, and the last character of an organisation's name */
const BEFORE_SURNAME = /[的由向对请与和及、委组局厅部院校会室处司府办团社镇乡村街区市县省]/
/** words that commonly follow a name in a report: a name candidate before them is bounded */
const AFTER_NAME = /^(?:$|[\s、，,。！？!?；;：:“”"（）()]|在|表示|指出|强调|出席|主持|讲话|说|带队|一行|等)/u

interface Occurrence {
  person: RosterPerson
  start: number
  end: number
  /** exact: the roster name as written; near: a near miss of it */
  exact: boolean
}

export interface RosterChecker {
  scan(text: string, day: string): Hit[]
  /** where the roster's names stand in the text, written exactly */
  names(text: string): Array<{ start: number; end: number }>
}

export function buildRosterChecker(people: readonly RosterPerson[]): RosterChecker {
  if (people.length === 0) return { scan: () => [], names: () => [] }
  const rosterTitles = new Set(people.flatMap((p) => p.titles.map((t) => t.title)))
  const titleWords = [...new Set([...COMMON_TITLES, ...rosterTitles]), COMRADE]
  const matchOpts = { noise: false, collapseRepeats: false, numbers: false } as const
  const titles = createMatcher(titleWords, matchOpts)
  const names = createMatcher(
    people.map((p) => p.name),
    matchOpts,
  )
  const byName = new Map(people.map((p) => [p.name, p]))
  const bySurname = new Map<string, RosterPerson[]>()
  for (const p of people) if (p.name.length >= 3) bySurname.set(p.name[0]!, [...(bySurname.get(p.name[0]!) ?? []), p])
  const lengths = [...new Set(people.map((p) => p.name.length))]
  const isSurname = new Uint8Array(65536)
  for (const k of bySurname.keys()) isSurname[k.charCodeAt(0)] = 1

  function scan(text: string, day: string): Hit[] {
    const hits: Hit[] = []
    const titleHits = longestPerEdge(titles.scan(text))
    const titleEndingAt = new Map<number, MatchHit>()
    const titleStartingAt = new Map<number, MatchHit>()
    for (const t of titleHits) {
      if (!titleEndingAt.has(t.end) || titleEndingAt.get(t.end)!.term.length < t.term.length) titleEndingAt.set(t.end, t)
      if (!titleStartingAt.has(t.start) || titleStartingAt.get(t.start)!.term.length < t.term.length) titleStartingAt.set(t.start, t)
    }
    const cued = (start: number, end: number) => titleEndingAt.has(start) || titleStartingAt.has(end)

    // 1. exact names: 2-character names only with a cue (高峰 is also a word)
    const occ: Occurrence[] = []
    for (const m of names.scan(text)) {
      const person = byName.get(m.term)!
      if (person.name.length < 3 && !cued(m.start, m.end)) continue
      occ.push({ person, start: m.start, end: m.end, exact: true })
    }
    const taken = (s: number, e: number) => occ.some((o) => s < o.end && e > o.start)

    // 2. near misses next to a title or 同志
    for (const t of titleHits) {
      for (const L of lengths) {
        const before = { start: t.start - L, end: t.start }
        if (before.start >= 0 && !taken(before.start, before.end)) {
          const bounded = before.start === 0 || PUNCT_OR_EDGE.test(text[before.start - 1]!) || titleEndingAt.has(before.start)
          const n = nearMiss(text.slice(before.start, before.end), t.term, bounded)
          if (n) occ.push({ person: n, ...before, exact: false })
        }
        const after = { start: t.end, end: t.end + L }
        if (t.term !== COMRADE && after.end <= text.length && !taken(after.start, after.end)) {
          const bounded = AFTER_NAME.test(text.slice(after.end, after.end + 2)) || titleStartingAt.has(after.end)
          const n = nearMiss(text.slice(after.start, after.end), t.term, bounded)
          if (n) occ.push({ person: n, ...after, exact: false })
        }
      }
    }
    // 3. near misses anywhere: surname kept, one given-name character with the same or a similar sound (张健国)
    for (let i = 0; i < text.length; i++) {
      if (!isSurname[text.charCodeAt(i)]) continue
      for (const p of bySurname.get(text[i]!)!) {
        const end = i + p.name.length
        if (end > text.length || taken(i, end)) continue
        const cand = text.slice(i, end)
        if (byName.has(cand)) continue
        const d = diffAt(cand, p.name)
        if (d > 0 && /^\p{Script=Han}$/u.test(cand[d]!) && soundsAlike(cand[d]!, p.name[d]!)) occ.push({ person: p, start: i, end, exact: false })
      }
    }
    occ.sort((a, b) => a.start - b.start)

    for (const o of occ) {
      const written = text.slice(o.start, o.end)
      const p = o.person
      if (!o.exact) {
        hits.push(
          hit(
            o,
            written,
            p.name,
            `疑似人名有误：“${written}”与领导名单中的“${p.name}”（${p.body}${describeTitles(p, day)}）仅一字之差，请核对`,
            p.file,
          ),
        )
      }
      if (p.removed && day >= p.removed.date) {
        hits.push(
          hit(o, written, undefined, `“${p.name}”已于 ${p.removed.date} 被免职（${p.removed.reason}），稿件提及此人须经人工核实`, p.file, 'removed'),
        )
      }
      // a removed person's titles have ended with the removal: the removal finding says it all
      if (p.removed && day >= p.removed.date) continue
      for (const t of [titleEndingAt.get(o.start), titleStartingAt.get(o.end)]) {
        if (!t || t.term === COMRADE) continue
        // 原副局长许文斌: a title held before, marked as former
        const former = /[原前]$/.test(text.slice(0, t.start)) || /^[原前]/.test(text.slice(o.end))
        if (former && p.titles.some((s) => sameTitle(s.title, t.term) && s.to && s.to < day)) continue
        hits.push(...titleProblem(p, t, day, t.start, t.end, t.term))
      }
    }
    hits.push(...surnameTitles(text, day, titleHits, occ))
    hits.push(...orderProblems(text, occ))
    return hits
  }

  /** The roster person a one-character-off name stands for, given the title next to it. */
  function nearMiss(cand: string, title: string, bounded: boolean): RosterPerson | undefined {
    if (!/^\p{Script=Han}+$/u.test(cand) || byName.has(cand)) return undefined
    let best: RosterPerson | undefined
    for (const p of people) {
      if (p.name.length !== cand.length) continue
      const d = diffAt(cand, p.name)
      if (d < 0) continue
      const sound = soundsAlike(cand[d]!, p.name[d]!)
      // a different-sounding character only when the title fits the person and the name is bounded
      const fits = title !== COMRADE && p.titles.some((t) => sameTitle(t.title, title))
      if (sound || (fits && bounded && p.name.length >= 3)) {
        if (!best || fits) best = p
      }
    }
    return best
  }

  /** 王副主任 where the roster's only 王 is 主任 */
  function surnameTitles(text: string, day: string, titleHits: MatchHit[], occ: Occurrence[]): Hit[] {
    const out: Hit[] = []
    for (const t of titleHits) {
      if (t.term === COMRADE || t.start === 0 || (!rosterTitles.has(t.term) && ![...rosterTitles].some((r) => sameTitle(r, t.term)))) continue
      if (occ.some((o) => o.end === t.start || (o.start < t.start && o.end > t.start - 1))) continue
      // 欧阳局长: a compound surname of the roster is read whole
      const two = text.slice(Math.max(0, t.start - 2), t.start)
      const surname = people.some((p) => surnameOf(p.name) === two) ? two : text[t.start - 1]!
      const from = t.start - surname.length
      const prev = from >= 1 ? text[from - 1]! : ''
      // 王主任 stands after a boundary or an organisation (党委王书记); 提高主任 or 女王主任 do not
      if (prev && !PUNCT_OR_EDGE.test(prev) && !titleEndingAt(titleHits, from) && !BEFORE_SURNAME.test(prev)) continue
      // only roster people whose titles are of the same kind (副主任 ~ 主任): 团委钱副书记 is someone else than 钱副局长
      const alive = (p: RosterPerson) => surnameOf(p.name) === surname && !(p.removed && day >= p.removed.date)
      let same = people.filter((p) => alive(p) && p.titles.some((s) => s.title.slice(-2) === t.term.slice(-2)))
      // 冯董事长 where the roster's 冯 is 总经理 and its 董事长 is someone else: the title belongs to another person
      const owner = people.find((p) => surnameOf(p.name) !== surname && p.titles.some((s) => s.title === t.term && active(s, day)))
      if (same.length === 0 && owner) same = people.filter(alive)
      const owners = people.filter((p) => surnameOf(p.name) !== surname && holds(p, t.term, day)).map((p) => p.name)
      if (same.length === 0) continue
      // 原王局长: a former title, marked as former, is right
      if (/[原前]$/.test(text.slice(0, from)) && same.some((p) => p.titles.some((s) => sameTitle(s.title, t.term) && s.to && s.to < day))) continue
      if (same.some((p) => holds(p, t.term, day))) continue
      const current = same.flatMap((p) => currentTitles(p, day).map((c) => ({ p, c })))
      if (current.length === 0) continue
      const ended = same.find((p) => p.titles.some((s) => sameTitle(s.title, t.term)))
      const reason = ended
        ? `“${surname}${t.term}”：名单中${ended.name}的职务“${t.term}”已于 ${endOf(ended, t.term)} 结束，现任${describeTitles(ended, day)}`
        : `“${surname}${t.term}”：领导名单中的${surname}姓领导为${[...new Set(current.map(({ p }) => p))].map((p) => `${p.name}（${currentTitles(p, day).join('、')}）`).join('、')}${owner ? `，${t.term}是${owners.join('、')}` : ''}，职务有误`
      // one person of that surname: suggest the current title closest to what was written
      const holders = new Set(current.map(({ p }) => p))
      const only =
        holders.size === 1
          ? closest(
              current.map(({ c }) => c),
              t.term,
            )
          : undefined
      out.push({
        term: ended ? 'title-ended' : 'title',
        category: 'roster',
        list: 'roster',
        severity: 'review',
        start: from,
        end: t.end,
        text: text.slice(from, t.end),
        ...(only ? { suggestion: `${surname}${only}` } : {}),
        reason,
        source: 'rules',
        ruleSource: (ended ?? same[0]!).file,
      })
    }
    return out
  }

  function orderProblems(text: string, occ: Occurrence[]): Hit[] {
    const out: Hit[] = []
    const listed = occ.filter((o) => !o.person.removed)
    let chain: Occurrence[] = []
    const flush = () => {
      const bodies = new Set(chain.map((o) => o.person.body))
      for (const body of bodies) {
        const inBody = chain.filter((o) => o.person.body === body && chain.indexOf(o) === chain.findIndex((x) => x.person === o.person))
        if (inBody.length < 2 || inBody.every((o, i) => i === 0 || inBody[i - 1]!.person.rank <= o.person.rank)) continue
        const sorted = [...inBody].sort((a, b) => a.person.rank - b.person.rank).map((o) => o.person.name)
        const first = inBody[0]!
        const last = inBody[inBody.length - 1]!
        out.push({
          term: 'order',
          category: 'roster',
          list: 'roster',
          severity: 'review',
          start: first.start,
          end: last.end,
          text: text.slice(first.start, last.end),
          suggestion: sorted.join('、'),
          reason: `领导排序与${body}名单不一致，应为：${sorted.join('、')}`,
          source: 'rules',
          ruleSource: first.person.file,
        })
      }
      chain = []
    }
    for (const o of listed) {
      const prev = chain[chain.length - 1]
      if (prev) {
        const gap = text.slice(prev.end, o.start)
        if (SENTENCE.test(gap) || !LIST_GAP.test(gap) || !/[、，,和及与]/.test(gap)) flush()
      }
      chain.push(o)
    }
    flush()
    return out
  }

  return { scan, names: (text) => names.scan(text) }
}

function titleEndingAt(titleHits: MatchHit[], at: number): boolean {
  return titleHits.some((t) => t.end === at)
}

/** A title hit nested in a longer one at the same edge (书记 in 党委书记) says nothing more. */
function longestPerEdge(hits: MatchHit[]): MatchHit[] {
  return hits.filter((h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start))
}

/** The one position where two equally long names differ, -1 when they differ in none or in more. */
function diffAt(a: string, b: string): number {
  if (a.length !== b.length) return -1
  let at = -1
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue
    if (at >= 0) return -1
    at = i
  }
  return at
}

function titleProblem(p: RosterPerson, t: MatchHit, day: string, start: number, end: number, written: string): Hit[] {
  if (p.titles.length === 0 || holds(p, written, day)) return []
  const current = currentTitles(p, day)
  const past = p.titles.find((s) => sameTitle(s.title, written) && s.to && s.to < day)
  const future = p.titles.find((s) => sameTitle(s.title, written) && s.from && day < s.from)
  const reason = past
    ? `${p.name}的职务“${written}”已于 ${past.to} 结束${current.length ? `，现任${current.join('、')}` : ''}`
    : future
      ? `${p.name}自 ${future.from} 起才任“${written}”`
      : `${p.name}的职务应为${current.length ? `“${current.join('、')}”` : '（名单中无现任职务）'}，不是“${written}”`
  return [
    {
      term: past ? 'title-ended' : 'title',
      category: 'roster',
      list: 'roster',
      severity: 'review',
      start,
      end,
      text: t.text,
      ...(current.length ? { suggestion: closest(current, written) } : {}),
      reason,
      source: 'rules',
      ruleSource: p.file,
    },
  ]
}

function hit(o: Occurrence, written: string, suggestion: string | undefined, reason: string, file: string, term = 'name'): Hit {
  return {
    term,
    category: 'roster',
    list: 'roster',
    severity: 'review',
    start: o.start,
    end: o.end,
    text: written,
    ...(suggestion ? { suggestion } : {}),
    reason,
    source: 'rules',
    ruleSource: file,
  }
}
