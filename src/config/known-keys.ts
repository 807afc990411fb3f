import type { z } from 'zod'
import { editDistance } from '../text/edit-distance.js'

/**
 * The keys an object schema accepts at a path inside a larger schema, so an unknown key in the
 * config can be answered with the nearest known one (`timeoutMinute` → `timeoutMinutes`).
 */

type Def = {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  valueType?: z.ZodType
  element?: z.ZodType
  in?: z.ZodType
  options?: z.ZodType[]
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

/** Unwraps optional/default/pipe… down to the schema that describes the value itself. */
function unwrap(s: z.ZodType): z.ZodType[] {
  const d = defOf(s)
  if (d.innerType) return unwrap(d.innerType)
  if (d.type === 'pipe' && d.in) return unwrap(d.in)
  if (d.type === 'union' && d.options) return d.options.flatMap(unwrap)
  return [s]
}

function child(s: z.ZodType, key: PropertyKey): z.ZodType[] {
  const d = defOf(s)
  if (d.type === 'object' && d.shape && typeof key === 'string' && key in d.shape) return unwrap(d.shape[key]!)
  if (d.type === 'record' && d.valueType) return unwrap(d.valueType)
  if (d.type === 'array' && d.element) return unwrap(d.element)
  return []
}

export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let here = unwrap(schema)
  for (const key of path) here = here.flatMap((s) => child(s, key))
  return [...new Set(here.flatMap((s) => Object.keys(defOf(s).shape ?? {})))]
}

/** The known key nearest to `key`, when it is near enough to be a slip of the keyboard. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: { k: string; d: number } | undefined
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase())
    if (!best || d < best.d) best = { k, d }
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined
}
