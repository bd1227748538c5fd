/**
 * Per-user-namespace limits on namespace creation: /proc/sys/user/max_*_namespaces.
 * Mirrors kernel/ucount.c inc_ucount/dec_ucount: a namespace created with owner U
 * by euid E is charged to (U, E), then to (parent(U), owner(U)), and so on up to
 * the initial user namespace; each level must stay within that level's maximum.
 */
import { fail } from './errors.ts';
import type { UserNamespace } from './user-namespace.ts';

/** INT_MAX: the starting maximum in a new user namespace. */
export const UCOUNT_MAX_DEFAULT = 2147483647;

/** A counter of a UcountTable: one `type:uid` of one user namespace. */
export interface UcountCell {
  n: number;
}

/**
 * A user namespace's used counters by `<type>:<kuid>` (struct ucounts), read
 * like a `Map<string, number>` of the non-zero ones. A charge holds its
 * counters' cells, so charging and releasing touch no hash table (they were a
 * sixth of an unshare(CLONE_NEWUTS)); a cell stays once made.
 */
export class UcountTable implements Iterable<[string, number]> {
  /** The cells by key, made with the first (most user namespaces never have a namespace charged against them). */
  #cells: Map<string, UcountCell> | null = null;

  /** The counter cell of `key`, made at 0 on first use. */
  cell(key: string): UcountCell {
    const cells = (this.#cells ??= new Map<string, UcountCell>());
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { n: 0 }));
    return c;
  }

  /** The count of `key`, undefined when 0. */
  get(key: string): number | undefined {
    const n = this.#cells?.get(key)?.n ?? 0;
    return n > 0 ? n : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, n: number): this {
    this.cell(key).n = n;
    return this;
  }

  delete(key: string): boolean {
    const had = this.has(key);
    const c = this.#cells?.get(key);
    if (c) c.n = 0;
    return had;
  }

  /** The number of non-zero counters. */
  get size(): number {
    let size = 0;
    if (this.#cells) for (const c of this.#cells.values()) if (c.n > 0) size++;
    return size;
  }

  *entries(): IterableIterator<[string, number]> {
    if (this.#cells) for (const [key, c] of this.#cells) if (c.n > 0) yield [key, c.n];
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }
}

/** One level of a charge: the namespace, its counter's key and cell. */
export interface UcountLevel {
  readonly ns: UserNamespace;
  readonly key: string;
  readonly cell: UcountCell;
}

/** One charge, released with `uncharge`. */
export interface UcountCharge {
  readonly type: string;
  readonly levels: readonly UcountLevel[];
}

/** The levels of a charge of `type` by `euid` against `ns`: (ns, euid), then (parent, owner of ns), up to the initial namespace. */
export function ucountLevels(ns: UserNamespace, euid: number, type: string): UcountLevel[] {
  const levels: UcountLevel[] = [];
  let uid = euid;
  for (let iter: UserNamespace | null = ns; iter; iter = iter.parent) {
    const key = `${type}:${uid}`;
    levels.push(Object.freeze({ ns: iter, key, cell: iter.ucounts.cell(key) }));
    uid = iter.owner;
  }
  return levels;
}

/**
 * The levels a charge of `type` by `euid` against `ns` touches never change
 * (parents and owners are fixed), so the charge object is made once per
 * (namespace, type, euid) and shared: it is read-only data. The cache lives in
 * the user namespace (`ucountCache`), with the last charge first: creating
 * namespaces of one type in a row is the common case.
 */
interface ChargeCache {
  lastType: string;
  lastEuid: number;
  last: UcountCharge;
  readonly byType: Map<string, Map<number, UcountCharge>>;
}

function chargeFor(ns: UserNamespace, euid: number, type: string): UcountCharge {
  let cache = ns.ucountCache as ChargeCache | null;
  if (cache && cache.lastType === type && cache.lastEuid === euid) return cache.last;
  let byEuid = cache?.byType.get(type);
  let charge = byEuid?.get(euid);
  if (!charge) {
    charge = Object.freeze({ type, levels: Object.freeze(ucountLevels(ns, euid, type)) });
    if (!cache) ns.ucountCache = cache = { lastType: type, lastEuid: euid, last: charge, byType: new Map<string, Map<number, UcountCharge>>() };
    if (!byEuid) cache.byType.set(type, (byEuid = new Map<number, UcountCharge>()));
    byEuid.set(euid, charge);
  }
  if (cache) {
    cache.lastType = type;
    cache.lastEuid = euid;
    cache.last = charge;
  }
  return charge;
}

/** Charges one namespace of `type`; throws ENOSPC (nothing charged) when a level is full. */
export function chargeUcount(ns: UserNamespace, euid: number, type: string, syscall: string): UcountCharge {
  const charge = chargeFor(ns, euid, type);
  const levels = charge.levels;
  for (let i = 0; i < levels.length; i++) {
    const { ns: level, cell } = levels[i] as UcountLevel;
    const max = level.ucountMaxOf(type);
    if (cell.n + 1 > max) {
      for (let j = 0; j < i; j++) (levels[j] as UcountLevel).cell.n--;
      fail('ENOSPC', syscall, `max_${type}_namespaces`, 'L1.5');
    }
    cell.n++;
  }
  return charge;
}

/** Releases a charge (dec_ucount at every level). */
export function unchargeUcount(charge: UcountCharge): void {
  // An indexed loop: for-of over the (frozen) levels array allocated an iterator per call.
  const levels = charge.levels;
  for (let i = 0; i < levels.length; i++) (levels[i] as UcountLevel).cell.n--;
}
