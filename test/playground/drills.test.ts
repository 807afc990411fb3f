import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { durationMs, loadDrills } from '../../src/playground/drill.js'
import { hasAuditActionName } from '../../src/workflow/audit-actions.js'
import { startPlaygroundServer, type PlaygroundServer } from '../web/helpers/playground-server.js'

const config = loadConfig('config/sanshen.yaml')
const members = ['outsider', 'impostor']

function drillDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drills-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('drill files', () => {
  it('every shipped drill loads', () => {
    const drills = loadDrills('config/drills', config, members)
    expect(drills.map((d) => d.name)).toEqual(['draft-review', 'review-by-card', 'sensitive-comment-red-alert'])
  })

  it('names the file and the path of a mistake', () => {
    const dir = drillDir({ 'bad.yaml': 'title: x\nsteps:\n  - advance: soon\n' })
    expect(() => loadDrills(dir, config, members)).toThrow(/bad\.yaml: steps\[0\]/)
  })

  it('refuses a step spoken by someone who is not a member', () => {
    const dir = drillDir({ 'who.yaml': 'title: x\nsteps:\n  - say: { as: ghost, text: hi }\n' })
    expect(() => loadDrills(dir, config, members)).toThrow(/who\.yaml: steps\[0\]\.say: unknown member "ghost"/)
  })

  it('has no drills when the folder is missing', () => {
    expect(loadDrills('config/no-such-folder', config, members)).toEqual([])
  })

  it('reads durations as minutes, hours or days', () => {
    expect([durationMs(15), durationMs('15m'), durationMs('2h'), durationMs('1d')]).toEqual([900_000, 900_000, 7_200_000, 86_400_000])
  })
})

describe('drills played on the real bot', () => {
  let t: PlaygroundServer | undefined
  afterEach(() => t?.close())

  for (const name of ['draft-review', 'review-by-card', 'sensitive-comment-red-alert']) {
    it(`${name}: every step plays and every expectation is met`, async () => {
      t = await startPlaygroundServer()
      const drill = t.playground.drills().find((d) => d.name === name)!
      for (let i = 0; i < drill.total; i++) await t.playground.stepDrill(name)
      const checks = t.playground.messages().filter((m) => m.kind === 'note' && /预期/.test(m.text))
      expect(checks.length).toBeGreaterThan(0)
      expect(checks.filter((c) => !c.text.startsWith('✔')).map((c) => c.text)).toEqual([])
      // every audit entry the drill wrote has a name a supervisor reads on the dashboard and in #记录
      const actions = new Set((await t.playground.group.store().auditBetween(0, Number.MAX_SAFE_INTEGER)).map((e) => e.action))
      expect(actions.size).toBeGreaterThan(3)
      expect([...actions].filter((a) => !hasAuditActionName(a))).toEqual([])
    })
  }
})
