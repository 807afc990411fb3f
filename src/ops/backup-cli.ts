/**
 * `npm run backup -- <file>` / `npm run restore -- <file>` (in the image:
 * `node dist/src/ops/backup-cli.js backup <file>`): the store the environment names, as the bot
 * opens it (REDIS_URL, else SANSHEN_DATA). A failure is one sentence of what to do, exit code 1.
 */
import { readEnv } from '../config/env.js'
import { embeddedPaths } from '../store/create-store.js'
import { BackupError, backup, restore, targetFromEnv } from './backup.js'

async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2)
  if ((command !== 'backup' && command !== 'restore') || !file) {
    throw new BackupError('usage: npm run backup -- <file>   or   npm run restore -- <file>')
  }
  const env = readEnv(process.env)
  const target = targetFromEnv(env, embeddedPaths(env.SANSHEN_DATA).db)
  const where = target.kind === 'sqlite' ? target.path : `${target.url.replace(/\/\/[^@/]*@/, '//***@')} prefix ${target.prefix}`
  if (command === 'backup') {
    const r = await backup(target, file)
    console.log(`备份完成 Backup written: ${file} (${r.bytes} bytes${r.keys !== undefined ? `, ${r.keys} keys` : ''}) from ${where}`)
  } else {
    const r = await restore(file, target)
    console.log(`恢复完成 Restored ${file} into ${where}${r.keys !== undefined ? ` (${r.keys} keys)` : ''}. Start sanshen to use it.`)
  }
}

main().catch((err: unknown) => {
  console.error(`sanshen ${process.argv[2] ?? 'backup'} failed: ${(err as Error).message}`)
  process.exit(1)
})
