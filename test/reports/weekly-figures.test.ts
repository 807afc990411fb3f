import { describe, expect, it } from 'vitest'
import type { PublicMessage } from '../../src/public-messages/types.js'
import { loadConfig } from '../../src/config/load.js'
import { weeklyFigures, type WeekData } from '../../src/reports/weekly-report.js'
import type { AuditEntry } from '../../src/store/store.js'
import type { Draft } from '../../src/workflow/types.js'

/**
 * The rules of weeklyFigures on hand-made audit entries: the one function behind both the weekly
 * report and the dashboard's report page. The week is [from, to); times are minutes from `from`.
 */
const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000
const from = Date.UTC(2026, 10, 15, 16, 0) // Mon 16 Nov 00:00 in Shanghai
const to = from + 7 * 24 * 60 * MIN
const t = (minutes: number) => from + minutes * MIN

const draft = (id: string, versions: { at: number; findings?: { category: string }[] }[] = []) =>
  ({ id, chain: 'wechat', account: 'wechat', versions: versions.map((v) => ({ findings: [], ...v })) }) as unknown as Draft
const entry = (at: number, action: string, subject: string, detail?: Record<string, unknown>): AuditEntry => ({
  at,
  actor: 'x',
  action,
  subject,
  ...(detail ? { detail } : {}),
})
const message = (id: string, dueAt: number, repliedAt?: number) =>
  ({
    id,
    deadline: { dueAt },
    status: repliedAt === undefined ? 'open' : 'replied',
    ...(repliedAt === undefined ? {} : { reply: { by: 'editor1', at: repliedAt } }),
  }) as unknown as PublicMessage

function figures(audit: AuditEntry[], more: Partial<WeekData> = {}) {
  return weeklyFigures({ config, from, to, audit, drafts: [draft('D1'), draft('D2')], comments: [], incidents: [], ...more })
}
const stageMinutes = (audit: AuditEntry[]) => Object.fromEntries(figures(audit).approvalMinutes)

describe('approval time per stage: stage-started → stage-complete', () => {
  it('a 会签 stage takes until its last approval, not its first', () => {
    expect(
      stageMinutes([
        entry(t(0), 'stage-started', 'D1', { stage: 1 }),
        entry(t(10), 'approved', 'D1', { stage: 1, person: 'propaganda' }),
        entry(t(70), 'approved', 'D1', { stage: 1, person: 'director' }),
        entry(t(70), 'stage-complete', 'D1', { stage: 1, since: t(0) }),
      ]),
    ).toEqual({ 终审: { count: 1, median: 70, p90: 70 } })
  })

  it('counts a stage in the week it completed, with its whole time, when it started the week before', () => {
    // started Sunday 23:00, completed Monday 00:30: its stage-started entry lies outside the week
    expect(
      stageMinutes([entry(t(-60), 'stage-started', 'D1', { stage: 0 }), entry(t(30), 'stage-complete', 'D1', { stage: 0, since: t(-60) })]),
    ).toEqual({
      初审: { count: 1, median: 90, p90: 90 },
    })
    // a caller that loads the week before as well lets entries without `since` find their start there
    expect(stageMinutes([entry(t(-60), 'stage-started', 'D1', { stage: 0 }), entry(t(30), 'stage-complete', 'D1', { stage: 0 })])).toEqual({
      初审: { count: 1, median: 90, p90: 90 },
    })
    // completed the week after: not this week's
    expect(
      stageMinutes([
        entry(to - 10 * MIN, 'stage-started', 'D1', { stage: 0 }),
        entry(to, 'stage-complete', 'D1', { stage: 0, since: to - 10 * MIN }),
      ]),
    ).toEqual({})
  })

  it('leaves out stages completed without a decision, and passes that never completed (rejected, restarted)', () => {
    expect(
      stageMinutes([
        entry(t(0), 'stage-started', 'D1', { stage: 0 }),
        entry(t(30), 'rejected', 'D1', { stage: 0, reason: '标题不规范' }),
        // revised: the chain starts again; only the second pass completes
        entry(t(100), 'stage-started', 'D1', { stage: 0 }),
        entry(t(120), 'stage-complete', 'D1', { stage: 0, since: t(100) }),
        entry(t(120), 'stage-started', 'D1', { stage: 1 }),
        entry(t(120), 'stage-complete', 'D1', { stage: 1, since: t(120), auto: 'repeat' }),
      ]),
    ).toEqual({ 初审: { count: 1, median: 20, p90: 20 } })
  })

  it('pairs entries written before stage-complete carried its start with the latest stage-started in the week', () => {
    expect(
      stageMinutes([
        entry(t(0), 'stage-started', 'D1', { stage: 0 }),
        entry(t(50), 'stage-started', 'D1', { stage: 0 }),
        entry(t(80), 'stage-complete', 'D1', { stage: 0 }),
        entry(t(90), 'stage-complete', 'D2', { stage: 0 }), // started last week: unknown, not guessed
      ]),
    ).toEqual({ 初审: { count: 1, median: 30, p90: 30 } })
  })
})

describe('the window [from, to)', () => {
  it('counts what happened at `from` and leaves out what happened at `to`', () => {
    const f = figures(
      [
        entry(from, 'submitted', 'D1'),
        entry(from, 'final', 'D1'),
        entry(to, 'submitted', 'D2'),
        entry(to, 'final', 'D2'),
        entry(to, 'rejected', 'D2', { stage: 0 }),
      ],
      {
        drafts: [draft('D1', [{ at: from, findings: [{ category: 'rumor' }] }]), draft('D2', [{ at: to, findings: [{ category: 'rumor' }] }])],
        incidents: [{ id: 'A1', level: 'red', openedAt: from } as never, { id: 'A2', level: 'red', openedAt: to } as never],
      },
    )
    expect(f.submitted).toBe(1)
    expect(f.published).toEqual({ total: 1, byAccount: { wechat: 1 } })
    expect(f.rejectionsByReason).toEqual([])
    expect(f.findingsByCategory).toHaveLength(1)
    expect(f.alerts).toEqual([['red', 1]])
  })

  it('counts a reply deadline in the week it falls due: met when answered by then', () => {
    const f = figures([], {
      comments: [
        message('C1', from, from), // due at the start, answered right at the deadline: met
        message('C2', t(60), t(61)), // answered a minute late
        message('C3', t(60)), // never answered
        message('C4', to), // due next week: not yet counted
        message('C5', from - 1, from - 2), // due last week
      ],
    })
    expect(f.replies).toEqual({ met: 1, missed: 2, missedIds: ['C2', 'C3'] })
  })
})
