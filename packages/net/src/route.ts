/**
 * Addresses as text, and the route requests (net/ipv4/fib_frontend.c
 * inet_rtm_newroute, inet_rtm_delroute, route.c inet_rtm_getroute;
 * net/ipv6/route.c): RTM_NEWROUTE with the next hop's checks
 * (fib_check_nh: a gateway a link-scope route reaches, a device that is
 * up), RTM_DELROUTE, RTM_GETROUTE; and what sockets ask of the tables (is
 * an address local, which route and source reach one).
 */
import { fail } from '@nsproxy/core';
import type { Cred } from '@nsproxy/core';
import { gatewayRoute, isLocalV4, selectSourceV4, selectSourceV6 } from './addr.ts';
import { withExtack } from './extack.ts';
import { RTN, RTPROT, RT_SCOPE, RT_TABLE, checkRouteShape, fibDelete, fibDump, fibInsert, fibLookup, fibTableExists, isErrorType, networkOf } from './fib.ts';
import type { FibRoute, RouteConfig, RouteNlFlags } from './fib.ts';
import type { LinkAddress, NetDevice } from './link.ts';
import { checkNetAdmin, linkwatchRun } from './link.ts';
import type { NetNamespace } from './namespace.ts';

/** Parses `10.0.0.1`, `10.0.0.1/24`, `fd00::1/64` (EINVAL for what is no address or no prefix of its family). */
export function parseAddress(text: string, sys: string, defaultPrefix?: number): LinkAddress {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = parseV4(addr);
  const family = v4 !== undefined ? 4 : 6;
  const value = v4 ?? parseV6(addr);
  if (value === undefined) return fail('EINVAL', sys, `not an address: ${text}`, 'T7.5');
  const max = family === 4 ? 32 : 128;
  const prefixText = text.slice(slash + 1);
  const prefix = slash < 0 ? defaultPrefix ?? max : /^[0-9]+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) fail('EINVAL', sys, `bad prefix length in ${text}`, 'T7.5');
  return { family, addr: formatAddress(family, value), prefix, value };
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.split('::').length > 2) return undefined;
  const [head = '', tail] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const missing = 8 - h.length - t.length;
  if ((tail === undefined && missing !== 0) || missing < 0) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** inet_ntop: dotted quad, or IPv6 in lowercase with the longest run of two or more zero groups as `::` (the first of equal runs). */
