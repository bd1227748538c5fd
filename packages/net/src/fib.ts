/**
 * The routing tables of a network namespace (net/ipv4/fib_trie.c,
 * fib_semantics.c, fib_frontend.c; net/ipv6/ip6_fib.c, route.c): routes of
 * both families in tables `main` (254) and `local` (255), kept in the order
 * a dump walks them, with the kernel's checks on RTM_NEWROUTE and
 * RTM_DELROUTE, and the lookup (fib_lookup) that route get, gateways and
 * sockets use. The kernel's own routes (proto kernel: local, broadcast and
 * prefix routes of addresses) are put in and taken out by addr.ts as
 * addresses and links change; here they are routes like any other.
 */
import { fail } from '@nsproxy/core';
import { withExtack } from './extack.ts';
import type { LinkAddress, NetDevice } from './link.ts';
import type { NetNamespace } from './namespace.ts';

/** Route types (RTN_*, include/uapi/linux/rtnetlink.h). */
export const RTN = { UNSPEC: 0, UNICAST: 1, LOCAL: 2, BROADCAST: 3, ANYCAST: 4, MULTICAST: 5, BLACKHOLE: 6, UNREACHABLE: 7, PROHIBIT: 8, THROW: 9, NAT: 10, XRESOLVE: 11 } as const;
/** Route scopes (RT_SCOPE_*). */
export const RT_SCOPE = { UNIVERSE: 0, SITE: 200, LINK: 253, HOST: 254, NOWHERE: 255 } as const;
/** Route origins (RTPROT_*). */
export const RTPROT = { UNSPEC: 0, REDIRECT: 1, KERNEL: 2, BOOT: 3, STATIC: 4 } as const;
/** Table ids (RT_TABLE_*). */
export const RT_TABLE = { UNSPEC: 0, DEFAULT: 253, MAIN: 254, LOCAL: 255 } as const;
/** Next-hop flags (RTNH_F_*). */
export const RTNH_F = { DEAD: 1, PERVASIVE: 2, ONLINK: 4, LINKDOWN: 16 } as const;

/** fib_props: the narrowest scope a route of each type may have (a wider one is "Invalid scope"), and whether it is an error route. */
const FIB_PROPS: Readonly<Record<number, { scope: number; error: boolean }>> = {
  [RTN.UNSPEC]: { scope: RT_SCOPE.NOWHERE, error: false },
  [RTN.UNICAST]: { scope: RT_SCOPE.UNIVERSE, error: false },
  [RTN.LOCAL]: { scope: RT_SCOPE.HOST, error: false },
  [RTN.BROADCAST]: { scope: RT_SCOPE.LINK, error: false },
  [RTN.ANYCAST]: { scope: RT_SCOPE.LINK, error: false },
  [RTN.MULTICAST]: { scope: RT_SCOPE.UNIVERSE, error: false },
  [RTN.BLACKHOLE]: { scope: RT_SCOPE.UNIVERSE, error: true },
  [RTN.UNREACHABLE]: { scope: RT_SCOPE.UNIVERSE, error: true },
  [RTN.PROHIBIT]: { scope: RT_SCOPE.UNIVERSE, error: true },
  [RTN.THROW]: { scope: RT_SCOPE.UNIVERSE, error: true },
  [RTN.NAT]: { scope: RT_SCOPE.NOWHERE, error: false },
};

/** A route (struct fib_alias with its fib_info and one next hop; an IPv6 fib6_info). */
export interface FibRoute {
  readonly family: 4 | 6;
  readonly table: number;
  /** The destination's network bits and prefix length. */
  readonly dst: bigint;
  readonly plen: number;
  readonly type: number;
  readonly scope: number;
  readonly protocol: number;
  /** The metric (RTA_PRIORITY). */
  readonly priority: number;
  /** The preferred source (RTA_PREFSRC). */
  readonly prefsrc: LinkAddress | null;
  readonly gateway: LinkAddress | null;
  /** The next hop's device (none for the error types). */
  readonly dev: NetDevice | null;
  /** RTNH_F_ONLINK. */
  readonly flags: number;
}

