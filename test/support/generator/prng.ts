/**
 * Seeded pseudo-random numbers for the generator. Only 32-bit integer arithmetic
 * (Math.imul, >>>), so the sequence is the same on every machine and Node version:
 * Math.random is never used because tests and benchmarks must see identical archives.
 */

/** Mixes two 32-bit values into a well-spread 32-bit seed (murmur3 finalizer). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** mulberry32: tiny, fast and good enough for test data (passes gjrand's basic tests). */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('generator: pick() from an empty list')
    return item
  }

  /** Standard normal variate (Box–Muller); Math.log/cos/sqrt are correctly rounded enough in V8 to be stable. */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Lowercase hex string of `length` digits. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += this.nextU32().toString(16).padStart(8, '0')
    return out.slice(0, length)
  }
}

/**
 * Walker's alias table: O(1) draws from a fixed discrete distribution. Used for the
 * Zipf-distributed vocabulary, where a binary search per word would dominate the time.
 */
export class AliasTable {
  private readonly prob: Float64Array
  private readonly alias: Int32Array

  constructor(weights: ArrayLike<number>) {
    const n = weights.length
    if (n === 0) throw new Error('generator: AliasTable needs at least one weight')
    let total = 0
    for (let i = 0; i < n; i++) total += weights[i] ?? 0
    this.prob = new Float64Array(n)
    this.alias = new Int32Array(n)
    const scaled = new Float64Array(n)
    const small: number[] = []
    const large: number[] = []
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i] ?? 0) * n) / total
      if ((scaled[i] ?? 0) < 1) small.push(i)
      else large.push(i)
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number
      const l = large.pop() as number
      this.prob[s] = scaled[s] ?? 0
      this.alias[s] = l
      scaled[l] = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1
      if ((scaled[l] ?? 0) < 1) small.push(l)
      else large.push(l)
    }
    for (const i of large) this.prob[i] = 1
    for (const i of small) this.prob[i] = 1
  }

  /** Draws an index in [0, n). */
  draw(rng: Rng): number {
    const x = rng.next() * this.prob.length
    const i = Math.floor(x)
    return x - i < (this.prob[i] ?? 1) ? i : (this.alias[i] ?? i)
  }
}

/** Zipf weights 1/(rank+offset)^s for ranks 0..n-1. */
export function zipfWeights(n: number, s: number, offset = 1): Float64Array {
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) w[i] = 1 / Math.pow(i + offset, s)
  return w
}
