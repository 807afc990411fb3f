import type { SimulatedGroup } from '../src/playground/simulated-group.js'

/** `g.say` that records each message's round trip in milliseconds into `latencies`. */
export function timedSay(g: SimulatedGroup, latencies: number[]): (who: string, text: string) => Promise<void> {
  return async (who, text) => {
    const t0 = performance.now()
    await g.say(who, text)
    latencies.push(performance.now() - t0)
  }
}