/** What an RTM_NEWROUTE or RTM_DELROUTE asks for (struct fib_config). */
export interface RouteConfig {
  readonly family: 4 | 6;
  readonly table: number;
  readonly dst: bigint;
  readonly plen: number;
  readonly type: number;
  readonly scope: number;
  readonly protocol: number;
  /** RTA_PRIORITY, when given. */
  readonly priority?: number;
  readonly prefsrc?: LinkAddress | null;
  readonly gateway?: LinkAddress | null;
  /** RTA_OIF: the device named, when given. */
  readonly dev?: NetDevice | null;
  readonly flags?: number;
}

/** The netlink flags of a route request. */
export interface RouteNlFlags {
  readonly create?: boolean;
  readonly excl?: boolean;
  readonly replace?: boolean;
  readonly append?: boolean;
}

const bitsOf = (family: 4 | 6): number => (family === 4 ? 32 : 128);

/** The network bits of `value` for a prefix length. */
export function networkOf(family: 4 | 6, value: bigint, plen: number): bigint {
  const host = BigInt(bitsOf(family) - plen);
  return (value >> host) << host;
}

/** Whether `addr` lies in the route's destination. */
export function routeCovers(r: { family: 4 | 6; dst: bigint; plen: number }, family: 4 | 6, addr: bigint): boolean {
  return r.family === family && networkOf(family, addr, r.plen) === r.dst;
}

/** Whether a route's next hop has no carrier (RTNH_F_LINKDOWN; a host route's next hop never does). */
export function routeLinkDown(r: FibRoute): boolean {
  if (!r.dev) return false;
  if (r.family === 4 && r.scope === RT_SCOPE.HOST) return false;
  if (r.family === 6 && r.type === RTN.LOCAL) return false;
  return !r.dev.carrier;
}

/** Whether two routes are in one place of a table: family, table, destination and prefix. */
function samePrefix(a: FibRoute, b: { family: number; table: number; dst: bigint; plen: number }): boolean {
  return a.family === b.family && a.table === b.table && a.dst === b.dst && a.plen === b.plen;
}

/** Whether two routes are the same route (fib_info equality: type, scope, origin, metric, source, next hop). */
function sameRoute(a: FibRoute, b: FibRoute): boolean {
  return a.type === b.type && a.scope === b.scope && a.protocol === b.protocol && a.priority === b.priority && a.prefsrc?.value === b.prefsrc?.value && a.gateway?.value === b.gateway?.value && a.dev === b.dev && a.flags === b.flags;
}

/** The tables of a family that exist (fib_new_table made them; IPv6's main and local always exist). */
export function fibTableExists(ns: NetNamespace, family: 4 | 6, table: number): boolean {
  if (family === 6) return table === RT_TABLE.MAIN || table === RT_TABLE.LOCAL || ns.fibTables6.has(table);
  return ns.fibTables4.has(table);
}

/** fib_new_table: the table made on first use. */
function newTable(ns: NetNamespace, family: 4 | 6, table: number): void {
  (family === 4 ? ns.fibTables4 : ns.fibTables6).add(table);
}

/**
 * fib_table_insert / fib6_add: `r` in the table. IPv4 (fib_find_alias):
 * before the first route of its prefix with a metric at least its own; a
 * route of that prefix and metric is EEXIST with NLM_F_EXCL, is replaced
 * with NLM_F_REPLACE, and is followed (NLM_F_APPEND) or preceded otherwise;
 * the same route again is EEXIST. IPv6 (fib6_add_rt2): after the routes of
 * its prefix with a metric up to its own; with NLM_F_EXCL, one of that
 * metric is EEXIST. Without NLM_F_CREATE, nothing to replace is ENOENT.
 */
