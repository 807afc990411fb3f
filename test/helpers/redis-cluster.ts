/**
 * A local Redis Cluster of three masters, started by the test that needs it: redis-server
 * --cluster-enabled on three free ports in a temp dir, joined with `redis-cli --cluster create`.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { launchRedis } from './redis-server.js'

const run = promisify(execFile)

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** A port that is free along with its cluster bus port (port + 10000). */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000)
    if (!taken.has(port) && (await portFree(port)) && (await portFree(port + 10_000))) return port
  }
}

const startNode = (dir: string, port: number) =>
  launchRedis(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--save', '', '--appendonly', 'no'])

export interface LocalCluster {
  /** "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3", as REDIS_CLUSTER_NODES takes it */
  nodes: string
  stop(): Promise<void>
}

export async function startCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-cluster-'))
  const ports: number[] = []
  for (let i = 0; i < 3; i++) ports.push(await freeClusterPort(new Set(ports)))
  const servers = await Promise.all(ports.map((port) => startNode(dir, port)))
  const nodes = ports.map((p) => `127.0.0.1:${p}`)
  await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'])
  // The slots are assigned at once, but every node must agree before the cluster serves them.
  for (let i = 0; ; i++) {
    const states = await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'cluster', 'info']).then((r) => r.stdout)))
    if (states.every((s) => s.includes('cluster_state:ok'))) break
    if (i > 100) throw new Error(`the local cluster did not come up: ${states.join('\n')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    nodes: nodes.join(','),
    async stop() {
      await Promise.all(
        servers.map((s) => new Promise<void>((resolve) => (s.exitCode !== null ? resolve() : (s.once('exit', () => resolve()), s.kill('SIGKILL'))))),
      )
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
