import { describe, expect, it } from 'vitest'
import { StatusWatchers } from './status-watchers.ts'

describe('StatusWatchers', () => {
  it('delivers to every listener, isolates throws, and detaches on a terminal status', () => {
    const errors: unknown[] = []
    const watchers = new StatusWatchers(error => errors.push(error))
    const seen: string[] = []
    watchers.add('k', () => {
      throw new TypeError('boom')
    })
    watchers.add('k', s => seen.push(s.type))
    watchers.emit('k', { type: 'ready' })
    watchers.emit('k', { type: 'dropped' })
    watchers.emit('k', { type: 'ready' })
    expect(seen).toEqual(['ready', 'dropped'])
    expect(errors).toHaveLength(2)
    expect(watchers.has('k')).toBe(false)
  })

  it('unsubscribes one listener; a failing error sink is swallowed', () => {
    const watchers = new StatusWatchers(() => {
      throw new TypeError('sink')
    })
    const seen: string[] = []
    const stop = watchers.add('k', s => seen.push(`a:${s.type}`))
    watchers.add('k', () => {
      throw new TypeError('boom')
    })
    stop()
    stop()
    expect(() => watchers.emit('k', { type: 'ready' })).not.toThrow()
    expect(seen).toEqual([])
    expect(watchers.size).toBe(1)
    watchers.delete('k')
    expect(watchers.size).toBe(0)
  })
})