export function fibInsert(ns: NetNamespace, r: FibRoute, nl: RouteNlFlags, sys = 'rtnetlink'): void {
  const list = ns.fib;
  const group: number[] = [];
  list.forEach((x, i) => {
    if (samePrefix(x, r)) group.push(i);
  });
  const firstSame = group.find((i) => list[i]?.priority === r.priority);
  if (firstSame !== undefined) {
    if (nl.excl) fail('EEXIST', sys, 'a route of that prefix and metric exists', 'T7.4');
    if (r.family === 4) {
      const same = group.filter((i) => list[i]?.priority === r.priority);
      const match = same.find((i) => sameRoute(list[i] as FibRoute, r));
      if (nl.replace) {
        if (match !== undefined) {
          if (match === firstSame) return;
          fail('EEXIST', sys, 'that route exists', 'T7.4');
        }
        list[firstSame] = r;
        return;
      }
      if (match !== undefined) fail('EEXIST', sys, 'that route exists', 'T7.4');
      if (!nl.create) fail('ENOENT', sys, 'no route to change', 'T7.12');
      const at = nl.append ? (same[same.length - 1] ?? firstSame) + 1 : firstSame;
      list.splice(at, 0, r);
      return;
    }
    if (nl.replace) {
      list[firstSame] = r;
      return;
    }
    if (group.some((i) => sameRoute(list[i] as FibRoute, r))) fail('EEXIST', sys, 'that route exists', 'T7.4');
  } else if (!nl.create) {
    fail('ENOENT', sys, 'no route to change', 'T7.12');
  }
  newTable(ns, r.family, r.table);
  if (group.length === 0) {
    list.push(r);
    return;
  }
  // IPv4 goes before the first route with a metric at least its own; IPv6 after those with a metric up to its own.
  const after = r.family === 4 ? group.find((i) => (list[i]?.priority ?? 0) >= r.priority) : group.find((i) => (list[i]?.priority ?? 0) > r.priority);
  list.splice(after ?? (group[group.length - 1] ?? list.length - 1) + 1, 0, r);
}

/**
 * fib_table_delete / ip6_route_del: the first route of the prefix that
 * matches what the request names (type, scope unless NOWHERE, origin,
 * source, metric, device, gateway); ESRCH when none does (T7.9).
 */
export function fibDelete(ns: NetNamespace, cfg: RouteConfig, sys = 'rtnetlink'): FibRoute {
  if (!fibTableExists(ns, cfg.family, cfg.table)) return withExtack('FIB table does not exist', () => fail('ESRCH', sys, `table ${cfg.table} does not exist`, 'T7.9'));
  const i = ns.fib.findIndex((r) => samePrefix(r, cfg)
    && (cfg.type === RTN.UNSPEC || r.type === cfg.type)
    && (cfg.scope === RT_SCOPE.NOWHERE || r.scope === cfg.scope)
    && (!cfg.prefsrc || r.prefsrc?.value === cfg.prefsrc.value)
    && (cfg.protocol === RTPROT.UNSPEC || r.protocol === cfg.protocol)
    && (!cfg.priority || r.priority === cfg.priority)
    && (!cfg.dev || r.dev === cfg.dev)
    && (!cfg.gateway || r.gateway?.value === cfg.gateway.value));
  const r = ns.fib[i];
  if (!r) return fail('ESRCH', sys, 'no such route', 'T7.9');
  ns.fib.splice(i, 1);
  return r;
}

/** Removes the routes `drop` says go (fib_flush after fib_sync_down_dev, fib_magic's RTM_DELROUTE). */
export function fibRemove(ns: NetNamespace, drop: (r: FibRoute) => boolean): void {
  for (let i = ns.fib.length - 1; i >= 0; i--) if (drop(ns.fib[i] as FibRoute)) ns.fib.splice(i, 1);
}

/** What a lookup takes into account (struct flowi4). */
export interface FlowKey {
  /** flowi4_scope: routes of a wider scope are passed over. */
  readonly scope?: number;
  /** flowi4_oif: only routes through this device. */
  readonly oif?: NetDevice | null;
}

/**
 * fib_lookup: the route for `addr`. IPv4 looks at the local and main tables
 * together (the merged trie): the longest prefix first, local before main,
 * then table order, passing over routes of a wider scope than asked and of
 * another device than asked. IPv6 looks in the local table, then the main
 * one (fib6_rule_lookup without custom rules).
 */
