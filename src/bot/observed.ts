import type { Checker } from '../checklist/types.js'
import type { Store } from '../store/store.js'
import type { Telemetry } from '../telemetry.js'

/** The checker, counting its runs and failures. */
export function observedChecker(checker: Checker, telemetry: Telemetry): Checker {
  return {
    ...(checker.reload ? { reload: () => checker.reload!() } : {}),
    async check(text, context) {
      try {
        const result = await checker.check(text, context)
        telemetry.checkerCall('ok')
        return result
      } catch (err) {
        telemetry.checkerCall('error')
        throw err
      }
    },
  }
}

/** The store, counting every failed operation (a Proxy: the port has a dozen methods, all async). */
export function observedStore(store: Store, telemetry: Telemetry): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((err: unknown) => {
          telemetry.storeError()
          throw err
        })
    },
  })
}
