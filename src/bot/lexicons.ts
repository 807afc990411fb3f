import type { Turn } from './deps.js'

/** `#重载词库`: a supervisor makes edited lexicon files take effect without restarting the bot. */
export async function reloadCommand(turn: Turn): Promise<void> {
  const { deps } = turn
  if (!deps.checker.reload) return turn.reply('当前的检查器没有可重载的词库。')
  try {
    await deps.checker.reload()
  } catch (err) {
    return turn.reply(`词库没有重载，仍使用原词库：${(err as Error).message}`)
  }
  await turn.reply('词库已重新加载，之后的检查按新词库进行。')
}
