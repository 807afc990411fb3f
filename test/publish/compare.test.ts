import { describe, expect, it } from 'vitest'
import { judgePublished, normalizeForCompare, shortDiff, stripMarkup, type ReviewedText } from '../../src/publish/compare.js'

const approved = (draft: string, title: string, body: string, version = 1): ReviewedText => ({
  draft,
  version,
  hash: `${draft}-hash`,
  title,
  body,
  approved: true,
})

describe('normalising a published text for comparison', () => {
  it('strips markup and entities, folds width and CJK punctuation, drops whitespace and invisible characters', () => {
    expect(stripMarkup('<p>甲&amp;乙<br/>丙&#x4E01;&#25098;</p><script>x()</script>')).toBe('甲&乙\n丙丁戊\n')
    expect(normalizeForCompare('<p>你好，　世界。</p>\n<p>“青年”</p>')).toBe(normalizeForCompare('你好, 世界.\n"青年"'))
    expect(normalizeForCompare('ＡＢＣ１２３\u200b')).toBe('ABC123')
  })
})

describe('judging a published text against the approved versions', () => {
  const reviewed = [approved('D12', '团省委召开青年工作会议', '11月23日，团省委召开全省青年工作会议，部署下一阶段工作。', 3)]

  it('the same text in HTML with other spacing and punctuation width is a match', () => {
    expect(
      judgePublished({ title: '团省委召开青年工作会议', text: '<p>11月23日,团省委召开全省青年工作会议, 部署下一阶段工作.</p>' }, reviewed),
    ).toEqual({ kind: 'match', draft: 'D12', version: 3, hash: 'D12-hash' })
  })

  it('a Weibo post (no title) matches the body', () => {
    expect(judgePublished({ title: '', text: '11月23日，团省委召开全省青年工作会议，部署下一阶段工作。' }, reviewed).kind).toBe('match')
  })

  it('an edited text is "changed", with a short diff naming both sides', () => {
    const v = judgePublished({ title: '团省委召开青年工作会议', text: '11月23日，团省委召开全省青年工作会议，部署明年工作。' }, reviewed)
    expect(v).toMatchObject({ kind: 'changed', draft: 'D12', version: 3 })
    expect(v.kind === 'changed' && v.diff).toMatch(/审定：.*下一阶段.*\n发布：.*明年/)
  })

  it('an unrelated text is unapproved; one equal to a draft still in review names that draft', () => {
    expect(judgePublished({ title: '周末天气', text: '明天有雨，出门带伞。' }, reviewed)).toEqual({ kind: 'unapproved' })
    const pending: ReviewedText = { ...approved('D13', '周末天气', '明天有雨，出门带伞。'), approved: false }
    expect(judgePublished({ title: '周末天气', text: '明天有雨，出门带伞。' }, [...reviewed, pending])).toEqual({
      kind: 'unapproved',
      pendingDraft: 'D13',
    })
  })

  it('nothing approved at all, and empty texts, are unapproved rather than an error', () => {
    expect(judgePublished({ title: '', text: '' }, [])).toEqual({ kind: 'unapproved' })
  })

  it('the short diff stays short on long texts', () => {
    const a = `${'甲'.repeat(200)}乙${'丙'.repeat(200)}`
    const b = `${'甲'.repeat(200)}丁${'丙'.repeat(200)}`
    const diff = shortDiff(a, b)
    expect(diff.length).toBeLessThan(80)
    expect(diff).toContain('乙')
    expect(diff).toContain('丁')
  })
})
