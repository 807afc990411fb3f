import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** The image's web server must listen where the Dockerfile says it does, and the README must say how to reach it. */
describe('the Docker image’s web server', () => {
  const runtime = readFileSync('Dockerfile', 'utf8')
    .split(/^FROM /m)
    .at(-1)!
  const env = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(runtime)?.[1]

  it('listens on all interfaces, on the port it exposes, in Beijing time', () => {
    expect(env('SANSHEN_WEB_HOST')).toBe('0.0.0.0')
    expect(runtime).toContain(`EXPOSE ${env('SANSHEN_WEB_PORT')}`)
    expect(env('SANSHEN_WEB_PORT')).toBe('8080')
    expect(env('TZ')).toBe('Asia/Shanghai')
  })

  it('is run in the README with that port published', () => {
    const run = readFileSync('README.md', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('docker run'))
    expect(run).toContain('-p 8080:8080')
  })
})
