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

/**
 * Sorted and deduplicated document numbers (≥ 0). A dense set (a common word: 50k of 100k
 * documents, in FlexSearch's score order) is marked in a byte per number and read back in
 * order, which costs a tenth of sorting it.
 */
export function fromUnsorted(values: Iterable<number>): Int32Array {
  const array = Int32Array.from(values)
  let max = 0
  for (let i = 0; i < array.length; i++) if ((array[i] as number) > max) max = array[i] as number
  if (array.length >= 1024 && max < array.length * 16) {
    const marks = new Uint8Array(max + 1)
    for (let i = 0; i < array.length; i++) marks[array[i] as number] = 1
    let n = 0
    for (let value = 0; value <= max; value++) if (marks[value] === 1) array[n++] = value
    return array.subarray(0, n)
  }
  array.sort()
  let n = 0
  for (let i = 0; i < array.length; i++) {
    if (i === 0 || array[i] !== array[i - 1]) array[n++] = array[i] as number
  }
  return array.subarray(0, n)
}
