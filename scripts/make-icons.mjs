#!/usr/bin/env node
// Draws the app icon (resources/icons/*.png) with no image library and no download: a rounded
// blue tile with a stack of pages and text lines, rasterised with 4×4 supersampling and written as
// PNG with zlib. Run `node scripts/make-icons.mjs` after changing the drawing.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

const outDir = path.resolve(import.meta.dirname, '..', 'resources', 'icons')

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0 // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Inside a rounded rectangle (coordinates in the unit square). */
function inRoundRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false
  const cx = Math.min(Math.max(x, left + radius), right - radius)
  const cy = Math.min(Math.max(y, top + radius), bottom - radius)
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
}

// Layers, bottom to top: [test(x, y), [r, g, b]]. The tile's colour is a vertical gradient.
const page = [250, 250, 247]
const shadow = [214, 222, 235]
const ink = [60, 90, 150]
const layers = [
  [
    (x, y) => inRoundRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2),
    (_x, y) => [33 + 30 * y, 99 + 20 * y, 201 - 40 * y],
  ],
  [(x, y) => inRoundRect(x, y, 0.3, 0.2, 0.78, 0.82, 0.04), () => shadow],
  [(x, y) => inRoundRect(x, y, 0.25, 0.16, 0.73, 0.78, 0.04), () => page],
  ...[0.3, 0.38, 0.46, 0.54, 0.62].map((top, i) => [
    (x, y) => inRoundRect(x, y, 0.32, top, i === 4 ? 0.54 : 0.66, top + 0.035, 0.017),
    () => ink,
  ]),
]

function draw(size) {
  const rgba = Buffer.alloc(size * size * 4)
  const samples = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size
          const y = (py + (sy + 0.5) / samples) / size
          let colour = null
          for (const [inside, paint] of layers) if (inside(x, y)) colour = paint(x, y)
          if (colour) {
            r += colour[0]
            g += colour[1]
            b += colour[2]
            a += 1
          }
        }
      }
      const offset = (py * size + px) * 4
      if (a > 0) {
        rgba[offset] = Math.round(r / a)
        rgba[offset + 1] = Math.round(g / a)
        rgba[offset + 2] = Math.round(b / a)
      }
      rgba[offset + 3] = Math.round((255 * a) / (samples * samples))
    }
  }
  return encodePng(size, rgba)
}

mkdirSync(outDir, { recursive: true })
for (const [name, size] of [
  ['256x256.png', 256],
  ['512x512.png', 512],
  // electron-builder turns a 1024 px PNG into the macOS .icns and the Windows .ico.
  ['icon.png', 1024],
]) {
  writeFileSync(path.join(outDir, name), draw(size))
  process.stdout.write(`wrote resources/icons/${name} (${size}×${size})\n`)
}
