import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluate, type LoadedSet, parseSentences, readSet, scoreSet, SetError } from '../../bench/proofread/evaluate.js'
import type { Checker, Hit } from '../../src/checklist/types.js'

const FIXTURE = 'test/fixtures/proofread-set'
const row = (...cols: string[]) => cols.join('\t')

/** A checker that answers each sentence with the hits scripted for it. */
function scripted(answers: Record<string, Partial<Hit>[]>): Checker {
  return {
    async check(text) {
      const hits = (answers[text] ?? []).map(
        (h): Hit => ({ term: 't', category: 'typo', list: 'x', severity: 'suggest', start: 0, end: 1, text: '', source: 'rules', ...h }),
      )
      return { verdict: 'pass', labels: [], hits, manual: [], notes: [] }
    },
  }
}

const setOf = (tsv: string, prose: LoadedSet['prose'] = []): LoadedSet => ({
  dir: 'x',
  rows: parseSentences(tsv),
  prose,
  regulations: [],
  regulationsNote: 'not used by this set',
})

describe('the 三校 evaluator', () => {
  it('parses rows, classes, the default date and the planted span; comments and blank lines are skipped', () => {
    const rows = parseSentences(
      [
        '# class error correction date sentence',
        row('typo-word', '座落', '坐落', '', '学校座落在城东。'),
        '',
        row('formulation-outdated', '八年抗战', '十四年抗战', '2025-09-03', '重温八年抗战历史。'),
        row('clean', '', '', '', '学校坐落在城东。'),
      ].join('\n'),
    )
    expect(rows.map((r) => [r.line, r.cls, r.date, r.at])).toEqual([
      [2, 'typo-word', '2026-06-01', 2],
      [4, 'formulation-outdated', '2025-09-03', 2],
      [5, 'clean', '2026-06-01', -1],
    ])
  })

  it.each([
    ['four columns', row('typo-word', '座落', '坐落', '学校座落在城东。')],
    ['an unknown class', row('typo', '座落', '坐落', '', '学校座落在城东。')],
    ['an error not in the sentence', row('typo-word', '座落', '坐落', '', '学校坐落在城东。')],
    ['an error twice in the sentence', row('typo-word', '座落', '坐落', '', '座落在城东，座落在湖边。')],
    ['a clean row with an error', row('clean', '座落', '', '', '学校座落在城东。')],
    ['an error row without a correction', row('typo-word', '座落', '', '', '学校座落在城东。')],
    ['a date that is not YYYY-MM-DD', row('typo-word', '座落', '坐落', '2025/9/3', '学校座落在城东。')],
  ])('rejects a row with %s, naming its line', (_, bad) => {
    expect(() => parseSentences(`# header\n${bad}\n`, 's.tsv')).toThrow(SetError)
    expect(() => parseSentences(`# header\n${bad}\n`, 's.tsv')).toThrow(/^s\.tsv:2: /)
  })

  it('counts a planted error as found only when a proofreading finding overlaps its span', async () => {
    const tsv = [
      row('typo-word', '座落', '坐落', '', '学校座落在城东。'), // span 2–4
      row('typo-sound', '布署', '部署', '', '会议作出布署。'), // span 4–6
      row('roster', '冯总经理', '冯董事长', '', '冯总经理讲话。'),
      row('clean', '', '', '', '学校坐落在城东。'),
    ].join('\n')
    const checker = scripted({
      '学校座落在城东。': [{ start: 3, end: 5 }], // overlaps: found
      '会议作出布署。': [
        { start: 0, end: 2 }, // beside the span: false
        { start: 4, end: 6, category: 'source' }, // not a proofreading category: ignored
        { start: 4, end: 6, field: 'title' }, // in the title, not the sentence: false
      ],
      '冯总经理讲话。': [{ start: 0, end: 4, category: 'roster' }],
      '学校坐落在城东。': [{ start: 2, end: 4, category: 'formulation' }], // clean row: false alarm
    })
    const s = await scoreSet(setOf(tsv, [{ name: 'p.txt', text: '一段干净的文字。' }]), checker)
    expect(Object.fromEntries(s.found)).toEqual({ 'typo-word': 1, roster: 1 })
    expect(Object.fromEntries(s.planted)).toEqual({ 'typo-word': 1, 'typo-sound': 1, roster: 1 })
    expect([s.findings, s.falseFindings]).toEqual([5, 3])
    expect(Object.fromEntries(s.falseByCategory)).toEqual({ typo: 2, formulation: 1 })
    expect(s.clean.rows).toEqual([8, 1])
    expect(s.clean.prose).toEqual([8, 0])
    expect(s.misses).toHaveLength(1)
    expect(s.misses[0]).toContain('布署')
  })

  it('reads a set folder: roster, clean prose, and says when the regulations it asks for are absent', () => {
    const fixture = readSet(FIXTURE, undefined)
    expect(fixture.rows).toHaveLength(3)
    expect(fixture.roster).toMatch(/proofread-set\/roster\.yaml$/)
    expect(fixture.prose.map((p) => p.name)).toEqual(['note.txt'])
    expect(fixture.regulationsNote).toBe('not used by this set')
    const dir = mkdtempSync(join(tmpdir(), 'proofset-'))
    writeFileSync(join(dir, 'sentences.tsv'), `${row('clean', '', '', '', '一句话。')}\n`)
    writeFileSync(join(dir, 'uses-regulations'), '')
    expect(readSet(dir, join(dir, 'no-such-folder')).regulationsNote).toMatch(/^ABSENT/)
    expect(() => readSet(join(dir, 'nothing'))).toThrow(SetError)
  })

  it('scores the fixture set through the shipped checker with the set roster; the lists of misses and false alarms after the figures', async () => {
    const shown = await evaluate(FIXTURE, { timing: false, show: true })
    const listed = (l: string) => l.startsWith('missed:') || l.startsWith('false alarm:')
    const figures = shown.filter((l) => !listed(l))
    expect(figures).toContain('| roster | 1 | 1 | 1.000 |')
    // the lists come after the figures, one "missed:" line per planted error the class table counts as not found
    expect(shown.slice(0, figures.length)).toEqual(figures)
    const unfound = figures.map((l) => /^\| [a-z-]+ \| (\d+) \| (\d+) \|/.exec(l)).reduce((n, m) => n + (m ? Number(m[1]) - Number(m[2]) : 0), 0)
    expect(shown.filter((l) => l.startsWith('missed:'))).toHaveLength(unfound)
    // by default (the held-out set's bench) the figures alone
    expect(await evaluate(FIXTURE, { timing: false })).toEqual(figures)
  })
})
