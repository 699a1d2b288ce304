/** Sorted, duplicate-free Int32Array sets of document numbers. */

export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length))
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      out[n++] = x
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out.subarray(0, n)
}

export function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Infinity
    const y = j < b.length ? (b[j] as number) : Infinity
    if (x === y) {
      out[n++] = x
      i++
      j++
    } else if (x < y) {
      out[n++] = x
      i++
    } else {
      out[n++] = y
      j++
    }
  }
  return out.subarray(0, n)
}

export function fromUnsorted(values: Iterable<number>): Int32Array {
  const array = Int32Array.from(values).sort()
  let n = 0
  for (let i = 0; i < array.length; i++) {
    if (i === 0 || array[i] !== array[i - 1]) array[n++] = array[i] as number
  }
  return array.subarray(0, n)
}
