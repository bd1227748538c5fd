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

/** Charges one namespace of `type`; throws ENOSPC (nothing charged) when a level is full. */
export function chargeUcount(ns: UserNamespace, euid: number, type: string, syscall: string): UcountCharge {
  const levels: { ns: UserNamespace; key: string }[] = [];
  let iter: UserNamespace | null = ns;
  let uid = euid;
  while (iter) {
    const key = `${type}:${uid}`;
    const max = iter.ucountMax.get(type) ?? iter.defaultUcountMax;
    const cur = iter.ucounts.get(key) ?? 0;
    if (cur + 1 > max) {
      for (const l of levels) decrement(l.ns, l.key);
      fail('ENOSPC', syscall, `max_${type}_namespaces`);
    }
    iter.ucounts.set(key, cur + 1);
    levels.push({ ns: iter, key });
    uid = iter.owner;
    iter = iter.parent;
  }
  return { type, levels };
}

function decrement(ns: UserNamespace, key: string): void {
  const cur = ns.ucounts.get(key) ?? 0;
  if (cur <= 1) ns.ucounts.delete(key);
  else ns.ucounts.set(key, cur - 1);
}

/** Releases a charge (dec_ucount at every level). */
export function unchargeUcount(charge: UcountCharge): void {
  for (const l of charge.levels) decrement(l.ns, l.key);
}
