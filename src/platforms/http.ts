import type { z } from 'zod'

/** The platform answered, but not with what its API description promises (HTML error page, wrong shape). */
export class PlatformResponseError extends Error {
  constructor(
    readonly platform: string,
    readonly path: string,
    message: string,
  ) {
    super(`${platform} ${path}: ${message}`)
    this.name = 'PlatformResponseError'
  }
}

export type Fetch = typeof fetch

/** Fetches JSON and validates it with `schema`; a transport failure or a wrong shape is a PlatformResponseError. */
export async function fetchJson<T>(
  f: Fetch,
  platform: string,
  path: string,
  url: string,
  init: RequestInit,
  schema: z.ZodType<T>,
  timeoutMs = 15_000,
): Promise<T> {
  let res: Response
  try {
    res = await f(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    throw new PlatformResponseError(platform, path, `request failed: ${(err as Error).message}`)
  }
  const text = await res.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new PlatformResponseError(platform, path, `HTTP ${res.status}, not JSON: ${text.slice(0, 80)}`)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success)
    throw new PlatformResponseError(
      platform,
      path,
      `HTTP ${res.status}, unexpected answer: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`,
    )
  return parsed.data
}
