/** Time comes from here, never from Date.now(), so every time rule can be tested with a controllable clock. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock that only moves when told to: for tests, the playground and drills. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.UTC(2026, 0, 5, 1, 0, 0)) {}
  now(): number {
    return this.t
  }
  set(ms: number): void {
    this.t = ms
  }
  advance(ms: number): number {
    this.t += ms
    return this.t
  }
}
