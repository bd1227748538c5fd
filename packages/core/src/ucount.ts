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

/** One charge, released with `uncharge`. */
export interface UcountCharge {
  readonly type: string;
  readonly levels: readonly { readonly ns: UserNamespace; readonly key: string }[];
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
    const levels: { ns: UserNamespace; key: string }[] = [];
    let uid = euid;
    for (let iter: UserNamespace | null = ns; iter; iter = iter.parent) {
      levels.push(Object.freeze({ ns: iter, key: `${type}:${uid}` }));
      uid = iter.owner;
    }
    charge = Object.freeze({ type, levels: Object.freeze(levels) });
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
    const { ns: level, key } = levels[i] as UcountCharge['levels'][number];
    const max = (level.ucountMax.size === 0 ? undefined : level.ucountMax.get(type)) ?? level.defaultUcountMax;
    const cur = level.ucounts.get(key) ?? 0;
    if (cur + 1 > max) {
      for (const l of levels.slice(0, i)) decrement(l.ns, l.key);
      fail('ENOSPC', syscall, `max_${type}_namespaces`);
    }
    level.ucounts.set(key, cur + 1);
  }
  return charge;
}

function decrement(ns: UserNamespace, key: string): void {
  const cur = ns.ucounts.get(key) ?? 0;
  if (cur <= 1) ns.ucounts.delete(key);
  else ns.ucounts.set(key, cur - 1);
}

/** Releases a charge (dec_ucount at every level). */
export function unchargeUcount(charge: UcountCharge): void {
  // An indexed loop: for-of over the (frozen) levels array allocated an iterator per call.
  const levels = charge.levels;
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i] as UcountCharge['levels'][number];
    decrement(l.ns, l.key);
  }
}
