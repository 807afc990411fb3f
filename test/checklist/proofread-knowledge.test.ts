import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createChecker } from '../../src/checklist/index.js'
import { readFormulations } from '../../src/checklist/proofread/files.js'
import { looksAlike } from '../../src/checklist/proofread/shape.js'
import { createStatisticalDetector, type SpellDetector } from '../../src/checklist/proofread/spell.js'
import { buildWordFreq, withWords } from '../../src/checklist/proofread/word-freq.js'
import type { Hit } from '../../src/checklist/types.js'
import { ConfigError, parseConfig } from '../../src/config/load.js'
import { ManualClock } from '../../src/clock.js'

const dir = mkdtempSync(join(tmpdir(), 'sanshen-knowledge-'))
function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const roster = file(
  'roster.yaml',
  `bodies:
  - name: 集团领导班子
    people:
      - name: 秦海洋
        titles: [{ title: 董事长, from: 2021-03-01 }]
      - name: 冯建军
        titles: [{ title: 总经理, from: 2022-01-01 }]
      - name: 许文斌
        titles: [{ title: 副总经理, from: 2016-05-01, to: 2024-12-31 }, { title: 一级调研员, from: 2025-01-01 }]
      - name: 欧阳振华
        titles: [{ title: 副总经理, from: 2020-01-01 }]
`,
)
const baseYaml = readFileSync('config/sanshen.yaml', 'utf8').replace(/\n# 三校[\s\S]*$/, '\n')
const checker = createChecker(parseConfig(`${baseYaml}checklist:\n  roster: [${JSON.stringify(roster)}]\n`), {
  clock: new ManualClock(Date.UTC(2026, 2, 10, 2)),
})
const proof = async (text: string, category?: string): Promise<Hit[]> =>
  (await checker.check(text)).hits.filter((h) => (category ? h.category === category : ['typo', 'formulation', 'roster'].includes(h.category)))

describe('the misspelling detector (no table)', () => {
  // one detector for the file: building jieba's index is the slow part
  const detector: SpellDetector = createStatisticalDetector()
  it('finds same-sound and look-alike characters in words no table lists, with the word it should be', () => {
    expect(detector.detect('全体参建人员齐心携力，确保工程如期完工。')).toMatchObject([{ text: '齐心携力', suggestion: '齐心协力', kind: 'sound' }])
    expect(detector.detect('各级党组识要发挥战斗堡垒作用。')).toMatchObject([{ text: '党组识', suggestion: '党组织' }])
    expect(detector.detect('与先进地区相比，我们的服务还相形见拙。')).toMatchObject([{ suggestion: '相形见绌', kind: 'shape' }])
  })
  it('leaves correct official prose alone', () => {
    const clean = '各单位要坚持人民至上、生命至上，统筹发展和安全，严格落实属地管理责任、部门监管责任和企业主体责任。'
    expect(detector.detect(clean)).toEqual([])
  })
  it('scores each finding between 0 and 1', () => {
    for (const f of detector.detect('希望大家齐心携力，举世嘱目。')) expect(f.score).toBeGreaterThan(0)
  })
  it('takes an office’s own words as right', () => {
    const base = buildWordFreq('两位 5000\n微 3000\n两 9000\n')
    expect(withWords(base, ['两微 800']).freq('两微', 0, 2)).toBe(800)
    expect(withWords(base, ['两微']).freq('两位', 0, 2)).toBe(5000)
  })
  it('derives look-alike characters from decomposition data', () => {
    const c = (s: string) => s.charCodeAt(0)
    expect(looksAlike(c('眈'), c('耽'))).toBe(true)
    expect(looksAlike(c('戍'), c('戌'))).toBe(true)
    expect(looksAlike(c('己'), c('已'))).toBe(true)
    expect(looksAlike(c('纠'), c('统'))).toBe(false)
  })
})

describe('formulations as structured knowledge', () => {
  it('a sequence out of order, with the canonical order as the correction and its source', async () => {
    const [h] = await proof('坚持预防为主、安全第一、综合治理的方针。', 'formulation')
    expect(h).toMatchObject({ suggestion: '安全第一、预防为主、综合治理', list: 'sequence' })
    expect(h!.reason).toContain('安全生产法')
    expect(h!.reason).toMatch(/\d{4}-\d{2}-\d{2}/)
  })
  it('a missing, an extra and a wrong member', async () => {
    expect((await proof('要增强政治意识、大局意识、核心意识，坚决做到“两个维护”。', 'formulation'))[0]?.reason).toContain('缺少“看齐意识”')
    expect((await proof('倡导自由、平等、公平、法治。', 'formulation'))[0]).toMatchObject({ text: '公平', suggestion: '公正' })
    expect((await proof('倡导富强、民主、文明、和谐、美丽，倡导自由、平等、公正、法治。', 'formulation'))[0]).toMatchObject({ text: '美丽' })
  })
  it('quotes and spaces inside a formulation do not hide it; a rule that only asks for quotes is met by them', async () => {
    expect((await proof('服务「“一带一路”战略」。', 'formulation'))[0]).toMatchObject({ suggestion: '“一带一路”倡议' })
    expect((await proof('全面完成十四五规划确定的任务。', 'formulation'))[0]).toMatchObject({ suggestion: '“十四五”规划' })
    expect(await proof('全面完成“十四五”规划确定的任务。', 'formulation')).toEqual([])
  })
  it('collocations, redundant prefixes and role words', async () => {
    expect((await proof('要不断增强“四个自信”。', 'formulation'))[0]).toMatchObject({ suggestion: '坚定四个自信' })
    expect(await proof('要坚定“四个自信”、增强“四个意识”、做到“两个维护”。', 'formulation')).toEqual([])
    expect((await proof('国家教育部印发通知。', 'formulation'))[0]).toMatchObject({ text: '国家教育部', suggestion: '教育部' })
    expect(await proof('国家发展改革委印发通知。', 'formulation')).toEqual([])
    expect((await proof('来自文艺界的政协代表建言献策。', 'formulation'))[0]).toMatchObject({ suggestion: '政协委员' })
    expect(await proof('全国人大委员长出席会议。', 'formulation')).toEqual([])
  })
  it('outdated forms by the draft’s date', async () => {
    expect((await proof('促进学生德智体美全面发展。', 'formulation'))[0]?.suggestion).toBe('德智体美劳全面发展')
    expect(await proof('促进学生德智体美劳全面发展。', 'formulation')).toEqual([])
    expect((await proof('展览回顾了八年抗战的历程。', 'formulation'))[0]?.suggestion).toBe('十四年抗战')
  })
  it('words decided by their context', async () => {
    expect((await proof('截止目前，已建成42个。', 'typo'))[0]).toMatchObject({ text: '截止', suggestion: '截至' })
    expect(await proof('报名截止日期为4月30日。', 'typo')).toEqual([])
    expect((await proof('市文化馆发布招聘启示。', 'typo'))[0]).toMatchObject({ suggestion: '启事' })
    expect(await proof('红色教育基地给青年带来深刻的启示。', 'typo')).toEqual([])
    expect((await proof('群众可以通过热线反应问题。', 'typo'))[0]).toMatchObject({ suggestion: '反映' })
  })
  it('a file without source or date, or with a bad field, is refused with its line', () => {
    const bad = file(
      'bad.yaml',
      'wrong:\n  - { text: 国家教育部, standard: 教育部, source: 某文件 }\nsequences:\n  - { name: x, groups: [], source: s, date: 2020-01-01 }\n',
    )
    expect(() => readFormulations([bad])).toThrow(ConfigError)
    try {
      readFormulations([bad])
    } catch (e) {
      expect((e as Error).message).toMatch(/bad\.yaml:2:\d+.*date/)
      expect((e as Error).message).toMatch(/bad\.yaml:4:\d+.*groups/)
    }
  })
})

describe('roster: titles belong to people', () => {
  it('a surname with another person’s title', async () => {
    const [h] = await proof('集团冯董事长带队检查节日安全工作。', 'roster')
    expect(h).toMatchObject({ text: '冯董事长', suggestion: '冯总经理' })
    expect(h!.reason).toContain('董事长是秦海洋')
  })
  it('a compound surname is read whole: 欧阳 is not 阳', async () => {
    expect((await proof('欧阳总经理出席了签约仪式。', 'roster'))[0]).toMatchObject({ text: '欧阳总经理', suggestion: '欧阳副总经理' })
    expect(await proof('欧阳副总经理出席了签约仪式。', 'roster')).toEqual([])
  })
  it('「原」 before a former title is right', async () => {
    expect(await proof('原副总经理许文斌参加了座谈会。', 'roster')).toEqual([])
    expect(await proof('副总经理许文斌参加了座谈会。', 'roster')).toHaveLength(1)
  })
  it('a roster name is never corrected as a misspelling', async () => {
    expect(await proof('集团领导秦海洋、冯建军出席。')).toEqual([])
  })
})
