import { existsSync } from 'node:fs'
import { evaluate } from './proofread/evaluate.js'

/**
 * 三校 on the held-out set (bench/proofread/heldout/, written apart from the tables): never tuned
 * on. Figures only; `--show` lists misses and false alarms, for after tuning is over (SETS.md).
 */
export const name = '三校 proofreading (held-out set)'

const SET = 'bench/proofread/heldout'

export function run(_scale?: string, flags: string[] = []): Promise<string[]> | string[] {
  if (!existsSync(SET)) return [`no set at ${SET}`]
  return evaluate(SET, { show: flags.includes('--show') })
}
