/** A copy of a typed column with `size` elements: the old ones, then `fill` (default 0). */
export function grow<T extends Uint32Array | Uint16Array | Int32Array | Float64Array | Uint8Array>(
  array: T,
  size: number,
  fill?: number,
): T {
  const bigger = new (array.constructor as new (n: number) => T)(size)
  bigger.set(array)
  if (fill !== undefined) bigger.fill(fill, array.length)
  return bigger
}