export function formatAddress(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((v >> s) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** Whether `addr` lies in `net`'s prefix. */
export function inPrefix(net: LinkAddress, addr: LinkAddress): boolean {
  return net.family === addr.family && networkOf(net.family, addr.value, net.prefix) === networkOf(net.family, net.value, net.prefix);
}

/** A route request as `ip route add|del|replace` sends it. */
export interface RouteRequest {
  readonly family: 4 | 6;
  /** RT_TABLE_MAIN unless named (local routes of ip go to the local table). */
  readonly table?: number;
  readonly dst: LinkAddress;
  readonly type?: number;
  /** RT_SCOPE_*; ip's defaults: link without a gateway, universe with one; nowhere (any) for a delete. */
  readonly scope?: number;
  readonly protocol?: number;
  readonly metric?: number;
  readonly gateway?: LinkAddress | null;
  readonly dev?: NetDevice | null;
  readonly prefsrc?: LinkAddress | null;
  readonly onlink?: boolean;
}

const SYS = 'rtnetlink';

/** The configuration of a request, with the defaults each family's kernel applies (an IPv6 route's metric is 1024 unless given). */
function configOf(req: RouteRequest, forDelete: boolean): RouteConfig {
  return {
    family: req.family,
    table: req.table ?? RT_TABLE.MAIN,
    dst: req.dst.value,
    plen: req.dst.prefix,
    type: req.type ?? (forDelete ? RTN.UNSPEC : RTN.UNICAST),
    scope: req.scope ?? (forDelete ? RT_SCOPE.NOWHERE : RT_SCOPE.UNIVERSE),
    protocol: req.protocol ?? (forDelete ? RTPROT.UNSPEC : RTPROT.BOOT),
    ...(req.metric !== undefined ? { priority: req.metric } : {}),
    prefsrc: req.prefsrc ?? null,
    gateway: req.gateway ?? null,
    dev: req.dev ?? null,
    flags: req.onlink ? 4 : 0,
  };
}

/**
 * fib_create_info's next hop for IPv4 (fib_check_nh): a host-scope route
 * takes its device as it is (no gateway); a gateway needs a route of link
 * scope or narrower to it, through the device if one is named ("Nexthop has
 * invalid gateway", T7.3), and gives the device it is on (ENETDOWN when that
 * is down, T7.7); onlink takes the named device as it is, up; without a
 * gateway the device must exist with its in_device (inetdev_by_index:
 * ENODEV, T6.2, T7.19) and be up ("Device for nexthop is not up", ENETDOWN,
 * T7.7).
 */
function nextHop4(ns: NetNamespace, cfg: RouteConfig): { dev: NetDevice | null } {
  if (isErrorType(cfg.type)) return { dev: null };
  const gw = cfg.gateway ?? null;
  if (cfg.scope === RT_SCOPE.HOST) {
    if (gw) return withExtack('Route with host scope can not have a gateway', () => fail('EINVAL', SYS, 'a host route with a gateway', 'T7.15'));
    if (!cfg.dev) fail('ENODEV', SYS, 'a host route needs a device', 'T6.2');
    return { dev: cfg.dev };
  }
  if (gw) {
    if (cfg.flags && cfg.flags & 4) {
      if (cfg.scope >= RT_SCOPE.LINK) return withExtack('Nexthop has invalid scope', () => fail('EINVAL', SYS, 'onlink with a link scope', 'T7.15'));
      const onlink = cfg.dev;
      if (!onlink) return withExtack('Nexthop device required for onlink', () => fail('ENODEV', SYS, 'onlink without a device', 'T6.2'));
      if (!onlink.up) return withExtack('Nexthop device is not up', () => fail('ENETDOWN', SYS, `${onlink.name} is down`, 'T7.7'));
      return { dev: onlink };
    }
    const via = gatewayRoute(ns, gw, cfg.scope, cfg.dev ?? null);
    if (!via) return withExtack('Nexthop has invalid gateway', () => fail('ENETUNREACH', SYS, `no route of link scope to ${gw.addr}`, 'T7.3'));
    if (via.type !== RTN.UNICAST && via.type !== RTN.LOCAL) return withExtack('Nexthop has invalid gateway', () => fail('EINVAL', SYS, `${gw.addr} is no unicast address`, 'T7.15'));
    const dev = via.dev;
    if (!dev) return withExtack('No egress device for nexthop gateway', () => fail('EINVAL', SYS, 'no device for the gateway', 'T7.15'));
    if (!dev.up) fail('ENETDOWN', SYS, `${dev.name}, which has the gateway, is down`, 'T7.7');
    return { dev };
  }
  if (cfg.flags && cfg.flags & 4) return withExtack('Invalid flags for nexthop - PERVASIVE and DEAD can not be set', () => fail('EINVAL', SYS, 'onlink without a gateway', 'T7.15'));
  const dev = cfg.dev;
  if (!dev) return fail('ENODEV', SYS, 'a route needs a device or a gateway', 'T6.2');
  // fib_check_nh_nongw: inetdev_by_index, then IFF_UP.
  if (!dev.inDev) return fail('ENODEV', SYS, `${dev.name} has no IPv4 (its MTU is below 68)`, 'T7.19');
  if (!dev.up) return withExtack('Device for nexthop is not up', () => fail('ENETDOWN', SYS, `${dev.name} is down`, 'T7.7'));
  return { dev };
}

/**
 * ip6_route_info_create's next hop (fib6_nh_init): a named device must have
 * its inet6_dev (ENODEV, T7.19); a gateway needs a route to it
 * (EHOSTUNREACH, T7.6), through the named device if one is; a device must
 * be up ("Nexthop device is not up", ENETDOWN).
 */
function nextHop6(ns: NetNamespace, cfg: RouteConfig): { dev: NetDevice | null } {
  if (isErrorType(cfg.type)) return { dev: null };
  const gw = cfg.gateway ?? null;
  let dev = cfg.dev ?? null;
  // fib6_nh_init: in6_dev_get of the device named, before anything else.
  if (dev && !dev.in6Dev) fail('ENODEV', SYS, `${dev.name} has no IPv6 (its MTU is below 1280)`, 'T7.19');
  if (gw) {
    const via = fibLookup(ns, 6, gw.value, { oif: dev });
    const local = via?.type === RTN.LOCAL;
    if (!via || (!local && via.gateway) || !via.dev) fail('EHOSTUNREACH', SYS, `no route to ${gw.addr}`, 'T7.6');
    dev ??= via.dev;
  }
  if (!dev) fail('ENODEV', SYS, 'a route needs a device or a gateway', 'T6.2');
  if (!dev.up) return withExtack('Nexthop device is not up', () => fail('ENETDOWN', SYS, `${dev.name} is down`, 'T7.7'));
  return { dev };
}

/**
 * RTM_NEWROUTE (`ip route add|replace|change|append|prepend`): CAP_NET_ADMIN
 * (T6.1), the prefix (EINVAL, T7.5), the next hop, then the table's checks
 * (EEXIST, T7.4; ENOENT without NLM_F_CREATE, T7.9).
 */
export function addRoute(cred: Cred, ns: NetNamespace, req: RouteRequest, nl: RouteNlFlags = { create: true, excl: true }): FibRoute {
  checkNetAdmin(cred, ns, SYS);
  const cfg = configOf(req, false);
  checkRouteShape(cfg, SYS);
  if (cfg.family === 6 && cfg.table !== RT_TABLE.MAIN && cfg.table !== RT_TABLE.LOCAL) ns.fibTables6.add(cfg.table);
  const { dev } = cfg.family === 4 ? nextHop4(ns, cfg) : nextHop6(ns, cfg);
  const priority = cfg.priority ?? (cfg.family === 6 ? 1024 : 0);
  const r: FibRoute = { family: cfg.family, table: cfg.table, dst: cfg.dst, plen: cfg.plen, type: cfg.type, scope: cfg.scope, protocol: cfg.protocol, priority, prefsrc: cfg.prefsrc ?? null, gateway: cfg.gateway ?? null, dev, flags: cfg.flags ?? 0 };
  fibInsert(ns, r, nl, SYS);
  linkwatchRun();
  return r;
}

/** RTM_DELROUTE (`ip route del`): CAP_NET_ADMIN (T6.1), then the table's match (ESRCH, T7.9). */
export function delRoute(cred: Cred, ns: NetNamespace, req: RouteRequest): FibRoute {
  checkNetAdmin(cred, ns, SYS);
  return fibDelete(ns, configOf(req, true), SYS);
}

/** A route dump, as `ip route show [table T]` asks it: a table that does not exist is ENOENT for IPv4 (but main), and for IPv6. */
export function routeDump(ns: NetNamespace, family: 4 | 6 | undefined, table: number): FibRoute[] {
  if (table !== 0 && table !== RT_TABLE.MAIN) {
    for (const fam of family === undefined ? [4, 6] as const : [family]) {
      if (!fibTableExists(ns, fam, table)) return withExtack(`${fam === 4 ? 'ipv4' : 'ipv6'}: FIB table does not exist`, () => fail('ENOENT', SYS, `no table ${table}`, 'T7.12'));
    }
  }
  return fibDump(ns, family, table);
}

/** What RTM_GETROUTE answers (struct rtable as rt_fill_info reports it, or the IPv6 route as rt6_fill_node does). */
export interface RouteAnswer {
  readonly route: FibRoute;
  /** The output device (lo for a local address). */
  readonly dev: NetDevice | null;
  /** The source address chosen (RTA_PREFSRC). */
  readonly src: LinkAddress | undefined;
  /**
   * The gateway the packet goes to (RTA_GATEWAY): the route's, when its next
   * hop reaches it with link scope (rt_set_nexthop's rt_gw4); none for a
   * gateway that is one of the namespace's own addresses (its next hop has
   * host scope, fib_check_nh_v4_gw).
   */
  readonly gateway: LinkAddress | null;
}

/**
 * RTM_GETROUTE (`ip route get ADDR`): the route a packet to `addr` takes
 * (fib_lookup): ENETUNREACH without one (T7.11); a local address goes out
 * through lo; the source is the route's, or inet_select_addr's.
 */
export function getRoute(ns: NetNamespace, addr: LinkAddress, oif?: NetDevice | null): RouteAnswer {
  const r = fibLookup(ns, addr.family, addr.value, { oif: oif ?? null });
  if (!r) return fail('ENETUNREACH', SYS, `no route to ${addr.addr}`, 'T7.11');
  // fib_props[type].error: the error routes answer with their own errno.
  if (r.type === RTN.BLACKHOLE) return fail('EINVAL', SYS, `a blackhole route covers ${addr.addr}`, 'T7.16');
  if (r.type === RTN.UNREACHABLE) return fail('EHOSTUNREACH', SYS, `an unreachable route covers ${addr.addr}`, 'T7.17');
  if (r.type === RTN.PROHIBIT) return fail('EACCES', SYS, `a prohibit route covers ${addr.addr}`, 'T7.18');
  if (isErrorType(r.type)) return fail('ENETUNREACH', SYS, `a throw route covers ${addr.addr}`, 'T7.11');
  const lo = ns.byIndex.get(1) ?? null;
  if (addr.family === 4) {
    checkOutputDevice(ns, addr, SYS);
    const local = r.type === RTN.LOCAL;
    const src = r.prefsrc ?? (local ? addr : selectSourceV4(ns, r.dev, r.gateway?.value ?? addr.value, r.scope));
    const gateway = r.gateway && (r.flags & 4 || !isLocalV4(ns, r.gateway.value)) ? r.gateway : null;
    return { route: r, dev: local ? lo : r.dev, src, gateway };
  }
  const src = r.type === RTN.LOCAL ? addr : selectSourceV6(r.dev, addr.value);
  return { route: r, dev: r.type === RTN.LOCAL ? lo : r.dev, src, gateway: r.gateway };
}

/**
 * __mkroute_output's check of ip_route_output_key_hash: an IPv4 packet to
 * `addr` leaves by lo when the address is local, else by its route's link,
 * and that device must have its in_device (EINVAL, T7.24); nothing is
 * checked where no route or an error route is found (the caller's errors).
 */
export function checkOutputDevice(ns: NetNamespace, addr: LinkAddress, sys: string): void {
  if (addr.family !== 4) return;
  const r = fibLookup(ns, 4, addr.value);
  if (!r || isErrorType(r.type)) return;
  const out = r.type === RTN.LOCAL ? ns.byIndex.get(1) : r.dev;
  if (out && !out.inDev) fail('EINVAL', sys, `${out.name}, which a packet to ${addr.addr} leaves by, has no IPv4 (its MTU is below 68)`, 'T7.24');
}

/** The main table's IPv4 unicast routes as the scenario's `routes` gives them: `<net>/<len> dev <dev>` or `default via <gateway> dev <dev>`. */
export function routeList(ns: NetNamespace): string[] {
  return fibDump(ns, 4, RT_TABLE.MAIN).filter((r) => r.type === RTN.UNICAST && r.dev).map((r) => {
    const dst = r.plen === 0 ? 'default' : `${formatAddress(4, r.dst)}/${r.plen}`;
    return `${dst}${r.gateway ? ` via ${r.gateway.addr}` : ''} dev ${r.dev?.name ?? '?'}`;
  });
}

/** RTM_NEWROUTE of a default route through a gateway (the scenario's `route-add default <gw>`). */
export function addDefaultRoute(cred: Cred, ns: NetNamespace, gatewayText: string): void {
  const gw = parseAddress(gatewayText, SYS);
  addRoute(cred, ns, { family: gw.family, dst: { family: gw.family, addr: gw.family === 4 ? '0.0.0.0' : '::', prefix: 0, value: 0n }, gateway: gw });
}

/** The route for `addr` a packet takes when it is not local: a unicast route with its device (and gateway), or undefined (ENETUNREACH). */
export function routeFor(ns: NetNamespace, addr: LinkAddress): { dev: NetDevice; via?: LinkAddress } | undefined {
  const r = fibLookup(ns, addr.family, addr.value);
  if (!r || r.type !== RTN.UNICAST || !r.dev) return undefined;
  return r.gateway ? { dev: r.dev, via: r.gateway } : { dev: r.dev };
}

/**
 * Whether `addr` is local to the namespace: for IPv4, in the local table
 * (an address of a link, up or not since the address was added; the prefix
 * of an address on lo, 127/8 among them, once lo was up with it); for IPv6,
 * an address of a link that DAD is done with.
 */
export function isLocal(ns: NetNamespace, addr: LinkAddress): boolean {
  if (addr.family === 4) return isLocalV4(ns, addr.value);
  for (const dev of ns.byIndex.values()) for (const a of dev.addrs) if (a.family === 6 && a.value === addr.value && !(a.flags & 0x40)) return true;
  return false;
}

/** inet_addr_valid_or_nonlocal: bind may take a local address, and any IPv4 one while the namespace has no local table yet. */
export function bindable(ns: NetNamespace, addr: LinkAddress): boolean {
  return isLocal(ns, addr) || (addr.family === 4 && !fibTableExists(ns, 4, RT_TABLE.LOCAL));
}

/** The source address a packet to `addr` leaves from: the first address of the route's link in its family. */
export function sourceFor(dev: NetDevice, addr: LinkAddress): LinkAddress | undefined {
  return dev.addrs.find((a) => a.family === addr.family && inPrefix(a, addr)) ?? dev.addrs.find((a) => a.family === addr.family);
}
