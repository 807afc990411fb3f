import { benchSet } from './proofread/evaluate.js'

/**
 * 三校 on the held-out set (bench/proofread/heldout/, written apart from the tables): never tuned
 * on. Figures only; `--show` lists misses and false alarms, for after tuning is over (SETS.md).
 */
export const name = '三校 proofreading (held-out set)'

export const run = (_scale?: string, flags: string[] = []) => benchSet('bench/proofread/heldout', flags)
