/**
 * A Map whose entries become real on demand: the parts of a restored snapshot that a query
 * rarely needs (FlexSearch's terms, the file catalog) are kept in their saved form until used,
 * since decoding all of them at open costs what answering never needs. Every method of the Map
 * API goes through the hooks, so callers see exactly the map they would have had:
 * - `loadAll` before anything that reads the whole map (size, iteration);
 * - `loadKey` before a read of one key (default: everything);
 * - `forgetKey` before a write of one key, so a pending entry it replaces or deletes cannot
 *   come back later (default: everything loaded first); returns whether one was pending;
 * - `forgetAll` on clear.
 */
export abstract class LazyMap<K, V> extends Map<K, V> {
  protected abstract loadAll(): void
  protected abstract forgetAll(): void

  /** Stores a loaded entry, past the hooks (for loadAll and loadKey). */
  protected putLoaded(key: K, value: V): void {
    Map.prototype.set.call(this, key, value)
  }

  protected loadKey(_key: K): void {
    this.loadAll()
  }

  protected forgetKey(_key: K): boolean {
    this.loadAll()
    return false
  }

  override get(key: K): V | undefined {
    this.loadKey(key)
    return super.get(key)
  }

  override has(key: K): boolean {
    this.loadKey(key)
    return super.has(key)
  }

  override set(key: K, value: V): this {
    this.forgetKey(key)
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    const pending = this.forgetKey(key)
    return super.delete(key) || pending
  }

  override clear(): void {
    this.forgetAll()
    super.clear()
  }

  override get size(): number {
    this.loadAll()
    return Reflect.get(Map.prototype, 'size', this)
  }

  override entries(): MapIterator<[K, V]> {
    this.loadAll()
    return super.entries()
  }

  override keys(): MapIterator<K> {
    this.loadAll()
    return super.keys()
  }

  override values(): MapIterator<V> {
    this.loadAll()
    return super.values()
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.loadAll()
    super.forEach(callback, thisArg)
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries()
  }
}
