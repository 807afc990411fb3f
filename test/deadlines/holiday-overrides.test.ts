import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/config/load.js'
import { loadHolidayOverrides, parseHolidayOverrides } from '../../src/deadlines/holiday-overrides.js'

function problemOf(text: string, file = 'config/holidays/holidays.yaml'): string {
  try {
    parseHolidayOverrides(text, file)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error('expected the override file to be refused')
}

describe('holiday override file', () => {
  it('expands ranges and single dates, by festival', () => {
    const o = parseHolidayOverrides(
      'years:\n  2027:\n    covered: true\n    holidays:\n      春节: [2027-02-06..2027-02-08]\n    workdays:\n      春节: [2027-02-13]\n',
      'h.yaml',
    )
    const year = o.years.get(2027)!
    expect(year.covered).toBe(true)
    expect([...year.days.keys()]).toEqual(['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-13'])
    expect(year.days.get('2027-02-13')).toEqual({ working: true, name: '春节' })
  })

  it('ships a valid, empty holidays.yaml and a 2027 example that is marked as made up', () => {
    expect(loadHolidayOverrides('config/holidays/holidays.yaml').years.size).toBe(0)
    const example = loadHolidayOverrides('config/holidays/examples/2027.example.yaml')
    expect(example.years.get(2027)?.source).toContain('示例')
  })

  it('names the file, line and path of a malformed date', () => {
    const message = problemOf('years:\n  2027:\n    covered: true\n    holidays:\n      春节: [2027-02-30]\n')
    expect(message).toContain('config/holidays/holidays.yaml:5:')
    expect(message).toContain('years.2027.holidays.春节[0]: a date YYYY-MM-DD or a range')
  })

  it('requires the covered flag', () => {
    expect(problemOf('years:\n  2027:\n    holidays: {}\n')).toMatch(/holidays\.yaml:3:\d+: years\.2027\.covered: covered: true/)
  })

  it('refuses a date outside its year and a date that is both a holiday and a working day', () => {
    expect(problemOf('years:\n  2027:\n    covered: true\n    holidays:\n      元旦: [2026-12-31]\n')).toContain(
      'years.2027.holidays.元旦[0]: 2026-12-31 is not in 2027',
    )
    expect(
      problemOf('years:\n  2027:\n    covered: true\n    holidays:\n      春节: [2027-02-06..2027-02-08]\n    workdays:\n      春节: [2027-02-07]\n'),
    ).toContain('years.2027.workdays.春节[0]: 2027-02-07 is already listed under holidays.春节')
  })

  it('refuses misspelt keys and broken YAML, naming the file', () => {
    expect(problemOf('years:\n  2027:\n    covered: true\n    holiday: {}\n')).toContain('years.2027')
    expect(problemOf('years: [\n', 'broken.yaml')).toMatch(/^broken\.yaml: invalid YAML\nbroken\.yaml:\d+:\d+: /)
  })

  it('names the file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-holidays-'))
    expect(() => loadHolidayOverrides(join(dir, 'missing.yaml'))).toThrow(`${join(dir, 'missing.yaml')}: cannot read the holiday override file`)
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, 'years:\n  27:\n    covered: true\n')
    expect(() => loadHolidayOverrides(file)).toThrow(`${file}:3:5: years.27: "27" is not a year; write four digits, e.g. 2027`)
  })
})
