import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeOpenAi {
  /** base URL for OPENAI_BASE_URL */
  url: string
  /** every request body received */
  bodies: Array<{ model: string; messages: Array<{ role: string; content: string }> }>
  close(): Promise<void>
}

export interface FakeOpenAiProvider {
  /** the models this provider offers (GET /v1/models; a completion for another answers 404 model_not_found); default: any */
  models?: string[]
  /** the one API key it accepts (others: 401); default: any */
  apiKey?: string
  /** GET /v1/models is not served (404), as on some compatible servers */
  noModelList?: boolean
}

/**
 * A local HTTP server speaking the OpenAI chat-completions API, for the real `openai` client.
 * `answer` returns the assistant's content, undefined to never answer (the client's timeout fires),
 * or an HTTP error to send as it is (a gateway's 401, say).
 */
export async function startFakeOpenAi(
  answer: () => string | undefined | { status: number; body: string },
  p: FakeOpenAiProvider = {},
): Promise<FakeOpenAi> {
  const bodies: FakeOpenAi['bodies'] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const error = (status: number, code: string) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: code, type: 'invalid_request_error', code } }))
      }
      if (p.apiKey && req.headers.authorization !== `Bearer ${p.apiKey}`) return error(401, 'invalid_api_key')
      if (req.method === 'GET' && req.url === '/v1/models') {
        if (p.noModelList) return error(404, 'not_found')
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ object: 'list', data: (p.models ?? ['fake']).map((id) => ({ id, object: 'model', owned_by: 'fake' })) }))
      }
      const body = JSON.parse(raw)
      if (p.models && !p.models.includes(body.model)) return error(404, 'model_not_found')
      bodies.push(body)
      const content = answer()
      if (content === undefined) return
      if (typeof content === 'object') {
        res.writeHead(content.status, { 'content-type': 'application/json' })
        return res.end(content.body)
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: 'fake',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
          usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
        }),
      )
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    bodies,
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
