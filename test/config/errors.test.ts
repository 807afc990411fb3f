import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseConfig } from '../../src/config/index.js'

/**
 * A small valid configuration; each case below breaks one thing in it. Lines are fixed, so the
 * expected `line:col` is computed from where the broken text sits in the YAML.
 */
const CHAIN = `  weibo:
    account: weibo
    categories: [routine]
    stages:
      - name: 初审
        anyOf: [opinion-head]
      - name: 终审
        anyOf: [deputy]
        fallback: { allOf: [head1, head2] }
`
const config = (chains = CHAIN) => `groups:
  - topic: 编辑部
people:
  editor1: { name: 小编, id: wxid_e_fake, roles: [editor] }
  deputy: { name: 李副主任, id: wxid_d_fake, roles: [deputy-director] }
  head1: { name: 陈部长, id: wxid_h1_fake, roles: [opinion-head] }
  head2: { name: 林部长, id: wxid_h2_fake, roles: [opinion-head] }
accounts:
  weibo: { platform: weibo, name: "@编辑部" }
chains:
${chains}supervisors: [deputy]
`

/** `line:col` (1-based) of the nth occurrence of needle in text. */
function at(text: string, needle: string, nth = 1): string {
  let i = -1
  for (let n = 0; n < nth; n++) {
    i = text.indexOf(needle, i + 1)
    if (i < 0) throw new Error(`"${needle}" not in the YAML`)
  }
  const before = text.slice(0, i).split('\n')
  return `${before.length}:${before.at(-1)!.length + 1}`
}

