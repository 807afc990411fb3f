import { describe, expect, it } from 'vitest'
import { createMatcher } from '../../src/checklist/index.js'

const spans = (m: ReturnType<typeof createMatcher>, text: string) =>
  m.scan(text).map((h) => [h.term, h.start, h.end, h.text]).sort((a, b) => (a[1] as number) - (b[1] as number) || String(a[0]).localeCompare(String(b[0])))

describe('createMatcher: every occurrence', () => {
  it('finds a term nested in a longer one where mint-filter finds nothing (我是中国人)', () => {
    const m = createMatcher(['中国人民', '国人'])
    expect(spans(m, '我是中国人')).toEqual([['国人', 3, 5, '国人']])
    expect(spans(m, '中国人民万岁')).toEqual([['中国人民', 0, 4, '中国人民'], ['国人', 1, 3, '国人']])
  })

  it('reports overlapping terms and repeated occurrences', () => {
    const m = createMatcher(['网络赌博', '赌博平台'])
    expect(spans(m, '网络赌博平台，网络赌博')).toEqual([
      ['网络赌博', 0, 4, '网络赌博'], ['赌博平台', 2, 6, '赌博平台'], ['网络赌博', 7, 11, '网络赌博'],
    ])
  })

  it('reports every term sharing one normalised form, with its metadata', () => {
    const m = createMatcher([{ term: '國家機密', category: 'a', severity: 'review', list: 'x' }, { term: '国家机密', category: 'b', suggestion: '保密' }])
    const hits = m.scan('这是国家机密')
    expect(hits.map((h) => [h.category, h.severity, h.list, h.suggestion, h.start, h.end]).sort()).toEqual([
      ['a', 'review', 'x', undefined, 2, 6], ['b', 'block', 'terms', '保密', 2, 6],
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
    expect(spans(e, 'no sex, a gun.')).toEqual([['sex', 3, 6, 'sex'], ['gun', 10, 13, 'gun']])
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
