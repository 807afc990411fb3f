import { pino } from 'pino'
import { ManualClock } from '../../../src/clock.js'
import { loadConfig } from '../../../src/config/load.js'
import { loadDrills } from '../../../src/playground/drill.js'
import { createPlayground, IMPOSTOR, type Playground } from '../../../src/playground/playground.js'
import { START, startTestServer, type TestServer } from './web-server.js'

export interface PlaygroundServer extends TestServer {
  playground: Playground
}

/** The playground (the real bot on a simulated group, and its intake) behind a real server on loopback. */
export async function startPlaygroundServer(
  config = loadConfig('config/sanshen.yaml'),
  env?: Record<string, string | undefined>,
): Promise<PlaygroundServer> {
  const drills = loadDrills('config/drills', config, ['outsider', IMPOSTOR.key])
  const playground = await createPlayground(config, { logger: pino({ level: 'silent' }), drills, clock: new ManualClock(START) })
  const t = await startTestServer({
    playground,
    config,
    store: playground.group.store(),
    clock: playground.group.clock,
    intake: (m) => playground.group.bot().intake(m),
    ...(env ? { env } : {}),
  })
  return {
    ...t,
    playground,
    async close() {
      await t.close()
      await playground.stop()
    },
  }
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, json: await res.json() }
}

export const DRAFT = '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议，部署下一阶段工作。'
