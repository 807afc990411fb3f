import type { Turn } from './deps.js'
import { botText } from './texts.js'

/** `#重载词库`: a supervisor makes edited lexicon files take effect without restarting the bot. */
export async function reloadCommand(turn: Turn): Promise<void> {
  const { deps } = turn
  if (!deps.checker.reload) return turn.reply(botText.reloadUnsupported())
  try {
    await deps.checker.reload()
  } catch (err) {
    return turn.reply(botText.reloadFailed((err as Error).message))
  }
  await turn.reply(botText.reloaded())
}
