/**
 * A Map for the common case of one or two entries: held in the object itself,
 * moved into a real Map from the third entry on. An empty V8 Map is about
 * 180 bytes; a network namespace with only lo held two of them, and the bench
 * builds 100,000 such namespaces (packages/bench, scale). Keys compare as in a
 * Map (SameValueZero); entries iterate in insertion order. Iterating while
 * adding entries differs from a Map only while the map is small: an iteration
 * started then sees the entries it started with.
 */
export class SmallMap<K, V> implements Map<K, V> {
  private k0: K | undefined = undefined;
  private v0: V | undefined = undefined;
  private k1: K | undefined = undefined;
  private v1: V | undefined = undefined;
  private n = 0;
  private big: Map<K, V> | null = null;

  get size(): number {
    return this.big ? this.big.size : this.n;
  }

  get(key: K): V | undefined {
    if (this.big) return this.big.get(key);
    if (this.n > 0 && same(this.k0, key)) return this.v0;
    if (this.n > 1 && same(this.k1, key)) return this.v1;
    return undefined;
  }

  has(key: K): boolean {
    if (this.big) return this.big.has(key);
    return (this.n > 0 && same(this.k0, key)) || (this.n > 1 && same(this.k1, key));
  }

  set(key: K, value: V): this {
    // (A Map stores the key -0 as +0.)
    if ((key as unknown) === 0) key = 0 as K;
    if (this.big) {
      this.big.set(key, value);
      return this;
    }
    if (this.n > 0 && same(this.k0, key)) this.v0 = value;
    else if (this.n > 1 && same(this.k1, key)) this.v1 = value;
    else if (this.n === 0) {
      this.k0 = key;
      this.v0 = value;
      this.n = 1;
    } else if (this.n === 1) {
      this.k1 = key;
      this.v1 = value;
      this.n = 2;
    } else {
      this.big = new Map<K, V>([[this.k0 as K, this.v0 as V], [this.k1 as K, this.v1 as V], [key, value]]);
      this.clearSmall();
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.big) return this.big.delete(key);
    if (this.n > 0 && same(this.k0, key)) {
      this.k0 = this.k1;
      this.v0 = this.v1;
      this.k1 = undefined;
      this.v1 = undefined;
      this.n--;
      return true;
    }
    if (this.n > 1 && same(this.k1, key)) {
      this.k1 = undefined;
      this.v1 = undefined;
      this.n = 1;
      return true;
    }
    return false;
  }

  clear(): void {
    if (this.big) this.big.clear();
    this.clearSmall();
  }

  entries(): MapIterator<[K, V]> {
    if (this.big) return this.big.entries();
    return (this.n === 0 ? [] : this.n === 1 ? [[this.k0 as K, this.v0 as V] as [K, V]] : [[this.k0 as K, this.v0 as V] as [K, V], [this.k1 as K, this.v1 as V] as [K, V]])[Symbol.iterator]();
  }

  /** The values in insertion order, as a new array (walks that want no iterator). */
  valueArray(): V[] {
    if (this.big) return [...this.big.values()];
    return this.n === 0 ? [] : this.n === 1 ? [this.v0 as V] : [this.v0 as V, this.v1 as V];
  }

  // (An array's iterator: a generator over entries() made iterating a mount's children a tenth of copying a mount namespace.)
  keys(): MapIterator<K> {
    if (this.big) return this.big.keys();
    return (this.n === 0 ? [] : this.n === 1 ? [this.k0 as K] : [this.k0 as K, this.k1 as K])[Symbol.iterator]();
  }

  values(): MapIterator<V> {
    if (this.big) return this.big.values();
    return (this.n === 0 ? [] : this.n === 1 ? [this.v0 as V] : [this.v0 as V, this.v1 as V])[Symbol.iterator]();
  }

  forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'SmallMap';
  }

  private clearSmall(): void {
    this.k0 = this.k1 = undefined;
    this.v0 = this.v1 = undefined;
    this.n = 0;
  }
}

/** SameValueZero, as Map compares keys. */
function same(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
