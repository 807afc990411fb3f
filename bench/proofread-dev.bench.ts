import { benchSet } from './proofread/evaluate.js'

/** 三校 on the dev set (bench/proofread/dev/), the one to tune on; `--show` lists misses and false alarms. */
export const name = '三校 proofreading (dev set)'

export const run = (_scale?: string, flags: string[] = []) => benchSet('bench/proofread/dev', flags)