export function fibLookup(ns: NetNamespace, family: 4 | 6, addr: bigint, key: FlowKey = {}): FibRoute | undefined {
  const scope = key.scope ?? RT_SCOPE.UNIVERSE;
  const fits = (r: FibRoute): boolean => routeCovers(r, family, addr) && r.scope >= scope && (!key.oif || !r.dev || r.dev === key.oif);
  const best = (table: number | null): FibRoute | undefined => {
    let found: FibRoute | undefined;
    for (const r of ns.fib) {
      if (table !== null && r.table !== table) continue;
      if (table === null && r.table !== RT_TABLE.LOCAL && r.table !== RT_TABLE.MAIN) continue;
      if (!fits(r)) continue;
      if (!found || r.plen > found.plen || (r.plen === found.plen && r.table === RT_TABLE.LOCAL && found.table !== RT_TABLE.LOCAL)) found = r;
    }
    return found;
  };
  if (family === 4) return best(null);
  // fib6_rule_lookup without custom rules: the local table, then the main one.
  return best(RT_TABLE.LOCAL) ?? best(RT_TABLE.MAIN);
}

/** The order a dump walks one family's routes in: IPv4 by key, the longer prefix first on one key; IPv6 a tree walked children first, so the default last. */
function walkOrder(a: FibRoute, b: FibRoute): number {
  if (a.family === 4) {
    if (a.dst !== b.dst) return a.dst < b.dst ? -1 : 1;
    return b.plen - a.plen;
  }
  const common = Math.min(a.plen, b.plen);
  const x = networkOf(6, a.dst, common);
  const y = networkOf(6, b.dst, common);
  if (x !== y) return x < y ? -1 : 1;
  return b.plen - a.plen;
}

/**
 * A route dump (inet_dump_fib, inet6_dump_fib): IPv4 first, then IPv6; the
 * tables in hash order (main before local); in each, the walk order, and
 * the routes of one prefix in their table order. `table` 0 is all.
 */
export function fibDump(ns: NetNamespace, family: 4 | 6 | undefined, table: number): FibRoute[] {
  const out: FibRoute[] = [];
  for (const fam of [4, 6] as const) {
    if (family !== undefined && family !== fam) continue;
    const routes = ns.fib.filter((r) => r.family === fam && (table === 0 || r.table === table));
    const tables = [...new Set(routes.map((r) => r.table))].sort((a, b) => (a & 255) - (b & 255));
    for (const t of tables) {
      const mine = routes.filter((r) => r.table === t);
      // A stable sort keeps the table order of one prefix's routes.
      out.push(...mine.map((r, i) => ({ r, i })).sort((p, q) => walkOrder(p.r, q.r) || p.i - q.i).map((p) => p.r));
    }
  }
  return out;
}

/** Checks of RTM_NEWROUTE that come before the next hop's (fib_valid_key_len, fib_create_info). */
export function checkRouteShape(cfg: RouteConfig, sys: string): void {
  if (cfg.plen < 0 || cfg.plen > bitsOf(cfg.family)) return withExtack('Invalid prefix length', () => fail('EINVAL', sys, `prefix length ${cfg.plen}`, 'T7.5'));
  if (networkOf(cfg.family, cfg.dst, cfg.plen) !== cfg.dst) return withExtack('Invalid prefix for given prefix length', () => fail('EINVAL', sys, 'host bits set beyond the prefix', 'T7.15'));
  const props = FIB_PROPS[cfg.type];
  if (!props) return withExtack('Invalid route type', () => fail('EINVAL', sys, `route type ${cfg.type}`, 'T7.15'));
  if (cfg.family === 4 && props.scope > cfg.scope) return withExtack('Invalid scope', () => fail('EINVAL', sys, `scope ${cfg.scope} for type ${cfg.type}`, 'T7.15'));
  if (props.error && (cfg.gateway || cfg.dev)) return withExtack('Gateway, device and multipath can not be specified for this route type', () => fail('EINVAL', sys, 'an error route with a next hop', 'T7.15'));
}

/** Whether a route type is an error route (blackhole, unreachable, prohibit, throw): no next hop. */
export function isErrorType(type: number): boolean {
  return FIB_PROPS[type]?.error === true;
}
