/**
 * A mount's children by mountpoint: mnt_mounts (the list, in attach order)
 * and the mount hash (lookup_mnt by parent and dentry) in one. The list is
 * two arrays; the index by mountpoint is made on the first lookup of a long
 * list and kept up to date after that. Copying a mount namespace attaches
 * every copy to a new parent and never looks one up (copy_tree), and a
 * namespace dropped is walked, not searched, so most long lists never get
 * an index: hashing each of 1,000 children into a Map cost a sixth of
 * copying them. Behaves as a Map: keys compare by identity, entries iterate
 * in insertion order, and an iteration sees entries added while it runs.
 */
import type { Mount } from './mount.ts';
import type { Dentry } from './vfs.ts';

/** Up to this many children, a lookup scans the list. */
const SCAN = 8;

export class MountChildren implements Map<Dentry, Mount> {
  /** The mountpoints in attach order; null where a child was removed. */
  private keyList: (Dentry | null)[] = [];
  private valueList: (Mount | null)[] = [];
  private holes = 0;
  /** Each mountpoint's place in the lists, once a long list was searched. */
  private index: Map<Dentry, number> | null = null;

  get size(): number {
    return this.keyList.length - this.holes;
  }

  private find(key: Dentry): number {
    if (this.index) return this.index.get(key) ?? -1;
    const keys = this.keyList;
    if (keys.length <= SCAN) return keys.indexOf(key);
    const index = new Map<Dentry, number>();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k) index.set(k, i);
    }
    this.index = index;
    return index.get(key) ?? -1;
  }

  get(key: Dentry): Mount | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : (this.valueList[i] as Mount);
  }

  has(key: Dentry): boolean {
    return this.find(key) >= 0;
  }

  set(key: Dentry, value: Mount): this {
    const i = this.find(key);
    if (i >= 0) this.valueList[i] = value;
    else this.append(key, value);
    return this;
  }

  /** A child on a mountpoint none of the others is on (copy_tree's copies, whose originals' mountpoints differ): no lookup. */
  append(key: Dentry, value: Mount): void {
    this.index?.set(key, this.keyList.length);
    this.keyList.push(key);
    this.valueList.push(value);
  }

  delete(key: Dentry): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    this.keyList[i] = null;
    this.valueList[i] = null;
    this.index?.delete(key);
    this.holes++;
    // Mostly holes: new lists (an iteration under way keeps reading the old ones).
    if (this.holes > SCAN && this.holes * 2 > this.keyList.length) this.compact();
    return true;
  }

  clear(): void {
    this.keyList = [];
    this.valueList = [];
    this.holes = 0;
    this.index = null;
  }

  private compact(): void {
    const keys: Dentry[] = [];
    const values: Mount[] = [];
    for (let i = 0; i < this.keyList.length; i++) {
      const k = this.keyList[i];
      if (!k) continue;
      keys.push(k);
      values.push(this.valueList[i] as Mount);
    }
    this.keyList = keys;
    this.valueList = values;
    this.holes = 0;
    this.index = null;
  }

  /** The children in attach order, as an array: the list itself while it has no hole (not to be changed), else a copy. */
  valueArray(): readonly Mount[] {
    return this.holes === 0 ? (this.valueList as Mount[]) : this.valueList.filter((m): m is Mount => m !== null);
  }

  keys(): MapIterator<Dentry> {
    return new ListIterator(this.keyList, this.keyList);
  }

  values(): MapIterator<Mount> {
    return new ListIterator(this.keyList, this.valueList);
  }

  entries(): MapIterator<[Dentry, Mount]> {
    const keys = this.keyList;
    const values = this.valueList;
    return new ListIterator<[Dentry, Mount]>(keys, [], (i) => [keys[i] as Dentry, values[i] as Mount]);
  }

  forEach(fn: (value: Mount, key: Dentry, map: Map<Dentry, Mount>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[Dentry, Mount]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'MountChildren';
  }
}

/** An iterator over the lists, skipping holes; it reads entries appended while it runs. */
class ListIterator<T> implements MapIterator<T> {
  private i = 0;
  private readonly keys: readonly (Dentry | null)[];
  private readonly items: readonly (T | null)[];
  /** Makes the item of a place `items` does not hold (entries: a pair, made as it is read). */
  private readonly late: ((i: number) => T) | null;

  constructor(keys: readonly (Dentry | null)[], items: readonly (T | null)[], late: ((i: number) => T) | null = null) {
    this.keys = keys;
    this.items = items;
    this.late = late;
  }

  next(): IteratorResult<T, undefined> {
    const keys = this.keys;
    while (this.i < keys.length) {
      const i = this.i++;
      if (keys[i] === null) continue;
      const value = i < this.items.length ? (this.items[i] as T) : (this.late as (i: number) => T)(i);
      return { value, done: false };
    }
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): MapIterator<T> {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return 'MountChildren Iterator';
  }
}
