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

/**
 * A counter of a UcountTable: one `type:uid` of one user namespace (struct
 * ucounts' count for one type), linked to the counter the same charge takes
 * one level up: (parent, owner of the namespace). A cell is itself the charge
 * of a namespace created by `uid` against its namespace: charging walks the
 * links, so a charge allocates nothing and touches no hash table (a charge
 * object with a level array per (namespace, type, uid) was two fifths of the
 * heap of a user namespace that owns one namespace of every type).
 */
export class UcountCell {
  /** The count. */
  n = 0;
  readonly ns: UserNamespace;
  readonly type: string;
  readonly uid: number;
  /** `<type>:<uid>`, the key in the namespace's table. */
  readonly key: string;
  /** The next level's cell (the parent namespace's, for the owner's uid); null in the initial namespace. */
  readonly up: UcountCell | null;

  constructor(ns: UserNamespace, type: string, uid: number, key: string) {
    this.ns = ns;
    this.type = type;
    this.uid = uid;
    this.key = key;
    this.up = ns.parent ? ns.parent.ucounts.cellOf(type, ns.owner) : null;
  }

  /** Every level of the charge, this one first. */
  get levels(): readonly UcountLevel[] {
    return levelsFrom(this);
  }
}

function levelsFrom(first: UcountCell): UcountLevel[] {
  const levels: UcountLevel[] = [];
  for (let c: UcountCell | null = first; c; c = c.up) levels.push(Object.freeze({ ns: c.ns, key: c.key, cell: c }));
  return levels;
}

/**
 * A user namespace's used counters by `<type>:<kuid>` (struct ucounts), read
 * like a `Map<string, number>` of the non-zero ones. A cell stays once made.
 */
export class UcountTable implements Iterable<[string, number]> {
  readonly #ns: UserNamespace;
  /** The cells by key, made with the first (most user namespaces never have a namespace charged against them). */
  #cells: Map<string, UcountCell> | null = null;
  /** The cell found last: creating namespaces of one type in a row is the common case. */
  #last: UcountCell | null = null;

  constructor(ns: UserNamespace) {
    this.#ns = ns;
  }

  /** The counter cell of `type` for `uid`, made at 0 on first use. */
  cellOf(type: string, uid: number): UcountCell {
    const last = this.#last;
    if (last && last.uid === uid && last.type === type) return last;
    const key = `${type}:${uid}`;
    const cells = (this.#cells ??= new Map<string, UcountCell>());
    let c = cells.get(key);
    if (!c) cells.set(key, (c = new UcountCell(this.#ns, type, uid, key)));
    return (this.#last = c);
  }

  /** The counter cell of `key` (`<type>:<uid>`), made at 0 on first use. */
  cell(key: string): UcountCell {
    const colon = key.lastIndexOf(':');
    const uid = Number(key.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(uid) || uid < 0) throw new RangeError(`UcountTable: '${key}' is not <type>:<uid>`);
    return this.cellOf(key.slice(0, colon), uid);
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

/** One charge, released with `unchargeUcount`: the cell of its first level, linked to the others (UcountCell). */
export type UcountCharge = UcountCell;

/** The levels of a charge of `type` by `euid` against `ns`: (ns, euid), then (parent, owner of ns), up to the initial namespace. */
export function ucountLevels(ns: UserNamespace, euid: number, type: string): UcountLevel[] {
  return [...ns.ucounts.cellOf(type, euid).levels];
}

/** Charges one namespace of `type`; throws ENOSPC (nothing charged) when a level is full. */
export function chargeUcount(ns: UserNamespace, euid: number, type: string, syscall: string): UcountCharge {
  const first = ns.ucounts.cellOf(type, euid);
  for (let c: UcountCell | null = first; c; c = c.up) {
    if (c.n + 1 > c.ns.ucountMaxOf(type)) {
      for (let d: UcountCell | null = first; d !== c && d; d = d.up) d.n--;
      fail('ENOSPC', syscall, `max_${type}_namespaces`, 'L1.5');
    }
    c.n++;
  }
  return first;
}

/** Releases a charge (dec_ucount at every level). */
export function unchargeUcount(charge: UcountCharge): void {
  for (let c: UcountCell | null = charge; c; c = c.up) c.n--;
}
