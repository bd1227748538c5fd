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
    const out: [K, V][] = [];
    if (this.n > 0) out.push([this.k0 as K, this.v0 as V]);
    if (this.n > 1) out.push([this.k1 as K, this.v1 as V]);
    return out[Symbol.iterator]();
  }

  keys(): MapIterator<K> {
    if (this.big) return this.big.keys();
    return mapIterator(this.entries(), ([k]) => k);
  }

  values(): MapIterator<V> {
    if (this.big) return this.big.values();
    return mapIterator(this.entries(), ([, v]) => v);
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

function* mapIterator<T, U>(it: Iterator<T>, fn: (t: T) => U): MapIterator<U> {
  for (let r = it.next(); !r.done; r = it.next()) yield fn(r.value);
}
