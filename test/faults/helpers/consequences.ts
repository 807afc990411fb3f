import { expect } from 'vitest'
import { stageTimeoutId } from '../../../src/bot/drafts/stage-timeout-id.js'
import type { Config } from '../../../src/config/schema.js'
import type { OutboxPayload } from '../../../src/chat/outbox.js'
import type { PublicMessage } from '../../../src/public-messages/types.js'
import type { Store } from '../../../src/store/store.js'
import { currentVersion, type Draft } from '../../../src/workflow/types.js'
import type { Delivery } from './bot-process.js'

/**
 * What must follow every committed change, checked on the store as a kill, a stall or an outage
 * left it, before any process starts again (whose repair pass would put things back): each pending
 * draft has its current stage's request said or waiting in the outbox, and its time-out job where
 * the stage has a time limit; each open public message has reminder jobs. Returns how many drafts
 * and messages were checked.
 */
export async function expectConsequences(store: Store, config: Config, shown: Delivery[]): Promise<{ drafts: number; messages: number }> {
  const waiting = (await store.jobsOfKind('outbox', 10_000)).map((j) => (j.payload as OutboxPayload).text)
  const said = [...shown.map((s) => s.text), ...waiting]
  const drafts = (await store.list<Draft>('drafts')).filter((d) => d.status === 'pending')
  for (const d of drafts) {
    const v = currentVersion(d).version
    const request = said.find((t) => t.includes(`【待审】${d.id}「`) && t.includes(`第${v}版`) && t.includes(`第${d.stage + 1}/`))
    expect(request, `${d.id} stage ${d.stage + 1}: its reviewers were never asked`).toBeDefined()
    if (config.chains[d.chain]?.stages[d.stage]?.timeoutMinutes)
      expect(await store.job(stageTimeoutId(d.id, v, d.stage)), `${d.id} stage ${d.stage + 1}: no time-out job`).toBeDefined()
  }
  const messages = (await store.list<PublicMessage>('comments')).filter((m) => m.status !== 'replied')
  for (const m of messages) expect((await store.jobsOf(m.id)).length, `${m.id}: no reminder jobs`).toBeGreaterThan(0)
  return { drafts: drafts.length, messages: messages.length }
}
