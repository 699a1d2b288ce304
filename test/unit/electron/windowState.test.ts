import { describe, expect, it } from 'vitest'
import { boundsToSave, DEFAULT_SIZE, restoreBounds } from '../../../src/main/electron/windowState'

const laptop = { x: 0, y: 0, width: 1440, height: 870 }
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 }

describe('restoreBounds', () => {
  it('uses the default size when nothing was saved', () => {
    expect(restoreBounds(null, [laptop])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false })
  })

  it('restores a window that is on a connected display', () => {
    const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: true }
    expect(restoreBounds(saved, [laptop, rightMonitor])).toEqual({
      bounds: { x: 1600, y: 100, width: 1300, height: 900 },
      maximized: true,
    })
  })

  it('drops the position when its display is gone, keeping a size that fits', () => {
    const saved = { x: 1600, y: 100, width: 2000, height: 1200 }
    expect(restoreBounds(saved, [laptop])).toEqual({
      bounds: { width: 1440, height: 870 },
      maximized: false,
    })
  })

  it('drops a position whose title bar would be off screen', () => {
    expect(restoreBounds({ x: 100, y: -500, width: 800, height: 600 }, [laptop]).bounds).toEqual({
      width: 800,
      height: 600,
    })
    expect(restoreBounds({ x: 1400, y: 10, width: 800, height: 600 }, [laptop]).bounds).toEqual({
      width: 800,
      height: 600,
    })
  })

  it('keeps a window that straddles two displays', () => {
    const saved = { x: 1000, y: 50, width: 1000, height: 700 }
    expect(restoreBounds(saved, [laptop, rightMonitor]).bounds).toEqual(saved)
  })

  it('refuses nonsense numbers and tiny sizes', () => {
    expect(restoreBounds({ width: Number.NaN, height: 5 }, [laptop]).bounds).toEqual({
      ...DEFAULT_SIZE,
    })
    expect(restoreBounds({ width: 10, height: 10 }, [laptop]).bounds).toEqual({
      width: 640,
      height: 400,
    })
  })
})

describe('boundsToSave', () => {
  it('rounds and records the maximized flag', () => {
    expect(boundsToSave({ x: 10.4, y: 20.6, width: 800.2, height: 600 }, true)).toEqual({
      x: 10,
      y: 21,
      width: 800,
      height: 600,
      maximized: true,
    })
  })
})
