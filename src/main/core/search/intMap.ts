/**
 * Open-addressing hash map from non-zero int32 keys to int32 values, in typed arrays.
 * JS Maps with millions of number keys were the build's hot spot (profiled: most of the
 * time of a 3k-article build was Map lookups in the posting arena).
 */
export class IntMap {
  private keys: Int32Array
  private values: Int32Array
  private mask: number
  private shift: number
  private used: number[] = []

  constructor(capacity = 1024) {
    let size = 16
    while (size < capacity * 2) size *= 2
    this.keys = new Int32Array(size)
    this.values = new Int32Array(size)
    this.mask = size - 1
    this.shift = 32 - Math.log2(size)
  }

  get size(): number {
    return this.used.length
  }

  private slot(key: number): number {
    // Fibonacci hashing: the HIGH bits of the product depend on every bit of the key.
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift
    const keys = this.keys
    while (true) {
      const k = keys[i] as number
      if (k === key || k === 0) return i
      i = (i + 1) & this.mask
    }
  }

  /** The value, or `missing` when the key is absent. */
  get(key: number, missing = -1): number {
    const i = this.slot(key)
    return this.keys[i] === 0 ? missing : (this.values[i] as number)
  }

  set(key: number, value: number): void {
    if (key === 0) throw new Error('search: IntMap keys must not be 0')
    let i = this.slot(key)
    if (this.keys[i] === 0) {
      if ((this.used.length + 1) * 2 > this.keys.length) {
        this.grow()
        i = this.slot(key)
      }
      this.keys[i] = key
      this.used.push(i)
    }
    this.values[i] = value
  }

  /** Calls `visit` for every entry, in insertion order (until a clear). */
  forEach(visit: (key: number, value: number) => void): void {
    for (const i of this.used) visit(this.keys[i] as number, this.values[i] as number)
  }

  clear(): void {
    for (const i of this.used) this.keys[i] = 0
    this.used = []
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldValues = this.values
    const oldUsed = this.used
    this.keys = new Int32Array(oldKeys.length * 2)
    this.values = new Int32Array(oldKeys.length * 2)
    this.mask = this.keys.length - 1
    this.shift = 32 - Math.log2(this.keys.length)
    this.used = []
    for (const i of oldUsed) {
      const key = oldKeys[i] as number
      const j = this.slot(key)
      this.keys[j] = key
      this.values[j] = oldValues[i] as number
      this.used.push(j)
    }
  }
}
