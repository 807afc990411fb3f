import { describe, expect, it } from 'vitest'
import type { CheckResult, Hit } from '../../src/checklist/types.js'
import { sensitiveFindings } from '../../src/public-messages/sensitivity.js'

const hit = (category: string, severity: Hit['severity']): Hit => ({
  term: category,
  category,
  list: category,
  severity,
  start: -1,
  end: -1,
  text: '',
  source: 'rules',
})
const check = (...hits: Hit[]): CheckResult => ({ verdict: 'review', labels: [], hits, manual: [], notes: [] })

describe('what makes a public message sensitive', () => {
  it('content categories at review or block, from the lexicons or the LLM', () => {
    expect(sensitiveFindings(check(hit('rumour', 'review')))).toHaveLength(1)
    expect(sensitiveFindings(check(hit('insult-defamation', 'block')))).toHaveLength(1)
    expect(sensitiveFindings(check({ ...hit('state-security', 'review'), source: 'llm', list: 'llm' }))).toHaveLength(1)
  })

  it('never the rules about what an account publishes, nor suggestions', () => {
    const ordinary = ['contact', 'source', 'length', 'attachment', 'usage', 'personal-voice'].map((c) => hit(c, 'block'))
    expect(sensitiveFindings(check(...ordinary, hit('rumour', 'suggest')))).toEqual([])
  })
})
