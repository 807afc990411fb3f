import { describe, expect, it } from 'vitest'
import { groupCount, groupSummaries, median, percentile, summarize } from '../../src/deadlines/stats.js'

describe('percentile by linear interpolation between closest ranks', () => {
  const tens = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]

  it('gives the median of even and odd lists', () => {
    expect(median(tens)).toBe(5.5)
    expect(median([3, 1, 2])).toBe(2)
  })

  it('interpolates the 90th percentile: rank 0.9·(n−1)', () => {
    expect(percentile(tens, 90)).toBeCloseTo(9.1)
    expect(percentile([15, 20, 35, 40, 50], 90)).toBeCloseTo(46)
  })

  it('handles the ends, a single value and no values', () => {
    expect(percentile(tens, 0)).toBe(1)
    expect(percentile(tens, 100)).toBe(10)
    expect(percentile([42], 90)).toBe(42)
    expect(percentile([], 90)).toBeUndefined()
    expect(summarize([])).toEqual({ count: 0, median: undefined, p90: undefined })
  })

  it('refuses a percentile outside 0–100', () => {
    expect(() => percentile(tens, 101)).toThrow(RangeError)
  })
})

describe('counts and groups', () => {
  it('counts by key, most frequent first, ties in key order, skipping undefined keys', () => {
    const rejections = [{ reason: '来源不明' }, { reason: '错别字' }, { reason: '来源不明' }, { reason: undefined }, { reason: '标题失实' }]
    expect(groupCount(rejections, (r) => r.reason)).toEqual([
      ['来源不明', 2],
      ['标题失实', 1],
      ['错别字', 1],
    ])
  })

  it('summarises values per group', () => {
    const waits = [
      { stage: '初审', minutes: 10 },
      { stage: '初审', minutes: 30 },
      { stage: '终审', minutes: 60 },
    ]
    expect(
      groupSummaries(
        waits,
        (w) => w.stage,
        (w) => w.minutes,
      ),
    ).toEqual(
      new Map([
        ['初审', { count: 2, median: 20, p90: 28 }],
        ['终审', { count: 1, median: 60, p90: 60 }],
      ]),
    )
  })
})
