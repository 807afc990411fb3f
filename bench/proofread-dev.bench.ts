import { existsSync } from 'node:fs'
import { evaluate } from './proofread/evaluate.js'

/** 三校 on the dev set (bench/proofread/dev/), the one to tune on; `--show` lists misses and false alarms. */
export const name = '三校 proofreading (dev set)'

const SET = 'bench/proofread/dev'

export function run(_scale?: string, flags: string[] = []): Promise<string[]> | string[] {
  if (!existsSync(SET)) return [`no set at ${SET}`]
  return evaluate(SET, { show: flags.includes('--show') })
}