function fail(text: string, file = 'x.yaml'): ConfigError {
  try {
    parseConfig(text, file)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error('the configuration was accepted')
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The error has exactly one problem: `file:line:col: path: message…`, and the message repeats it. */
function expectProblem(err: ConfigError, where: string, path: string, expected: RegExp) {
  expect(err.problems).toHaveLength(1)
  const [p] = err.problems
  expect(p).toMatch(new RegExp(`^x\\.yaml:${esc(where)}: ${esc(path)}: `))
  expect(p).toMatch(expected)
  expect(err.message).toContain(p)
  expect(err.message).toMatch(/^x\.yaml: the configuration is not valid/)
}

describe('config errors name the file, the line:col, the YAML path and what was expected', () => {
  it('the base configuration is valid (every case below breaks exactly one thing)', () => {
    const c = parseConfig(config(), 'x.yaml')
    expect(c.chains.weibo?.stages[1]?.fallback?.allOf).toEqual(['head1', 'head2'])
  })

  it('YAML syntax error', () => {
    const text = config().replace('anyOf: [deputy]', 'anyOf: [deputy')
    const err = fail(text)
    expect(err.message).toMatch(/^invalid YAML\n/)
    expect(err.problems.length).toBeGreaterThan(0)
    expect(err.problems[0]).toMatch(/^x\.yaml:\d+:\d+: .*\]/) // says the flow sequence must end with a ]
    const [line] = at(text, 'anyOf: [deputy').split(':').map(Number)
    const lines = err.problems.map((p) => Number(/^x\.yaml:(\d+):/.exec(p)![1]))
    expect(Math.min(...lines)).toBeGreaterThanOrEqual(line!)
  })

  it('missing required field: points at the chain that lacks it', () => {
    const text = config().replace('    account: weibo\n', '')
    expectProblem(fail(text), at(text, 'categories: [routine]'), 'chains.weibo.account', /expected string, received undefined/)
  })

  it('a chain naming an unknown person', () => {
    const text = config().replace('anyOf: [deputy]', 'anyOf: [zhang]')
    expectProblem(
      fail(text),
      at(text, 'zhang'),
      'chains.weibo.stages[1].anyOf[0]',
      /"zhang" is neither a person under people: nor a role any person holds/,
    )
  })

  it('an unknown person in a fallback', () => {
    const text = config().replace('allOf: [head1, head2]', 'allOf: [head1, head3]')
    expectProblem(fail(text), at(text, 'head3'), 'chains.weibo.stages[1].fallback.allOf[1]', /"head3" is neither a person/)
  })

  it('a stage with both anyOf and allOf', () => {
    const text = config().replace('        anyOf: [deputy]\n', '        anyOf: [deputy]\n        allOf: [head1, head2]\n')
    expectProblem(fail(text), at(text, 'name: 终审'), 'chains.weibo.stages[1]', /exactly one of anyOf .* or allOf/)
  })

  it('a stage with neither anyOf nor allOf', () => {
    const text = config().replace('        anyOf: [deputy]\n', '')
    expectProblem(fail(text), at(text, 'name: 终审'), 'chains.weibo.stages[1]', /exactly one of anyOf .* or allOf/)
  })

  it('an unknown account in a chain', () => {
    const text = config(CHAIN + CHAIN.replace('  weibo:', '  wechat:').replace('account: weibo', 'account: wechat'))
    expectProblem(fail(text), at(text, 'wechat\n'), 'chains.wechat.account', /unknown account "wechat"; known: weibo/)
  })

  it('two chains for one account+category', () => {
    const text = config(CHAIN + CHAIN.replace('  weibo:', '  weibo-again:'))
    expectProblem(
      fail(text),
      at(text, 'routine', 2),
      'chains.weibo-again.categories[0]',
      /account weibo with category routine is already routed to chain "weibo"/,
    )
  })

  it('duplicate contact ids', () => {
    const text = config().replace('wxid_h2_fake', 'wxid_h1_fake')
    expectProblem(fail(text), at(text, 'wxid_h1_fake', 2), 'people.head2.id', /contact id "wxid_h1_fake" is already used by "head1"/)
  })

  it('an account with no chain for the default category', () => {
    const text = config(CHAIN.replace('categories: [routine]', 'categories: [important]')).replace(
      'chains:\n',
      'categories:\n  routine: { name: 常规 }\n  important: { name: 重要, rank: 1 }\nchains:\n',
    )
    expectProblem(fail(text), at(text, 'weibo:\n    account'), 'chains', /account "weibo" has no chain for the default category "routine"/)
  })

  it('an unknown category in a chain', () => {
    const text = config(CHAIN.replace('categories: [routine]', 'categories: [routine, urgent]'))
    expectProblem(fail(text), at(text, 'urgent'), 'chains.weibo.categories[1]', /unknown category "urgent"; known: routine, important, major/)
  })

  it('wrong type: a string instead of a list', () => {
    const text = config().replace('anyOf: [deputy]', 'anyOf: deputy')
    expectProblem(fail(text), at(text, 'deputy\n'), 'chains.weibo.stages[1].anyOf', /expected array, received string/)
  })

  it('a person who is also the name of a role', () => {
    const text = config().replace('editor1: { name: 小编', 'editor: { name: 小编')
    expectProblem(fail(text), at(text, '{ name: 小编'), 'people.editor', /"editor" is both a person and a role/)
  })

  it('the regulation: a misspelt rule to cite, a citation without its article, a designee nobody is', () => {
    const reg = (cites: string) => `regulation:\n  title: 某办法\n  issuer: 某单位\n  date: 未注明\n  cites:\n${cites}${config()}`
    let text = reg('    alert: { article: 第十九条 }\n')
    expectProblem(fail(text), at(text, 'alert:'), 'regulation.cites.alert', /unknown key "alert"; did you mean "alerts"\?/)
    text = reg('    alerts: { says: 三级警报 }\n')
    expectProblem(fail(text), at(text, '{ says'), 'regulation.cites.alerts.article', /expected string/)
    text = config().replace('anyOf: [deputy]', 'anyOf: [deputy]\n        designees: [nobody]')
    expectProblem(fail(text), at(text, 'nobody'), 'chains.weibo.stages[1].designees[0]', /"nobody" is neither a person/)
  })

  it('a non-existent file', () => {
    const path = '/nonexistent/dir/sanshen.yaml'
    expect(() => loadConfig(path)).toThrow(ConfigError)
    expect(() => loadConfig(path)).toThrow(/^\/nonexistent\/dir\/sanshen\.yaml: cannot read the configuration .*SANSHEN_CONFIG/)
  })

  it('several problems are all reported, each with its own line', () => {
    const text = config().replace('anyOf: [deputy]', 'anyOf: [zhang]').replace('wxid_h2_fake', 'wxid_h1_fake')
    const err = fail(text)
    expect(err.problems).toHaveLength(2)
    expect(err.message).toContain(`x.yaml:${at(text, 'zhang')}: chains.weibo.stages[1].anyOf[0]`)
    expect(err.message).toContain(`x.yaml:${at(text, 'wxid_h1_fake', 2)}: people.head2.id`)
  })

  it('a misspelt key is refused at the key, with the nearest known one (every object is strict)', () => {
    const text = config().replace('        fallback: {', '        timeoutMinute: 240\n        fallback: {')
    expectProblem(
      fail(text),
      at(text, 'timeoutMinute'),
      'chains.weibo.stages[1].timeoutMinute',
      /unknown key "timeoutMinute"; did you mean "timeoutMinutes"\?/,
    )
  })

  it('unknown keys anywhere: top level, a person, the policy, the checklist, replies', () => {
    const cases: [string, string, string, RegExp][] = [
      ['supervisors: [deputy]\n', 'supervisors: [deputy]\nsupervisor: [deputy]\n', 'supervisor', /did you mean "supervisors"\?/],
      ['roles: [editor] }', 'roles: [editor], role: x }', 'people.editor1.role', /did you mean "roles"\?/],
      [
        'supervisors: [deputy]\n',
        'supervisors: [deputy]\npolicy: { repeatedAprover: once }\n',
        'policy.repeatedAprover',
        /did you mean "repeatedApprover"\?/,
      ],
      [
        'supervisors: [deputy]\n',
        'supervisors: [deputy]\nchecklist: { categories: { rumour: { raiseTO: major } } }\n',
        'checklist.categories.rumour.raiseTO',
        /did you mean "raiseTo"\?/,
      ],
      [
        'supervisors: [deputy]\n',
        'supervisors: [deputy]\nreplies: { alerts: { red: { notfy: [deputy] } } }\n',
        'replies.alerts.red.notfy',
        /did you mean "notify"\?/,
      ],
      ['supervisors: [deputy]\n', 'supervisors: [deputy]\nzzz: 1\n', 'zzz', /unknown key "zzz"; known keys here: bot, groups, people/],
    ]
    for (const [from, to, path, hint] of cases) {
      const text = config().replace(from, to)
      const key = path.split('.').at(-1)!
      expectProblem(fail(text), at(text, `${key}:`), path, hint)
    }
  })
})
