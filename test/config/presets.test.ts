import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { leadTimeHoursOf, loadConfig, textLimitOf, type Config, type Chain } from '../../src/config/index.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const presetDir = join(root, 'config', 'presets')
const load = (name: string): Config => loadConfig(join(presetDir, `${name}.yaml`))

/** Every preset in config/presets/: a new one is tested by being there. */
const PRESETS = readdirSync(presetDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort()

/** The chain an account + category is routed to (exactly one, or the test fails). */
function route(c: Config, account: string, category: string): Chain & { key: string } {
  const hits = Object.entries(c.chains).filter(([, ch]) => ch.account === account && ch.categories.includes(category))
  expect(
    hits.map(([k]) => k),
    `chains for ${account}/${category}`,
  ).toHaveLength(1)
  const [key, chain] = hits[0]!
  return { key, ...chain }
}

/** Person keys behind a list of refs (a role stands for everyone who holds it), sorted. */
function who(c: Config, refs: readonly string[] | undefined): string[] {
  const out = new Set<string>()
  for (const r of refs ?? []) {
    if (r in c.people || r.startsWith('unit:')) out.add(r)
    else for (const [k, p] of Object.entries(c.people)) if (p.roles.includes(r)) out.add(k)
  }
  return [...out].sort()
}

/** A chain as `stage: anyOf|allOf person,person` lines — the shape a regulation prescribes. */
function shape(c: Config, chain: Chain): string[] {
  return chain.stages.map((s) => `${s.name}: ${s.allOf ? 'allOf' : 'anyOf'} ${who(c, s.allOf ?? s.anyOf).join(',')}`)
}

describe('every preset loads', () => {
  it('the preset directory holds the five regulations and the school added as a sixth', () => {
    expect(PRESETS).toEqual(
      expect.arrayContaining(['gd-youth-league', 'km-youth-league', 'gd-polytechnic-normal', 'soe-new-media', 'saws', 'dalong-middle-school']),
    )
  })

  for (const name of PRESETS) {
    it(`${name}: names its regulation (title, issuer, date), ships drills, and its manual checks cite no other regulation`, () => {
      const c = load(name)
      expect(c.regulation?.title).toMatch(/\S/)
      expect(c.regulation?.issuer).toMatch(/\S/)
      expect(c.regulation?.date).toMatch(/\S/)
      expect(existsSync(c.playground.drills as string), 'drills folder').toBe(true)
      expect(readdirSync(c.playground.drills as string).some((f) => f.endsWith('.yaml'))).toBe(true)
      for (const other of PRESETS) expect(c.checklist.manual.join('\n')).not.toContain(other)
    })

    it(`${name}: loads, every chain cites its source, every account has a chain for every category`, () => {
      const c = load(name)
      for (const [k, chain] of Object.entries(c.chains)) expect(chain.source, `chains.${k}.source`).toMatch(/\S/)
      for (const acc of Object.keys(c.accounts)) for (const cat of Object.keys(c.categories)) route(c, acc, cat)
      for (const p of Object.values(c.people)) expect(p.id).toMatch(/^wxid_.*fake$/)
      expect(c.groups.length).toBeGreaterThan(0)
    })
  }

  it('config/sanshen.yaml (the default) loads', () => {
    const c = loadConfig(join(root, 'config', 'sanshen.yaml'))
    expect(shape(c, route(c, 'wechat', 'routine'))).toEqual(['初审: anyOf deputy', '终审: anyOf director'])
    expect(who(c, route(c, 'weibo', 'routine').stages[1]!.fallback?.allOf)).toEqual(['opinion1', 'opinion2'])
  })
})

describe('gd-youth-league (第十条, 第十五条)', () => {
  const c = load('gd-youth-league')

  it('has the three accounts of 第十二条', () => {
    expect(
      Object.values(c.accounts)
        .map((a) => `${a.platform}:${a.name}`)
        .sort(),
    ).toEqual(['wechat:广东共青团', 'wechat:广东青年之声', 'weibo:@广东共青团'].sort())
  })

  it('WeChat: 初审 the deputy → 终审 the director; the deputy approves if the director truly cannot', () => {
    for (const acc of ['wechat', 'wechat-service']) {
      const ch = route(c, acc, 'routine')
      expect(shape(c, ch)).toEqual(['初审: anyOf deputy', '终审: anyOf director'])
      const final = ch.stages[1]!
      expect(final.fallback?.anyOf && who(c, final.fallback.anyOf)).toEqual(['deputy'])
      expect(final.fallback?.allOf).toBeUndefined()
      expect(final.timeoutMinutes).toBeGreaterThan(0)
    }
  })

  it('Weibo: 初审 one of the two opinion heads → 终审 the deputy; fallback: BOTH heads (allOf), each approving again', () => {
    const ch = route(c, 'weibo', 'routine')
    expect(shape(c, ch)).toEqual(['初审: anyOf opinion1,opinion2', '终审: anyOf deputy'])
    const final = ch.stages[1]!
    expect(final.fallback?.anyOf).toBeUndefined()
    expect(who(c, final.fallback?.allOf)).toEqual(['opinion1', 'opinion2'])
    expect(final.timeoutMinutes).toBeGreaterThan(0)
    // 互审: the head who did 初审 must approve again in the fallback, so a repeated approver counts at each stage.
    expect(c.policy.repeatedApprover).toBe('each')
  })

  it('important content: the propaganda head and the director decide jointly (第十五条(三))', () => {
    for (const acc of Object.keys(c.accounts)) {
      const ch = route(c, acc, 'important')
      expect(ch.source).toContain('第十五条(三)')
      expect(shape(c, ch).at(-1)).toBe('联合审定: allOf director,propaganda')
    }
  })

  it('major content goes up to the leader in charge, and on to the party group', () => {
    for (const acc of Object.keys(c.accounts)) {
      expect(shape(c, route(c, acc, 'major')).slice(1)).toEqual(['联合审定: allOf director,propaganda', '分管领导审定: anyOf leader'])
      expect(shape(c, route(c, acc, 'party-group')).slice(1)).toEqual([
        '联合审定: allOf director,propaganda',
        '分管领导审定: anyOf leader',
        '党组审定: anyOf secretary',
      ])
    }
    const ranks = ['routine', 'important', 'major', 'party-group'].map((k) => c.categories[k]!.rank)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(new Set(ranks).size).toBe(4)
  })
})

describe('km-youth-league (5: 三审三校)', () => {
  const c = load('km-youth-league')
  const base = ['一审一校: anyOf platform', '二审二校: anyOf publicity', '三审三校: anyOf principal,vice']

  it('routine content: three levels, each a review and a proofread', () => {
    for (const acc of ['wechat', 'weibo']) {
      const ch = route(c, acc, 'routine')
      expect(shape(c, ch)).toEqual(base)
      for (const s of ch.stages) expect(s.note).toMatch(/审.*校/)
    }
  })

  it("important content adds the organisation's principal", () => {
    for (const acc of ['wechat', 'weibo']) {
      expect(shape(c, route(c, acc, 'important'))).toEqual([...base, '主要负责同志审定: anyOf principal'])
    }
  })

  it('whole-network content also adds the superior propaganda dept', () => {
    for (const acc of ['wechat', 'weibo']) {
      expect(shape(c, route(c, acc, 'network-wide'))).toEqual([...base, '主要负责同志审定: anyOf principal', '上级宣传部门把关: anyOf upper'])
    }
  })
})

describe('gd-polytechnic-normal (第九条, 第十条, 第十四条)', () => {
  const c = load('gd-polytechnic-normal')

  it("the unit's supervising leader approves posts on the unit's own accounts", () => {
    for (const acc of ['unit-wechat', 'unit-weibo']) {
      expect(shape(c, route(c, acc, 'routine'))).toEqual(['主管领导审核: anyOf supervisor'])
      expect(shape(c, route(c, acc, 'sensitive'))).toEqual(['主管领导审核: anyOf supervisor', '学院授权: anyOf propaganda1,propaganda2'])
    }
  })

  it('posts on the main institutional account also need the propaganda dept', () => {
    expect(c.accounts.main?.name).toBe('广东技术师范学院')
    for (const cat of ['routine', 'sensitive']) {
      const ch = route(c, 'main', cat)
      expect(ch.source).toContain('第十四条')
      expect(shape(c, ch)).toEqual(['主管领导审核: anyOf supervisor', '宣传部审核: anyOf propaganda1,propaganda2'])
    }
  })
})

describe('soe-new-media (第六条, 第十条, 第十六条)', () => {
  const c = load('soe-new-media')

  it('at least two posts a week on every account (第十条)', () => {
    for (const a of Object.values(c.accounts)) expect(a.minPostsPerWeek).toBe(2)
  })

  it('HQ: 三审制, the leader in charge approving last; sensitive content goes on to the principal', () => {
    for (const acc of ['wechat', 'weibo']) {
      const routine = ['初审: anyOf admin1,admin2', '复审: anyOf dept-head', '终审: anyOf hq-leader']
      expect(shape(c, route(c, acc, 'routine'))).toEqual(routine)
      expect(shape(c, route(c, acc, 'sensitive'))).toEqual([...routine, '主要领导审定: anyOf hq-principal'])
    }
  })

  it("a project company's chain ends with its own leader in charge, and the 党群工作部 is told", () => {
    const ch = route(c, 'project-wechat', 'routine')
    expect(shape(c, ch)).toEqual(['初审: anyOf p-admin', '复审: anyOf p-dept-head', '终审: anyOf p-leader'])
    expect(ch.cc).toEqual(['dept-head'])
    expect(who(c, c.supervisors)).toEqual(['dept-head'])
  })
})

describe('saws (四(二), 五(一))', () => {
  const c = load('saws')

  it('Weibo 140, WeChat 680 characters', () => {
    expect(textLimitOf(c.accounts.weibo!)).toBe(140)
    expect(textLimitOf(c.accounts.wechat!)).toBe(680)
    expect(c.accounts.weibo?.name).toBe('安全监管总局')
    expect(c.accounts.wechat?.name).toBe('安全贝贝')
  })

  const expected: Record<string, { item: string; stages: string[]; filed: boolean }> = {
    'policy-document': { item: '五(一)1', stages: ['宣教办统一安排发布: anyOf xjb-head,xjb-staff'], filed: false },
    'major-action': {
      item: '五(一)2',
      stages: ['分管领导审定: anyOf vice-min', '宣教办统一安排发布: anyOf xjb-head,xjb-staff'],
      filed: false,
    },
    'policy-reply': { item: '五(一)3', stages: ['分管领导审定: anyOf vice-min'], filed: true },
    'accident-rescue': { item: '五(一)4', stages: ['现场负责人审核: anyOf onsite', '分管领导同意: anyOf vice-min'], filed: true },
    // the head of the submitter's own unit (承办司局 / 本单位), resolved per draft: test/workflow/units.test.ts
    'accident-statistics': { item: '五(一)5', stages: ['司局主要负责人审定: anyOf unit:head'], filed: true },
    knowledge: { item: '五(一)6', stages: ['单位主要负责人审定: anyOf unit:head'], filed: true },
    repost: { item: '五(一)7', stages: ['宣教办审定: anyOf xjb-head,xjb-staff'], filed: false },
  }

  it('routine knowledge is the default category', () => {
    expect(c.defaultCategory).toBe('knowledge')
  })

  for (const [cat, e] of Object.entries(expected)) {
    it(`${cat} is routed per ${e.item}${e.filed ? ', filed with the 宣教办 (cc)' : ''}`, () => {
      for (const acc of ['weibo', 'wechat']) {
        const ch = route(c, acc, cat)
        expect(ch.source).toContain(e.item)
        expect(shape(c, ch)).toEqual(e.stages)
        expect(who(c, ch.cc)).toEqual(e.filed ? ['xjb-head', 'xjb-staff'] : [])
      }
    })
  }

  it('covers every category of 五(一) and nothing else', () => {
    expect(Object.keys(c.categories).sort()).toEqual(Object.keys(expected).sort())
  })

  it('the company rules: 所在单位负责人审核 → 企管办审核把关 → 企管部负责人批准; 协会重大事项 also 报请总经理', () => {
    for (const acc of ['company-weibo', 'company-wechat']) {
      expect(shape(c, route(c, acc, 'knowledge'))).toEqual([
        '所在单位负责人审核: anyOf unit:head',
        '企管办审核把关: anyOf c-qg-office',
        '企管部负责人批准: anyOf c-qg-head',
      ])
      expect(shape(c, route(c, acc, 'major-action')).at(-1)).toBe('总经理批准: anyOf c-gm')
    }
  })
})

describe('dalong-middle-school (第六条, 第十条3, 第十二条)', () => {
  const c = load('dalong-middle-school')

  it("the 分管领导 of the submitter's own office reviews; 学校主要领导 approves what 第十条3 names; the 校办公室 files both", () => {
    expect(shape(c, route(c, 'wechat', 'routine'))).toEqual(['分管领导审核: anyOf unit:head'])
    expect(shape(c, route(c, 'wechat', 'principal'))).toEqual(['分管领导审核: anyOf unit:head', '校长批准: anyOf principal'])
    for (const cat of ['routine', 'principal']) expect(who(c, route(c, 'wechat', cat).cc)).toEqual(['office-head', 'operator'])
  })

  it('sets no lead time and no weekly minimum, which the regulation does not have', () => {
    expect(leadTimeHoursOf(c)).toBe(0)
    expect(c.accounts.wechat?.minPostsPerWeek).toBe(0)
    expect(c.regulation?.cites).toEqual({})
  })
})
