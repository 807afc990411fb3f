import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DRAFT, postJson, startPlaygroundServer, type PlaygroundServer } from '../web/helpers/playground-server.js'

describe('playground API on the real bot', () => {
  let t: PlaygroundServer
  let api: (path: string, body: unknown) => ReturnType<typeof postJson>
  beforeEach(async () => {
    t = await startPlaygroundServer()
    api = (path, body) => postJson(`${t.url}/api/playground/${path}`, body)
  })
  afterEach(() => t.close())

  it('serves the page and lists the members from the config, the outsider and an impostor with a copied name', async () => {
    const page = await fetch(`${t.url}/`)
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    expect(html).not.toMatch(/https?:\/\//) // offline: no CDN, no web fonts
    const state = await (await fetch(`${t.url}/api/playground/state`)).json()
    const names = state.members.map((m: { key: string; name: string }) => `${m.key}:${m.name}`)
    expect(names).toContain('editor1:小编甲')
    expect(names).toContain('director:王主任')
    expect(names).toContain('impostor:王主任')
    expect(state.members.find((m: { key: string }) => m.key === 'propaganda').labels).toContain('主管')
    expect(state.nowLabel).toBe('11月23日（周一）10:00')
    expect(state.drills.map((d: { name: string }) => d.name)).toEqual(['draft-review', 'review-by-card', 'sensitive-comment-red-alert'])
  })

  it('walks a draft: submit, approve at each stage, impostor refused, quote-reply, with mentions named', async () => {
    const submitted = await api('say', { who: 'editor1', text: DRAFT })
    expect(submitted.status).toBe(200)
    const request = submitted.json.messages.find((m: { text: string }) => m.text.includes('【待审】'))
    expect(request.mentions).toEqual(['李副主任'])
    await api('say', { who: 'deputy', text: '#通过 D1' })
    const impostor = await api('say', { who: 'impostor', text: '#通过 D1' })
    expect(impostor.json.messages.at(-1).text).toContain('你不在审核名单中')
    const { json } = await fetch(`${t.url}/api/playground/messages?after=0`).then(async (r) => ({ json: await r.json() }))
    const finalRequest = [...json.messages].reverse().find((m: { kind: string; text: string }) => m.kind === 'bot' && m.text.includes('第2/2级'))
    const approved = await api('say', { who: 'director', text: '通过', quote: finalRequest.seq })
    expect(approved.json.messages[0]).toMatchObject({ kind: 'member', quote: finalRequest.text })
    expect(approved.json.messages.at(-1).text).toContain('可以发布')
  })

  it('shows the review request as a card whose buttons are presses: approve, a stale press, reject with a reason', async () => {
    const submitted = await api('say', { who: 'editor1', text: DRAFT })
    const card = submitted.json.messages.find((m: { card?: unknown }) => m.card)
    expect(card.card.buttons.map((b: { label: string }) => b.label)).toEqual(expect.arrayContaining(['通过', '驳回']))
    const impostor = await api('press', { who: 'impostor', seq: card.seq, button: 'approve' })
    expect(impostor.json.messages.at(-1)).toMatchObject({ privateTo: '王主任' })
    expect(impostor.json.messages.at(-1).text).toContain('你不在审核名单中')
    const approved = await api('press', { who: 'deputy', seq: card.seq, button: 'approve' })
    expect(approved.status).toBe(200)
    expect(
      approved.json.messages.some((m: { text: string; mentions: string[] }) => m.text.includes('第2/2级') && m.mentions.includes('王主任')),
    ).toBe(true)
    const { json } = await fetch(`${t.url}/api/playground/messages?after=0`).then(async (r) => ({ json: await r.json() }))
    const repainted = json.cards.find((m: { seq: number }) => m.seq === card.seq)
    expect(repainted.card.status).toContain('✔️')
    const next = json.cards.at(-1)
    const bare = await api('press', { who: 'director', seq: next.seq, button: 'reject' })
    expect(bare.json.messages.at(-1).text).toContain('理由')
    const rejected = await api('press', { who: 'director', seq: next.seq, button: 'reject', reason: '来源未注明' })
    expect(rejected.json.messages.some((m: { text: string }) => m.text.includes('驳回：来源未注明'))).toBe(true)
    expect((await api('press', { who: 'director', seq: 1, button: 'approve' })).status).toBe(400)
  })

  it('turns "@name" in typed text into a real mention', async () => {
    await api('say', { who: 'editor1', text: DRAFT })
    const moved = await api('say', { who: 'deputy', text: '#转交 D1 @分管领导周书记' })
    expect(moved.json.messages[0].mentions).toEqual(['分管领导周书记'])
    expect(moved.json.messages.at(-1).text).toContain('转交给 分管领导周书记')
  })

  it('advances the simulated clock so a stage time-out and the reminder appear', async () => {
    await api('say', { who: 'editor1', text: DRAFT })
    await api('say', { who: 'deputy', text: '#通过 D1' })
    const early = await api('advance', { minutes: 60 })
    expect(early.json.nowLabel).toBe('11月23日（周一）11:00')
    expect(early.json.messages.filter((m: { kind: string }) => m.kind === 'bot')).toEqual([])
    const late = await api('advance', { minutes: 240 })
    expect(late.json.messages.some((m: { text: string }) => m.text.includes('已超过规定时限'))).toBe(true)
  })

  it('refuses bad playground requests with 400', async () => {
    expect((await api('say', { who: 'nobody', text: 'hi' })).status).toBe(400)
    expect((await api('say', { who: 'editor1', text: '   ' })).status).toBe(400)
    expect((await api('say', { who: 'editor1', text: 'x', quote: 999 })).status).toBe(400)
    expect((await api('advance', { minutes: -5 })).status).toBe(400)
    expect((await fetch(`${t.url}/api/playground/messages?after=abc`)).status).toBe(400)
    expect((await api('drills/nope/next', {})).status).toBe(404)
  })

  it('plays the draft-review drill to the end, every expectation met', async () => {
    let progress
    do progress = (await api('drills/draft-review/next', {})).json.progress
    while (progress.next < progress.total)
    const notes = t.playground.messages().filter((m) => m.kind === 'note' && /符合预期|未见预期/.test(m.text))
    expect(notes.map((n) => n.text.slice(0, 1))).toEqual(['✔', '✔', '✔', '✔'])
    const again = await api('drills/draft-review/next', {})
    expect(again.json.messages).toEqual([])
  })

  it('takes only application/json on its POSTs (415), so a cross-site form or no-cors request cannot drive the bot', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const attempts = [
      fetch(`${t.url}/api/playground/say`, { method: 'POST', headers: form, body: 'who=director&text=%23%E9%80%9A%E8%BF%87' }),
      fetch(`${t.url}/api/playground/say`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ who: 'editor1', text: DRAFT }),
      }),
      fetch(`${t.url}/api/playground/advance`, { method: 'POST', headers: form, body: 'minutes=60' }),
      fetch(`${t.url}/api/playground/drills/draft-review/next`, { method: 'POST' }),
    ]
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(415)
      expect(await res.json()).toMatchObject({ error: 'unsupported-media-type' })
    }
    expect(t.playground.messages()).toEqual([])
    expect((await api('say', { who: 'editor1', text: DRAFT })).status).toBe(200)
    const charset = await fetch(`${t.url}/api/playground/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"minutes":1}',
    })
    expect(charset.status).toBe(200)
  })
})
