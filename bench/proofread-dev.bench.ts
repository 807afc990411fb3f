import { benchSet } from './proofread/evaluate.js'

/** The dev set (bench/proofread/dev): the one the detector, its tables and thresholds are tuned on. */
export const name = '三校 dev set (bench/proofread/dev)'

export async function run(_scale?: string, flags: string[] = []): Promise<string[]> {
  return benchSet('bench/proofread/dev', flags)
}
