import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createChecker, LexiconError } from '../../src/checklist/index.js'
import type { Hit } from '../../src/checklist/types.js'
import { ConfigError, parseConfig } from '../../src/config/load.js'
import { ManualClock } from '../../src/clock.js'

const dir = mkdtempSync(join(tmpdir(), 'sanshen-roster-'))
const ROSTER = `organisation: 某区教育局
bodies:
  - name: 局领导班子
    people:
      - name: 王建军
        titles:
          - { title: 党组书记, from: 2022-01-01 }
          - { title: 局长, from: 2022-01-01 }
          - { title: 副局长, from: 2017-03-01, to: 2021-12-31 }
      - name: 陈晓东
        titles: [{ title: 副局长, from: 2020-05-01 }]
      - name: 刘芳
        titles: [{ title: 副局长, from: 2023-02-01 }]
      - name: 高峰
        titles: [{ title: 总督学, from: 2021-01-01 }]
      - name: 周德胜
        titles: [{ title: 副局长, from: 2016-01-01, to: 2025-03-31 }]
        removed: { date: 2025-04-01, reason: 涉嫌严重违纪违法，接受审查调查 }
`
function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const rosterPath = file('roster.yaml', ROSTER)
// the shipped configuration without its checklist section, so each test writes its own
const baseYaml = readFileSync('config/sanshen.yaml', 'utf8').replace(/\n# 三校[\s\S]*$/, '\n')
const withChecklist = (section: string) => parseConfig(`${baseYaml}checklist:\n${section}`)
const configWith = (roster: string[]) => withChecklist(`  roster: [${roster.map((r) => JSON.stringify(r)).join(', ')}]\n`)
const clock = new ManualClock(Date.UTC(2026, 5, 1, 2))
const checker = createChecker(configWith([rosterPath]), { clock })
const of = (hits: Hit[], category: string) => hits.filter((h) => h.category === category)
const roster = async (text: string) => of((await checker.check(text)).hits, 'roster')

describe('roster checks', () => {
  it('a title the person does not hold, written with the surname: 王副局长 for the 局长 王建军', async () => {
    const [h] = await roster('会上，王副局长强调要抓好安全工作。')
    expect(h).toMatchObject({ text: '王副局长', suggestion: '王局长', start: 3, end: 7, severity: 'review', source: 'rules', ruleSource: rosterPath })
    expect(h!.reason).toContain('王建军')
  })
  it('surname + title only against roster people with a title of that kind, after an organisation or a boundary', async () => {
    expect(await roster('团委陈书记、宣传部刘部长出席活动。')).toEqual([])
    expect((await roster('局党组王副局长主持会议。'))[0]).toMatchObject({ text: '王副局长', suggestion: '王局长' })
    expect(await roster('学校要提高副局长级干部待遇。')).toEqual([])
  })
  it('a title used after it ended, against the draft date from the clock or the context', async () => {
    const text = '副局长王建军出席活动并讲话。'
    const [h] = await roster(text)
    expect(h).toMatchObject({ term: 'title-ended', start: 0, end: 3, text: '副局长', suggestion: '局长' })
    expect(h!.reason).toContain('2021-12-31')
    expect(of((await checker.check(text, { kind: 'draft', date: Date.UTC(2021, 5, 1) })).hits, 'roster')).toEqual([])
  })
  it('a correct name and title raises nothing', async () => {
    expect(await roster('党组书记、局长王建军，副局长陈晓东、刘芳出席会议。')).toEqual([])
  })
  it('a near miss of a roster name is named with the likely name', async () => {
    const [h] = await roster('陈晓冬副局长带队检查校园安全。')
    expect(h).toMatchObject({ term: 'name', text: '陈晓冬', suggestion: '陈晓东', start: 0, end: 3 })
    const [same] = await roster('王健军在会上指出，要办好人民满意的教育。')
    expect(same).toMatchObject({ text: '王健军', suggestion: '王建军' })
  })
  it('common words one character away from a name do not fire without a cue', async () => {
    expect(await roster('全市教育高峰论坛在此举行，王建设同学获得一等奖，登高峰顶。')).toEqual([])
  })
  it('leaders listed against the body order', async () => {
    const [h] = await roster('副局长刘芳、陈晓东，局长王建军出席。')
    expect(h).toMatchObject({ term: 'order', suggestion: '王建军、陈晓东、刘芳' })
    expect(h!.text.startsWith('刘芳')).toBe(true)
    expect(await roster('刘芳向王建军汇报工作。')).toEqual([])
  })
  it('a removed person is always held for review with reason and date', async () => {
    const [h] = await roster('周德胜同志曾分管基础教育工作。')
    expect(h).toMatchObject({ term: 'removed', text: '周德胜', severity: 'review' })
    expect(h!.reason).toContain('2025-04-01')
    expect(h!.reason).toContain('涉嫌严重违纪违法')
    expect((await checker.check('周德胜同志曾分管基础教育工作。')).verdict).toBe('review')
  })
  it('an empty roster file checks nothing and fails nothing', async () => {
    const c = createChecker(configWith([file('empty.yaml', '')]))
    expect(of((await c.check('副局长王建军出席。')).hits, 'roster')).toEqual([])
  })
})

describe('roster files that cannot be used', () => {
  it('names the file and line of broken YAML', () => {
    const p = file('broken.yaml', 'bodies:\n  - name: 班子\n    people: [\n')
    expect(() => createChecker(configWith([p]))).toThrow(ConfigError)
    expect(() => createChecker(configWith([p]))).toThrow(/broken\.yaml:\d+:\d+/)
  })
  it('names the file, line and path of a bad field', () => {
    const p = file(
      'bad-date.yaml',
      'bodies:\n  - name: 班子\n    people:\n      - name: 王建军\n        titles: [{ title: 局长, from: 2022/01/01 }]\n',
    )
    expect(() => createChecker(configWith([p]))).toThrow(/bad-date\.yaml:5:\d+: bodies\[0\]\.people\[0\]\.titles\[0\]\.from: a date as YYYY-MM-DD/)
  })
  it('names a roster file that does not exist', () => {
    expect(() => createChecker(configWith(['roster/nope.yaml']))).toThrow(/roster\/nope\.yaml: file not found/)
  })
  it('refuses a roster that is not a list of files, with its line', () => {
    expect(() => withChecklist('  roster: yes\n')).toThrow(/sanshen\.yaml:\d+:\d+: checklist\.roster/)
  })
})

describe('formulations', () => {
  it('a wrong formulation gives the standard form and its source', async () => {
    const [h] = of((await checker.check('要深入贯彻以人为中心的发展思想。')).hits, 'formulation')
    expect(h).toMatchObject({ text: '以人为中心的发展思想', suggestion: '以人民为中心的发展思想', ruleSource: '党的十九大报告', start: 5 })
  })
  it('an outdated formulation after its date, not before, not when marked 原', async () => {
    const text = '国家卫生计生委发布通知。'
    expect(of((await checker.check(text)).hits, 'formulation')).toHaveLength(1)
    expect(of((await checker.check(text, { kind: 'draft', date: Date.UTC(2017, 0, 1) })).hits, 'formulation')).toEqual([])
    expect(of((await checker.check('原国家卫生计生委发布通知。')).hits, 'formulation')).toEqual([])
  })
  it('the wrong form inside the standard form is no error', async () => {
    expect(of((await checker.check('学习习近平新时代中国特色社会主义思想。')).hits, 'formulation')).toEqual([])
  })
})

describe('typos', () => {
  it('idioms and set phrases with their correction and span', async () => {
    const text = '希望大家再接再励，按步就班，警钟常鸣。'
    const hits = of((await checker.check(text)).hits, 'typo')
    expect(hits.map((h) => [h.text, h.suggestion, text.slice(h.start, h.end)])).toEqual([
      ['再接再励', '再接再厉', '再接再励'],
      ['按步就班', '按部就班', '按步就班'],
      ['警钟常鸣', '警钟长鸣', '警钟常鸣'],
    ])
    expect(hits[0]!.ruleSource).toMatch(/typos-(common|idioms)\.txt/)
  })
  it('an idiom one same-sounding character off, outside the table, is suggested from the idiom list', async () => {
    const [h] = of((await checker.check('同学们对老人和霭可亲。')).hits, 'typo')
    expect(h).toMatchObject({ text: '和霭可亲', suggestion: '和蔼可亲', start: 6, end: 10, list: 'idiom' })
    expect(of((await checker.check('同学们一心一意、全力以赴，实事求是地开展工作。')).hits, 'typo')).toEqual([])
  })
  it('a typo in the title points into the title', async () => {
    const [h] = of((await checker.check('正文无误。', { kind: 'draft', title: '再接再励' })).hits, 'typo')
    expect(h).toMatchObject({ field: 'title', start: 0, end: 4 })
  })
  it('a broken typo file names file and line', () => {
    const p = file('my-typos.txt', '再接再励 -> 再接再厉\n坏行 -> \n')
    expect(() => createChecker(withChecklist(`  proofread:\n    typos: [${JSON.stringify(p)}]\n`))).toThrow(LexiconError)
    expect(() => createChecker(withChecklist(`  proofread:\n    typos: [${JSON.stringify(p)}]\n`))).toThrow(/my-typos\.txt:2/)
  })
})

describe('size and switches', () => {
  it('an oversize text is proofread up to the limit, with a note', async () => {
    const c = createChecker(withChecklist('  proofread:\n    maxChars: 1000\n'))
    const text = `${'这是一段正常的文字。'.repeat(100)}再接再励`
    const r = await c.check(text)
    expect(of(r.hits, 'typo')).toEqual([])
    expect(r.notes.join()).toContain('只检查了前 1000 字')
    const big = `再接再励${'这是一段正常的文字。'.repeat(50_000)}`
    expect(of((await checker.check(big)).hits, 'typo')).toHaveLength(1)
  })
  it('categories switched off are not checked', async () => {
    const c = createChecker(withChecklist('  categories:\n    typo: { enabled: false }\n'))
    expect(of((await c.check('再接再励')).hits, 'typo')).toEqual([])
  })
})
