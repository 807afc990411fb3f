import { describe, expect, it } from 'vitest'
import { createMatcher } from '../../src/checklist/index.js'

const spans = (m: ReturnType<typeof createMatcher>, text: string) =>
  m
    .scan(text)
    .map((h) => [h.term, h.start, h.end, h.text])
    .sort((a, b) => (a[1] as number) - (b[1] as number) || String(a[0]).localeCompare(String(b[0])))

describe('createMatcher: every occurrence', () => {
  it('finds a term nested in a longer one where mint-filter finds nothing (我是中国人)', () => {
    const m = createMatcher(['中国人民', '国人'])
    expect(spans(m, '我是中国人')).toEqual([['国人', 3, 5, '国人']])
    expect(spans(m, '中国人民万岁')).toEqual([
      ['中国人民', 0, 4, '中国人民'],
      ['国人', 1, 3, '国人'],
    ])
  })

  it('reports overlapping terms and repeated occurrences', () => {
    const m = createMatcher(['网络赌博', '赌博平台'])
    expect(spans(m, '网络赌博平台，网络赌博')).toEqual([
      ['网络赌博', 0, 4, '网络赌博'],
      ['赌博平台', 2, 6, '赌博平台'],
      ['网络赌博', 7, 11, '网络赌博'],
    ])
  })

  it('reports every term sharing one normalised form, with its metadata', () => {
    const m = createMatcher([
      { term: '國家機密', category: 'a', severity: 'review', list: 'x' },
      { term: '国家机密', category: 'b', suggestion: '保密' },
    ])
    const hits = m.scan('这是国家机密')
    expect(hits.map((h) => [h.category, h.severity, h.list, h.suggestion, h.start, h.end]).sort()).toEqual([
      ['a', 'review', 'x', undefined, 2, 6],
      ['b', 'block', 'terms', '保密', 2, 6],
    ])
  })

  it('accepts bad input without throwing: empty and noise-only terms never match, empty text has no hits', () => {
    const m = createMatcher(['', '。。', '赌博'])
    expect(m.size).toBe(1)
    expect(m.scan('')).toEqual([])
    expect(m.scan('。。。')).toEqual([])
    expect(createMatcher([]).scan('任何文字')).toEqual([])
  })
})

describe('createMatcher: normalisation and evasion, spans in the original text', () => {
  const m = createMatcher(['法轮功', '六四', 'porn', '赌博', 'qq群'])
  const cases: Array<[string, string, string]> = [
    ['full width', 'ＰＯＲＮ网站', 'ＰＯＲＮ'],
    ['case', '看PoRn网站', 'PoRn'],
    ['traditional', '參加賭博', '賭博'],
    ['circled numbers', '⑥④那天', '⑥④'],
    ['parenthesised numbers', '⑹⑷那天', '⑹⑷'],
    ['capital numerals', '陆肆那天', '陆肆'],
    ['full-width digits', '６４那天', '６４'],
    ['circled letters', 'ⓟⓞⓡⓝ', 'ⓟⓞⓡⓝ'],
    ['repeated characters', '法法轮轮轮功', '法法轮轮轮功'],
    ['CJK punctuation', '法，轮。功', '法，轮。功'],
    ['ASCII punctuation', '法.轮*功', '法.轮*功'],
    ['yuan sign', '赌￥博', '赌￥博'],
    ['emoji', '法😀轮🙂功', '法😀轮🙂功'],
    ['zero-width characters', '法\u200b轮\u200d功', '法\u200b轮\u200d功'],
    ['spaces', '法 轮 功', '法 轮 功'],
    ['mixed', '加入ＱＱ群', 'ＱＱ群'],
  ]
  it.each(cases)('%s', (_name, text, original) => {
    const hits = m.scan(`前文${text}后文`)
    expect(hits).toHaveLength(1)
    expect(hits[0]!.text).toBe(original)
    expect(`前文${text}后文`.slice(hits[0]!.start, hits[0]!.end)).toBe(original)
  })

  it('matches English terms as whole words only', () => {
    const e = createMatcher(['sex', 'gun'])
    expect(spans(e, 'Essex and Sussex, begun')).toEqual([])
    expect(spans(e, 'no sex, a gun.')).toEqual([
      ['sex', 3, 6, 'sex'],
      ['gun', 10, 13, 'gun'],
    ])
    expect(spans(e, '中文sex中文')).toEqual([['sex', 2, 5, 'sex']])
  })

  it('can switch a normalisation off', () => {
    const plain = createMatcher(['赌博'], { traditional: false, noise: false })
    expect(plain.scan('賭博')).toEqual([])
    expect(plain.scan('赌.博')).toEqual([])
    expect(plain.scan('赌博')).toHaveLength(1)
  })

  it('does not match across an unrelated character', () => {
    expect(m.scan('法x轮功')).toEqual([])
    expect(m.scan('发轮功')).toEqual([])
  })
})

