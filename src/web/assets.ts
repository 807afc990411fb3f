import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'

/**
 * The page assets (HTML, JS, CSS) shipped in src/web/static/, read once at start-up and served
 * from memory under /assets/. A fixed list, so no request path ever reaches the file system; no
 * CDN and no web fonts, so the pages work offline. A build must copy static/ next to this module.
 */
const TYPES = { css: 'text/css', js: 'text/javascript', html: 'text/html', svg: 'image/svg+xml' } as const
const ASSET_NAMES = ['app.css', 'dashboard.js', 'playground.js', 'playground.html', 'favicon.svg'] as const
export type AssetName = (typeof ASSET_NAMES)[number]

export function loadAssets(): Map<AssetName, string> {
  const dir = new URL('./static/', import.meta.url)
  return new Map(ASSET_NAMES.map((name) => [name, readFileSync(new URL(name, dir), 'utf8')]))
}

export function registerAssets(app: FastifyInstance, assets: Map<AssetName, string>): void {
  app.get('/assets/:name', async (request, reply) => {
    const name = (request.params as { name: string }).name as AssetName
    const text = assets.get(name)
    if (text === undefined || name.endsWith('.html')) return reply.code(404).send({ error: 'not-found' })
    const ext = name.slice(name.lastIndexOf('.') + 1) as keyof typeof TYPES
    return reply.type(`${TYPES[ext]}; charset=utf-8`).header('cache-control', 'no-cache').send(text)
  })
  // Browsers ask for /favicon.ico on their own: answer it rather than log a 404 in every console.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'max-age=86400').send(assets.get('favicon.svg')),
  )
}
