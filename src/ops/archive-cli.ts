/**
 * `npm run archive -- export <file.db> <YYYY-MM-DD>` (in the image:
 * `node dist/src/ops/archive-cli.js export …`): moves the documents of the Redis archive created
 * (a message: received, an incident: opened) before that Beijing date into the SQLite file, which
 * it creates or adds to, and deletes them from Redis. List the file in SANSHEN_ARCHIVE_FILES so
 * the dashboard's history and #记录 still read them. The SQLite store keeps its archive in its own
 * file and has nothing to export. A failure is one sentence of what to do, exit code 1.
 */
import { ARCHIVED } from '../bot/index-terms.js'
import { readEnv } from '../config/env.js'
import { shanghaiInstant } from '../deadlines/shanghai-time.js'
import { redisFromEnv } from '../store/create-store.js'
import { exportRedisArchive } from '../store/redis-store.js'
import { openArchiveFile } from '../store/sqlite-store.js'

const USAGE = 'usage: npm run archive -- export <file.db> <YYYY-MM-DD>   (moves the Redis archive of what was created before that date into the file)'

async function main(): Promise<void> {
  const [command, file, date] = process.argv.slice(2)
  if (command !== 'export' || !file || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(USAGE)
  const redis = redisFromEnv(readEnv(process.env))
  if (!redis)
    throw new Error('set REDIS_URL (or REDIS_CLUSTER_NODES): only the Redis archive is exported; the SQLite store keeps its archive in its own file')
  const archive = openArchiveFile(file)
  try {
    const moved = await exportRedisArchive(redis, ARCHIVED, shanghaiInstant(date), (docs) => archive.write(docs))
    console.log(
      `归档导出完成 Exported ${moved} archived documents created before ${date} to ${file}. Add it to SANSHEN_ARCHIVE_FILES so the history reads them.`,
    )
  } finally {
    archive.close()
  }
}

main().catch((err: unknown) => {
  console.error(`sanshen archive failed: ${(err as Error).message}`)
  process.exit(1)
})