describe('createMatcher: false alarms on real prose', () => {
  it('a doubled-character term needs its characters doubled in the text (咪咪, 个个)', () => {
    const m = createMatcher(['咪咪', '个个', '人人网', '法轮功'])
    expect(spans(m, '一个人，一只猫咪，这个网')).toEqual([])
    expect(spans(m, '个个都来了')).toEqual([['个个', 0, 2, '个个']])
    expect(spans(m, '上人人网')).toEqual([['人人网', 1, 4, '人人网']])
    expect(spans(m, '上人网')).toEqual([])
    // the repeat still folds in the text, and evasion noise still counts as between the characters
    expect(spans(m, '咪咪咪')).toEqual([['咪咪', 0, 2, '咪咪']])
    expect(spans(m, '咪.咪')).toEqual([['咪咪', 0, 3, '咪.咪']])
    expect(spans(m, '个\u200b个')).toEqual([['个个', 0, 3, '个\u200b个']])
    expect(spans(m, '法法轮轮轮功')).toEqual([['法轮功', 0, 6, '法法轮轮轮功']])
  })

  it('a term does not match across a paragraph break', () => {
    const m = createMatcher(['制为', '赌博网站', '法轮功', '个个'])
    expect(spans(m, '管理制\n\n为了')).toEqual([])
    expect(spans(m, '管理制\r\n\r\n为了')).toEqual([])
    expect(spans(m, '管理制\n\u3000\u3000\n为了')).toEqual([])
    expect(spans(m, '管理制\u2029为了')).toEqual([])
    expect(spans(m, '一个\n\n个人')).toEqual([])
    // one line break is still noise: text written one character a line is caught
    expect(spans(m, '法\n轮\n功')).toEqual([['法轮功', 0, 5, '法\n轮\n功']])
  })

  it('keeps the evasion noise between characters caught', () => {
    const m = createMatcher(['法轮功', '赌博网站'])
    expect(spans(m, '法-轮-功')).toEqual([['法轮功', 0, 5, '法-轮-功']])
    expect(spans(m, '赌。博，网站')).toEqual([['赌博网站', 0, 6, '赌。博，网站']])
    expect(spans(m, '法\u200b轮\ufeff功')).toEqual([['法轮功', 0, 5, '法\u200b轮\ufeff功']])
    expect(spans(m, '法😀轮 功')).toEqual([['法轮功', 0, 6, '法😀轮 功']])
  })
})

describe('createMatcher: hits without objects', () => {
  const m = createMatcher(['中国人民', '国人', { term: 'sex', category: 'x' }, '个个'])
  const text = '中国人民万岁，我是中国人，Essex 不算，sex 算，个个都算，一个不算'

  it('spans() gives the same hits as scan() as typed arrays, and count() their number', () => {
    const objects = m.scan(text)
    const s = m.spans(text)
    expect(s.count).toBe(objects.length)
    expect(m.count(text)).toBe(objects.length)
    const fromSpans = Array.from({ length: s.count }, (_, i) => [s.term[i], s.start[i], s.end[i]])
    expect(fromSpans).toEqual(objects.map((h) => [h.index, h.start, h.end]))
    expect(Array.from({ length: s.count }, (_, i) => m.hit(text, s, i))).toEqual(objects)
  })

  it('returns empty arrays for text without hits', () => {
    expect(m.spans('').count).toBe(0)
    expect(m.count('没有')).toBe(0)
  })

  it('keeps what it returned when later scans reuse its buffers, however many hits they find', () => {
    const few = m.spans('我是中国人')
    const many = m.scan('中国人民，'.repeat(1000))
    expect(many).toHaveLength(2000)
    expect(many.slice(1998).map((h) => [h.term, h.start, h.end])).toEqual([
      ['国人', 4996, 4998],
      ['中国人民', 4995, 4999],
    ])
    expect(Array.from(few.term.subarray(0, few.count))).toEqual([1])
    expect(m.scan('我是中国人').map((h) => [h.term, h.start])).toEqual([['国人', 3]])
  })

  it('gives each of several matchers in one process its own hits', () => {
    const other = createMatcher(['万岁', '人民'])
    expect(other.scan(text).map((h) => h.term)).toEqual(['人民', '万岁'])
    expect(m.count(text)).toBe(m.scan(text).length)
    expect(other.count('人民万岁')).toBe(2)
  })
})
