import { describe, expect, it } from 'vitest'
import { constantTimeEqual } from '../../src/web/constant-time-equal.js'

describe('constantTimeEqual', () => {
  it('is true only for the same string, whatever the lengths', () => {
    expect(constantTimeEqual('hook-secret', 'hook-secret')).toBe(true)
    expect(constantTimeEqual('hook-secret', 'hook-secre')).toBe(false)
    expect(constantTimeEqual('hook-secret', 'hook-secret-and-more')).toBe(false)
    expect(constantTimeEqual('hook-secret', '')).toBe(false)
    expect(constantTimeEqual('', '')).toBe(true)
    expect(constantTimeEqual('口令', '口令')).toBe(true)
    expect(constantTimeEqual('口令', '口今')).toBe(false)
  })
})
