import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { loadDrills } from '../../src/playground/drill.js'
import { createPlayground, IMPOSTOR, type Playground } from '../../src/playground/playground.js'
import { createStoreFromEnv } from '../../src/store/create-store.js'
import { START } from './helpers/web-server.js'
import { DRAFT, postJson, startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'

const config = loadConfig('config/sanshen.yaml')
const drills = loadDrills('config/drills', config, ['outsider', IMPOSTOR.key])
const quiet = pino({ level: 'silent' })

describe('the playground across restarts', () => {
  let t: PlaygroundServer | undefined
  afterEach(() => t?.close())

  it('names its instance and where its state is kept; a restarted server has another instance', async () => {
    t = await startPlaygroundServer()
    const state = await (await fetch(`${t.url}/api/playground/state`)).json()
    expect(state.storage).toEqual({ kind: 'memory', label: '内存（重启后清空）' })
    expect(state.instance).toMatch(/^[0-9a-f]{12}$/)
    const said = await postJson(`${t.url}/api/playground/say`, { who: 'editor1', text: '#帮助' })
    expect(said.json.instance).toBe(state.instance)
    await t.close()
    t = await startPlaygroundServer()
    expect((await (await fetch(`${t.url}/api/playground/messages?after=0`)).json()).instance).not.toBe(state.instance)
  })

  it('keeps drafts in a configured store, so they survive a restart of the playground', async () => {
    const env = { SANSHEN_DATA: join(mkdtempSync(join(tmpdir(), 'sanshen-pg-')), 'sanshen.json') }
    const open = async () =>
      createPlayground(config, {
        logger: quiet,
        clock: new ManualClock(START),
        store: { store: await createStoreFromEnv(env), label: env.SANSHEN_DATA },
      })
    let p: Playground = await open()
    expect(p.storage.kind).toBe('persistent')
    await p.say('editor1', DRAFT)
    await p.stop()
    p = await open()
    const status = await p.say('editor1', '#状态')
    expect(status.at(-1)!.text).toContain('D1')
    await p.stop()
  })
})

describe('the simulated clock and the schedules', () => {
  it('sends the morning digest and the weekly report when the clock passes their times', async () => {
    const p = await createPlayground(config, { logger: quiet, clock: new ManualClock(START), drills })
    try {
      await p.say('editor1', DRAFT)
      const day = await p.advance(24 * 3_600_000)
      expect(day.filter((m) => m.text.includes('每日待办汇总')).length).toBeGreaterThan(0)
      expect(day.some((m) => m.text.includes('每周总结阅评'))).toBe(false)
      const week = await p.advance(6 * 24 * 3_600_000)
      expect(week.some((m) => m.text.includes('每周总结阅评'))).toBe(true)
    } finally {
      await p.stop()
    }
  })
})

describe('drills after free play', () => {
  it('address the items they create, not whatever is D1', async () => {
    const p = await createPlayground(config, { logger: quiet, clock: new ManualClock(START), drills })
    try {
      await p.say('editor1', DRAFT)
      await p.say('editor2', '#投稿 微博 青年志愿者招募\n招募100名青年志愿者，详见团省委官网。')
      let progress = p.drills().find((d) => d.name === 'draft-review')!
      while (progress.next < progress.total) progress = (await p.stepDrill('draft-review'))!.progress
      const notes = p
        .messages()
        .filter((m) => m.kind === 'note' && m.name === '演练')
        .map((m) => m.text)
      expect(
        notes.every((n) => n.startsWith('✔')),
        notes.join('\n'),
      ).toBe(true)
      expect(notes[0]).toContain('已收稿 D3')
      // the free-play drafts were left alone
      const status = (await p.say('editor1', '#状态 D1')).at(-1)!.text
      expect(status).not.toContain('可以发布')
      expect(p.messages().some((m) => m.kind === 'bot' && m.text.includes('D3') && m.text.includes('可以发布'))).toBe(true)
    } finally {
      await p.stop()
    }
  })
})

describe('pages', () => {
  let t: PlaygroundServer | undefined
  afterEach(() => t?.close())
  it('serve a favicon, so no console shows a 404', async () => {
    t = await startPlaygroundServer()
    expect((await fetch(`${t.url}/favicon.ico`)).status).toBe(200)
    expect(await (await fetch(`${t.url}/`)).text()).toContain('rel="icon"')
  })
})
