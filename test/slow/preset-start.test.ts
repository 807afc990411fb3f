import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'

/**
 * `SANSHEN_CONFIG=config/presets/<name>.yaml npm start` (README): each preset starts from the
 * repository root, finds its lexicons, holiday file and drills by the documented rule
 * (src/config/paths.ts), and serves the playground with drills played by its own people.
 */
const presets = readdirSync('config/presets')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

function start(preset: string): Promise<{ url: string; out: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        SANSHEN_CONFIG: `config/presets/${preset}.yaml`,
        WECHATY_PUPPET: '',
        REDIS_URL: '',
        SANSHEN_WEB_PORT: '0',
        LOG_LEVEL: 'info',
      },
    })
    let out = ''
    const stop = () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM'))))
    const onData = (d: Buffer) => {
      out += d.toString()
      const url = /Playground: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
      if (url) resolve({ url, out, stop })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`${preset} exited with ${code} before serving:\n${out}`)))
  })
}

describe.each(presets)('npm start with config/presets/%s.yaml', (preset) => {
  it("starts, serves the playground, and its drills are played by the preset's own people", async () => {
    const running = await start(preset)
    try {
      const page = await fetch(running.url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<html')
      const state = (await (await fetch(`${running.url}/api/playground/state`)).json()) as { members: { key: string }[]; drills: { name: string }[] }
      const people = Object.keys(loadConfig(`config/presets/${preset}.yaml`).people)
      for (const p of people) expect(state.members.map((m) => m.key)).toContain(p)
      expect(state.drills.length).toBeGreaterThan(0)
      const step = await fetch(`${running.url}/api/playground/drills/${state.drills[0]!.name}/next`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      expect(step.status).toBe(200)
    } finally {
      await running.stop()
    }
  }, 120_000)
})
