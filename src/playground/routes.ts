import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formatShanghai } from '../deadlines/shanghai-time.js'
import { PlaygroundInputError, type Playground } from './playground.js'

/**
 * The playground's HTTP API, used by its page (polling /api/playground/messages) and by tests:
 * who may be played, what was said, say as a member (optionally quoting a bot message by its
 * sequence number), move the simulated clock, play a drill's next step. Local use only: the
 * server binds to 127.0.0.1 unless the operator says otherwise. Its POSTs take only JSON: a
 * browser sends that cross-site only after a CORS preflight, which this server never grants, so
 * another page's form or no-cors fetch cannot drive the bot through a visitor's browser.
 */
const sayBody = z.object({ who: z.string().min(1), text: z.string().trim().min(1).max(20_000), quote: z.number().int().positive().optional() })
const advanceBody = z.object({
  minutes: z
    .number()
    .int()
    .positive()
    .max(60 * 24 * 14),
})
const pressBody = z.object({
  who: z.string().min(1),
  seq: z.number().int().positive(),
  button: z.string().min(1).max(20),
  reason: z.string().trim().min(1).max(200).optional(),
})
const afterQuery = z.object({ after: z.coerce.number().int().min(0).default(0) })

/** 415 unless the body is declared `application/json` (any charset); runs before the body is read. */
async function requireJson(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (type === 'application/json') return undefined
  request.log.warn({ contentType: request.headers['content-type'], route: request.routeOptions.url }, 'playground request refused: not JSON')
  return reply.code(415).send({ error: 'unsupported-media-type', detail: 'send application/json' })
}

export function registerPlaygroundRoutes(app: FastifyInstance, playground: Playground, pageHtml: string): void {
  // Every answer names this server's instance: a page that sees another one reloads (the new server numbers messages from 1 again).
  const clock = () => ({ now: playground.now(), nowLabel: formatShanghai(playground.now()), instance: playground.instance })
  const bad = (reply: FastifyReply, error: string) => reply.code(400).send({ error: 'invalid', detail: error })
  const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(pageHtml))
  app.get('/api/playground/state', async () => ({
    members: playground.members,
    drills: playground.drills(),
    storage: playground.storage,
    ...clock(),
  }))
  app.get('/api/playground/messages', async (request, reply) => {
    const q = afterQuery.safeParse(request.query)
    if (!q.success) return bad(reply, issues(q.error))
    // cards are repainted in place: the page redraws them from `cards`
    return { messages: playground.messages(q.data.after), cards: playground.cards(), ...clock() }
  })
  app.post('/api/playground/say', { onRequest: requireJson }, async (request, reply) => {
    const b = sayBody.safeParse(request.body)
    if (!b.success) return bad(reply, issues(b.error))
    try {
      const messages = await playground.say(b.data.who, b.data.text, b.data.quote === undefined ? {} : { quote: b.data.quote })
      return { messages, ...clock() }
    } catch (err) {
      if (err instanceof PlaygroundInputError) return bad(reply, err.message)
      throw err
    }
  })
  app.post('/api/playground/press', { onRequest: requireJson }, async (request, reply) => {
    const b = pressBody.safeParse(request.body)
    if (!b.success) return bad(reply, issues(b.error))
    try {
      return { messages: await playground.press(b.data.who, b.data.seq, b.data.button, b.data.reason), ...clock() }
    } catch (err) {
      if (err instanceof PlaygroundInputError) return bad(reply, err.message)
      throw err
    }
  })
  app.post('/api/playground/advance', { onRequest: requireJson }, async (request, reply) => {
    const b = advanceBody.safeParse(request.body)
    if (!b.success) return bad(reply, issues(b.error))
    return { messages: await playground.advance(b.data.minutes * 60_000), ...clock() }
  })
  app.post('/api/playground/drills/:name/next', { onRequest: requireJson }, async (request, reply) => {
    const played = await playground.stepDrill((request.params as { name: string }).name)
    if (!played) return reply.code(404).send({ error: 'not-found' })
    return { ...played, ...clock() }
  })
}
