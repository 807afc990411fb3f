import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ENV_VARIABLES } from '../../src/config/env.js'
import { withRedisPrefix } from '../helpers/redis.js'
import { freePort } from '../helpers/redis-server.js'

/**
 * No Docker engine runs here: what the image and compose.yaml do is tested by running the image's
 * command with the image's environment (the Dockerfile's ENV, compose's environment), paths inside
 * the container mapped onto this checkout (/app → here, /data → a temporary directory), and the
 * compiled `node dist/src/…` run from source with tsx.
 */
const runtime = readFileSync('Dockerfile', 'utf8')
  .split(/^FROM /m)
  .at(-1)!
const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
  services: Record<
    string,
    {
      command?: string[]
      environment?: Record<string, string>
      env_file?: string | string[]
      volumes?: string[]
      ports?: string[]
      depends_on?: Record<string, unknown>
    }
  >
}
const data = mkdtempSync(join(tmpdir(), 'sanshen-image-'))
const redis = withRedisPrefix()
afterAll(() => redis.cleanup())

/** The image's ENV lines (the runtime stage), as a map. */
function imageEnv(): Record<string, string> {
  const block = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)![1]!
  return Object.fromEntries([...block.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]))
}

/** A path inside the container, on this machine. */
const host = (p: string) => p.replace(/^\/app\//, `${resolve('.')}/`).replace(/^\/data\b/, data)

/** The environment the container gets: image ENV, then compose's (secrets empty: no WeChat login here). */
async function containerEnv(): Promise<Record<string, string>> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...imageEnv(), ...compose.services.sanshen!.environment })) env[k] = host(String(v))
  return {
    ...env,
    // the compose service name "redis" is this machine's Redis, under a test prefix; no platform token here
    REDIS_URL: env.REDIS_URL!.replace('//redis:', '//127.0.0.1:'),
    SANSHEN_REDIS_PREFIX: redis.prefix,
    WECHATY_PUPPET: '',
    SANSHEN_DASHBOARD_TOKEN: 'image-test',
    SANSHEN_WEB_PORT: String(await freePort()),
  }
}

