import { appendFileSync, cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

let g: SimGroup
afterEach(async () => g?.stop())

/** The default config on a private copy of the lexicons, so the test can edit them. */
function configWithOwnLexicons() {
  const dir = join(mkdtempSync(join(tmpdir(), 'sanshen-lex-')), 'lexicons')
  cpSync('config/lexicons', dir, { recursive: true })
  const config = loadConfig('config/sanshen.yaml')
  config.checklist = { ...config.checklist, lexiconDir: dir }
  return { config, dir }
}

describe('#重载词库', () => {
  it('lets a supervisor make an edited lexicon take effect without a restart', async () => {
    const { config, dir } = configWithOwnLexicons()
    g = await simGroup(config)
    expect((await g.say('editor1', '#检查\n本周举办蓝鲸挑战赛。')).at(-1)!.text).not.toContain('蓝鲸挑战')
    appendFileSync(join(dir, 'rumour.txt'), '\n蓝鲸挑战 | block\n')
    expect((await g.say('editor1', '#重载词库')).at(-1)!.text).toContain('只有主管')
    expect((await g.say('propaganda', '#重载词库')).at(-1)!.text).toContain('词库已重新加载')
    expect((await g.say('editor1', '#检查\n本周举办蓝鲸挑战赛。')).at(-1)!.text).toContain('「蓝鲸挑战」')
  })

  it('keeps the old lexicons and says why when the edited file is broken', async () => {
    const { config, dir } = configWithOwnLexicons()
    g = await simGroup(config)
    appendFileSync(join(dir, 'rumour.txt'), '\n新词 | 非常严重\n')
    const reply = (await g.say('director', '/reload')).at(-1)!.text
    expect(reply).toContain('词库没有重载，仍使用原词库')
    expect(reply).toContain('rumour.txt')
    expect((await g.say('editor1', '#检查\n网-赌')).at(-1)!.text).toContain('含禁止内容')
  })
})
