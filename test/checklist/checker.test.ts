import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createChecker, LexiconError, parseLexicon } from '../../src/checklist/index.js'
import { parseConfig } from '../../src/config/load.js'

const yaml = readFileSync('config/sanshen.yaml', 'utf8')
const config = parseConfig(yaml)
/** the shipped configuration without its checklist: section (which only names the roster) */
const bare = yaml.replace(/\n# 三校[\s\S]*$/, '\n')
const draft = { kind: 'draft' as const, title: '通知', textLimit: 680 }
const SOURCE = '来源：本单位'

describe('lexicon format', () => {
  it('reads term, suggestion, category and severity, defaulting to the file name and review', () => {
    const f = parseLexicon('rumour.txt', '# 注释\n网传\n北朝鲜 -> 朝鲜 | usage | suggest\n赌球 | block | gambling  # 行尾注释\n')
    expect(f.terms).toEqual([
      { term: '网传', category: 'rumour', severity: 'review', list: 'rumour' },
      { term: '北朝鲜', category: 'usage', severity: 'suggest', list: 'rumour', suggestion: '朝鲜' },
      { term: '赌球', category: 'gambling', severity: 'block', list: 'rumour' },
    ])
  })
  it('names file and line of a bad field', () => {
    expect(() => parseLexicon('x.txt', '好词\n坏词 | BLOCK!\n')).toThrow(/x\.txt:2: "BLOCK!"/)
    expect(() => parseLexicon('x.txt', ' | block\n')).toThrow(LexiconError)
  })
  it('reads allow files as plain words', () => expect(parseLexicon('allow.txt', '三黄片\n').allow).toEqual(['三黄片']))
})

describe('starter lexicons', () => {
  const checker = createChecker(config)
  const samples: Record<string, string> = {
    'state-security': '此件为内部资料',
    'ethnic-hatred': '宣扬民族仇恨',
    'cult-superstition': '法轮功',
    rumour: '紧急扩散',
    obscenity: '黄片',
    gambling: '网赌',
    'violence-terror': '自制炸药',
    'insult-defamation': '狗官',
    'illegal-assembly': '集体上访',
    'illegal-organisation': '非法民间组织',
    'unconfirmed-info': '网传',
    'paid-news': '有偿新闻',
    'personal-voice': '我觉得',
    'major-policy': '机构改革',
    usage: '北朝鲜',
  }
  it('ships one file per category', () => {
    const files = readdirSync('config/lexicons').map((f) => f.replace(/\.txt$/, ''))
    for (const c of Object.keys(samples)) expect(files).toContain(c)
  })
  it.each(Object.entries(samples))('%s fires on a sample', async (category, text) => {
    const r = await checker.check(`${text}。${SOURCE}`, draft)
    expect(r.hits.some((h) => h.category === category)).toBe(true)
  })
})

describe('createChecker', () => {
  const checker = createChecker(config)

  it('passes clean text and works with no checklist: section', async () => {
    expect(bare).not.toMatch(/^checklist:/m)
    const r = await createChecker(parseConfig(bare)).check(`今天团委组织志愿服务活动。${SOURCE}`, draft)
    expect(r).toMatchObject({ verdict: 'pass', hits: [], labels: [] })
    expect(r.manual.join()).toContain('国旗')
  })

  it('blocks a block term, with span, category label and a Chinese reason', async () => {
    const text = `大家不要看黃片。${SOURCE}`
    const r = await checker.check(text, draft)
    expect(r.verdict).toBe('block')
    const hit = r.hits.find((h) => h.category === 'obscenity')!
    expect(text.slice(hit.start, hit.end)).toBe('黃片')
    expect(hit.reason).toContain('淫秽色情')
    expect(r.labels).toContainEqual({ category: 'obscenity', severity: 'block', count: 1 })
  })

  it('lets the allow list win over a blocked word it contains (三黄片)', async () => {
    const r = await checker.check(`三黄片是一种中成药。${SOURCE}`, draft)
    expect(r.verdict).toBe('pass')
  })

  it('offers usage suggestions without holding the draft', async () => {
    const r = await checker.check(`北朝鲜代表团到访，村长出席。${SOURCE}`, draft)
    expect(r.verdict).toBe('pass')
    expect(r.hits.map((h) => h.suggestion)).toEqual(['朝鲜', '村主任'])
  })

  it('raises a major-policy draft to the highest configured category', async () => {
    const r = await checker.check(`关于机构改革的通知。${SOURCE}`, draft)
    expect(r).toMatchObject({ verdict: 'review', raiseCategory: 'major' })
  })

  it('does not raise to a category the organisation does not have', async () => {
    const noMajor = parseConfig(yaml.replace(/^ {2}major: .*$/m, '').replace(/^ {2}(wechat|weibo)-major:[\s\S]*?(?=^ {2}\S|^supervisors)/gm, ''))
    const r = await createChecker(noMajor).check(`关于机构改革的通知。${SOURCE}`, draft)
    expect(r.raiseCategory).toBeUndefined()
  })

  it('finds terms in the title, marked as such', async () => {
    const r = await checker.check(`正文。${SOURCE}`, { ...draft, title: '网传消息' })
    expect(r.hits[0]).toMatchObject({ field: 'title', start: 0, end: 2, text: '网传' })
  })

  it('counts title and text against the account limit', async () => {
    const r = await checker.check('字'.repeat(139), { kind: 'reply', title: '题', textLimit: 140 })
    expect(r.verdict).toBe('pass')
    const over = await checker.check('字'.repeat(140), { kind: 'reply', title: '题', textLimit: 140 })
    expect(over.hits).toEqual([expect.objectContaining({ category: 'length', severity: 'block' })])
  })

  it('switches categories off from the configuration', async () => {
    const off = parseConfig(`${bare}\nchecklist:\n  categories:\n    obscenity: { enabled: false }\n    contact: { enabled: false }\n`)
    const r = await createChecker(off).check(`黄片 138 0013 8000 ${SOURCE}`, draft)
    expect(r.hits).toEqual([])
  })

  it('reloads edited lexicons without a restart, and rejects a bad file with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lex-'))
    writeFileSync(join(dir, 'rumour.txt'), '网传\n')
    const c = createChecker(config, { lexiconDir: dir })
    expect((await c.check(`据说。${SOURCE}`, draft)).verdict).toBe('pass')
    writeFileSync(join(dir, 'rumour.txt'), '网传\n据说 | block\n')
    await c.reload()
    expect((await c.check(`据说。${SOURCE}`, draft)).verdict).toBe('block')
    writeFileSync(join(dir, 'rumour.txt'), '据说 | oops!\n')
    await expect(c.reload()).rejects.toThrow(/rumour\.txt:1/)
    expect((await c.check(`据说。${SOURCE}`, draft)).verdict).toBe('block')
  })

  it('says which folder is missing', () => {
    expect(() => createChecker(config, { lexiconDir: '/nonexistent/lexicons' })).toThrow(/lexicon folder \/nonexistent\/lexicons/)
  })
})
