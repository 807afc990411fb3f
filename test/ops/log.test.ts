import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, prettyLine } from '../../src/ops/log.js'

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: string } {
  const s = new Writable({
    write(chunk, _enc, done) {
      s.text += chunk.toString()
      done()
    },
  }) as Writable & { isTTY: boolean; text: string }
  s.isTTY = isTTY
  s.text = ''
  return s
}

describe('logs', () => {
  it('are JSON lines when stdout is not a terminal (production), pretty in a terminal or with LOG_FORMAT=pretty', async () => {
    const json = sink(false)
    createLogger({}, json).info({ draft: 'D1' }, 'submitted')
    await new Promise((r) => setImmediate(r))
    expect(JSON.parse(json.text)).toMatchObject({ level: 30, msg: 'submitted', draft: 'D1', name: 'sanshen' })

    const tty = sink(true)
    createLogger({}, tty).warn({ draft: 'D1' }, 'late')
    expect(tty.text).toMatch(/^\d\d:\d\d:\d\d WARN {2}late draft=D1\n$/)

    const forced = sink(false)
    createLogger({ LOG_FORMAT: 'pretty' }, forced).info('hello')
    expect(forced.text).toMatch(/INFO {2}hello\n$/)
    const asJson = sink(true)
    createLogger({ LOG_FORMAT: 'json' }, asJson).info('hello')
    await new Promise((r) => setImmediate(r))
    expect(JSON.parse(asJson.text).msg).toBe('hello')
  })

  it('shows an error with its stack indented under the line, and passes through what is not JSON', () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      msg: 'command failed',
      err: { message: 'boom', stack: 'Error: boom\n    at x' },
      message: 'M1',
    })
    expect(prettyLine(line)).toMatch(/ERROR command failed message=M1\n {2}Error: boom\n {6}at x\n$/)
    expect(prettyLine('plain text')).toBe('plain text\n')
  })
})
