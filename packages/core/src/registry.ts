/**
 * The kernel's two bookkeeping sets on the namespace-creation path, without
 * hashing: the used nsfs inode indexes (the proc inode IDA, fs/proc/generic.c
 * proc_alloc_inum) as a bitmap, and the live namespaces (the namespace tree,
 * kernel/nstree.c) as an array in creation order. Both answer the `Set` calls
 * the kernel makes, so a kernel restored from a snapshot may hold plain Sets.
 */
import type { NsCommon } from './ns-common.ts';

/** What the kernel asks of its inode and namespace sets (a `Set` qualifies). */
export interface SetLike<T> extends Iterable<T> {
  readonly size: number;
  has(value: T): boolean;
  add(value: T): unknown;
  delete(value: T): boolean;
}

/** A set of small non-negative integers as a bitmap; iterates in ascending order. */
export class IdBitmap implements SetLike<number> {
  private words = new Uint32Array(32);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    const w = id >>> 5;
    return Number.isInteger(id) && id >= 0 && w < this.words.length && ((this.words[w] as number) & (1 << (id & 31))) !== 0;
  }

  add(id: number): this {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new RangeError(`IdBitmap: ${id} is not an index`);
    const w = id >>> 5;
    if (w >= this.words.length) {
      const grown = new Uint32Array(Math.max(w + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    const bit = 1 << (id & 31);
    const word = this.words[w] as number;
    if ((word & bit) === 0) {
      this.words[w] = word | bit;
      this.count++;
    }
    return this;
  }

  delete(id: number): boolean {
    if (!this.has(id)) return false;
    const w = id >>> 5;
    this.words[w] = (this.words[w] as number) & ~(1 << (id & 31));
    this.count--;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let bits = this.words[w] as number;
      while (bits !== 0) {
        const low = bits & -bits;
        yield w * 32 + (31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }
}

/**
 * The live namespaces in creation order: an array with holes where freed ones
 * were (compacted when the holes outnumber the live entries). Each namespace
 * remembers its position (NsCommon.registryIndex), so add and delete are O(1).
 */
export class NsRegistry implements SetLike<NsCommon> {
  private items: (NsCommon | null)[] = [];
  private holes = 0;

  get size(): number {
    return this.items.length - this.holes;
  }

  /** One more than the highest registry index in use (NsCommon.registryIndex is below it). */
  get span(): number {
    return this.items.length;
  }

  has(ns: NsCommon): boolean {
    const i = ns.registryIndex;
    // (A negative index would make V8 look the array up as a dictionary: check the range first.)
    return i >= 0 && i < this.items.length && this.items[i] === ns;
  }

  add(ns: NsCommon): this {
    if (this.has(ns)) return this;
    ns.registryIndex = this.items.length;
    this.items.push(ns);
    return this;
  }

  delete(ns: NsCommon): boolean {
    if (!this.has(ns)) return false;
    this.items[ns.registryIndex] = null;
    ns.registryIndex = -1;
    this.holes++;
    // Compact once the holes outnumber the live entries (and a few): iteration stays proportional to the live ones.
    if (this.holes > 8 && this.holes * 2 > this.items.length) this.compact();
    return true;
  }

  private compact(): void {
    const live: NsCommon[] = [];
    for (const ns of this.items) {
      if (ns) {
        ns.registryIndex = live.length;
        live.push(ns);
      }
    }
    this.items = live;
    this.holes = 0;
  }

  /** The namespace at registry index `i` (null for a hole or past the end). */
  at(i: number): NsCommon | null {
    return i >= 0 && i < this.items.length ? (this.items[i] ?? null) : null;
  }

  /** The live namespaces in creation order (a new array). */
  toArray(): NsCommon[] {
    const out: NsCommon[] = [];
    for (const ns of this.items) if (ns) out.push(ns);
    return out;
  }

  /** Iterates over a copy: namespaces freed while iterating are still visited (unlike a Set; no kernel loop frees while iterating). */
  [Symbol.iterator](): IterableIterator<NsCommon> {
    return this.toArray()[Symbol.iterator]();
  }
}