/** The Dockerfile's CMD as run from source: node dist/src/x.js → node --import tsx src/x.ts */
function fromSource(cmd: string[]): string[] {
  return cmd.slice(1).flatMap((a) => (a.startsWith('dist/') ? ['--import', 'tsx', a.replace(/^dist\//, '').replace(/\.js$/, '.ts')] : [a]))
}

describe('compose.yaml', () => {
  it('runs Redis with the append-only file on, and the bot on it with the config folder mounted', () => {
    const r = compose.services.redis!
    expect(r.command?.join(' ')).toMatch(/--appendonly yes/)
    expect(r.volumes).toContain('redis-data:/data')
    const s = compose.services.sanshen!
    expect(s.environment?.REDIS_URL).toBe('redis://redis:6379')
    expect(s.depends_on).toHaveProperty('redis')
    expect(s.volumes?.some((v) => v.startsWith('./config:/app/config'))).toBe(true)
    expect(s.volumes?.some((v) => v.endsWith(':/data'))).toBe(true)
    expect(runtime).toMatch(/VOLUME \["\/app\/config", "\/data"\]/)
    expect(s.ports).toContain(`127.0.0.1:${imageEnv().SANSHEN_WEB_PORT}:${imageEnv().SANSHEN_WEB_PORT}`)
  })
})

describe('compose.yaml passes every variable the code reads', () => {
  it('the operator’s .env goes to the container whole (env_file), and .env.example names every variable src/config/env.ts declares', () => {
    const s = compose.services.sanshen!
    expect([s.env_file].flat()).toContain('.env')
    const example = readFileSync('.env.example', 'utf8')
    const listed = new Set([...example.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!))
    expect(Object.keys(ENV_VARIABLES).filter((n) => !listed.has(n))).toEqual([])
    expect([...listed].filter((n) => !(n in ENV_VARIABLES))).toEqual([])
    // what compose sets itself are variables the code reads (or the runtime's own)
    expect(Object.keys(s.environment ?? {}).filter((n) => !(n in ENV_VARIABLES))).toEqual([])
  })
})

/** Runs a tool; its output for the failure message. */
function tool(cmd: string, args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 })
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` }
}

describe('the reverse-proxy files pass the real tools (Debian 12: nginx 1.22, caddy 2.6)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sanshen-proxy-'))
  /** `nginx -t` on a site file included as /etc/nginx/conf.d files are, with logs and pid in the scratch folder. */
  const nginxTest = (site: string) => {
    const main = join(scratch, `main-${Math.random().toString(36).slice(2)}.conf`)
    writeFileSync(main, `pid ${scratch}/nginx.pid;\nerror_log ${scratch}/error.log;\nevents {}\nhttp { access_log off; include ${site}; }\n`)
    return tool('nginx', ['-t', '-c', main, '-p', `${scratch}/`, '-e', `${scratch}/error.log`])
  }

  it('nginx 1.22 takes the bootstrap file before any certificate exists, and the HTTPS file once certbot has put them in place', () => {
    expect(tool('nginx', ['-v']).out).toMatch(/nginx\/1\.2[2-9]/)
    const boot = nginxTest(resolve('deploy/nginx-bootstrap.conf'))
    expect(boot.out).toMatch(/test is successful/)
    const https = readFileSync('deploy/nginx.conf', 'utf8')
    expect(https).not.toMatch(/^\s*http2 on;/m)
    // where certbot would write them: a self-signed pair at the same names
    const live = join(scratch, 'live')
    mkdirSync(live, { recursive: true })
    const cert = tool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=sanshen.example.org',
      '-keyout',
      join(live, 'privkey.pem'),
      '-out',
      join(live, 'fullchain.pem'),
    ])
    expect(cert.status, cert.out).toBe(0)
    const site = join(scratch, 'sanshen.conf')
    writeFileSync(site, https.replaceAll('/etc/letsencrypt/live/sanshen.example.org', live))
    const r = nginxTest(site)
    expect(r.out).toMatch(/test is successful/)
    // and the two files agree on the ACME webroot certbot renews through
    expect(https).toContain('location /.well-known/acme-challenge/ { root /var/www/certbot; }')
  })

  it('caddy validate accepts deploy/Caddyfile', () => {
    const home = join(scratch, 'caddy-home')
    const r = tool('caddy', ['validate', '--config', 'deploy/Caddyfile', '--adapter', 'caddyfile'], {
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
    })
    expect(r.out).toMatch(/Valid configuration/)
    expect(r.status).toBe(0)
  })
})

describe('the image’s command with the image’s environment', () => {
  it('starts on Redis, answers /healthz on all interfaces, logs JSON, and stops cleanly on SIGTERM', async () => {
    const env = await containerEnv()
    expect(env.SANSHEN_CONFIG).toBe(resolve('config/sanshen.yaml'))
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(runtime)![1]!) as string[]
    expect(cmd).toEqual(['node', 'dist/src/main.js'])
    const child = spawn(process.execPath, fromSource(cmd), { env: { ...process.env, ...env } })
    let out = ''
    const started = new Promise<void>((ok) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (/"msg":"sanshen is running/.test(out)) ok()
      })
    })
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((ok) => child.on('exit', ok))
    await Promise.race([started, exited])
    expect(out).toMatch(/"msg":"sanshen is running/)
    // 0.0.0.0: reachable on the loopback and on this machine's other addresses (as from outside a container)
    const addresses = [
      '127.0.0.1',
      ...Object.values(networkInterfaces())
        .flatMap((a) => a ?? [])
        .filter((a) => a.family === 'IPv4' && !a.internal)
        .map((a) => a.address),
    ]
    for (const a of addresses) expect((await fetch(`http://${a}:${env.SANSHEN_WEB_PORT}/healthz`)).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    // not a terminal: every log line is JSON (the playground's two banner lines aside)
    const logLines = out.split('\n').filter((l) => l.startsWith('{'))
    expect(logLines.length).toBeGreaterThan(0)
    for (const l of logLines) expect(() => JSON.parse(l)).not.toThrow()
  }, 120_000)

  it('backs up with the image’s node and files: node dist/src/ops/backup-cli.js backup /data/…', async () => {
    const env = await containerEnv()
    const r = spawnSync(process.execPath, fromSource(['node', 'dist/src/ops/backup-cli.js', 'backup', host('/data/nightly.jsonl')]), {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(existsSync(join(data, 'nightly.jsonl'))).toBe(true)
    expect(JSON.parse(readFileSync(join(data, 'nightly.jsonl'), 'utf8').split('\n')[0]!)).toMatchObject({
      sanshen: 'redis-backup',
      prefix: redis.prefix,
    })
  }, 120_000)
})

describe('deploy/sanshen.service', () => {
  const unit = readFileSync('deploy/sanshen.service', 'utf8')
  it('runs the built entry point with settings the code reads, restarting on failure', () => {
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node dist\/src\/main\.js$/m)
    expect(JSON.parse(readFileSync('package.json', 'utf8')).main).toBe('dist/src/index.js')
    expect(unit).toMatch(/^Restart=on-failure$/m)
    const names = [...unit.matchAll(/^Environment=(\w+)=/gm)].map((m) => m[1]!)
    expect(names.length).toBeGreaterThan(4)
    const sources = spawnSync('grep', ['-rhoE', 'SANSHEN_[A-Z_]+|LOG_FORMAT|NODE_ENV|TZ', 'src', 'Dockerfile'], { encoding: 'utf8' }).stdout
    for (const n of names) expect(sources).toContain(n)
    expect(unit).toMatch(/^ReadWritePaths=\/var\/lib\/sanshen$/m)
    expect(unit).toContain('SANSHEN_DATA=/var/lib/sanshen/sanshen.db')
  })
})

describe('the reverse-proxy examples', () => {
  it('forward the push endpoints and the dashboard to the port the bot listens on, and keep /metrics inside', () => {
    const caddy = readFileSync('deploy/Caddyfile', 'utf8')
    const nginx = readFileSync('deploy/nginx.conf', 'utf8')
    for (const path of ['/wechat/', '/webhook/', '/dashboard', '/assets/']) {
      expect(caddy).toContain(`handle ${path}`)
      expect(nginx).toContain(`location ${path}`)
    }
    expect(caddy).toContain('reverse_proxy 127.0.0.1:8080')
    expect(nginx).toContain('proxy_pass http://127.0.0.1:8080')
    expect(nginx).toContain('X-Forwarded-Proto')
    expect(compose.services.sanshen!.environment?.SANSHEN_TRUST_PROXY).toBe('1')
    expect(caddy).not.toMatch(/handle \/metrics/)
    expect(nginx).not.toMatch(/location \/metrics/)
  })
})
