import { describe, expect, it } from 'vitest'
import { currentThreadId, lowerThreadPriority } from '../../../src/main/core/workers/threadPriority'

describe('thread priority', () => {
  it("reads the calling thread's id from /proc/thread-self", () => {
    expect(currentThreadId(() => '4242/task/4250')).toBe(4250)
    expect(currentThreadId(() => 'garbage')).toBeNull()
    expect(
      currentThreadId(() => {
        throw new Error('ENOENT')
      }),
    ).toBeNull()
  })

  it('does nothing where a thread cannot be reniced alone', () => {
    expect(lowerThreadPriority(10, 'darwin')).toBe(false)
    expect(lowerThreadPriority(10, 'win32')).toBe(false)
  })
})
