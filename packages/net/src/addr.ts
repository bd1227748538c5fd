/**
 * Addresses of links and the routes the kernel keeps for them: IPv4 as
 * net/ipv4/devinet.c does it (__inet_insert_ifa: primaries and secondaries,
 * __inet_del_ifa: a primary takes its secondaries along, promote_secondaries
 * being off) with fib_frontend.c's fib_add_ifaddr and fib_del_ifaddr (the
 * local route, the prefix route and the broadcast routes); IPv6 as
 * net/ipv6/addrconf.c does it (addresses by scope, newest first; DAD, which
 * the model completes as soon as the link has a carrier; the link-local
 * address from the MAC when the link comes up with a carrier; everything
 * gone when the link goes down).
 */
import { fail } from '@nsproxy/core';
import type { Cred } from '@nsproxy/core';
import { withExtack } from './extack.ts';
import { RTN, RTPROT, RT_SCOPE, RT_TABLE, fibInsert, fibLookup, fibRemove, networkOf } from './fib.ts';
import type { FibRoute } from './fib.ts';
import type { IfAddr, LinkAddress, NetDevice } from './link.ts';
import { IPV6_MIN_MTU, checkNetAdmin, deviceByName, hasInDevice, hasInet6Dev, linkwatchRun } from './link.ts';
import type { NetNamespace } from './namespace.ts';
import { formatAddress, parseAddress } from './route.ts';

/** Address flags (IFA_F_*, include/uapi/linux/if_addr.h). */
export const IFA_F = {
  SECONDARY: 0x01, NODAD: 0x02, OPTIMISTIC: 0x04, DADFAILED: 0x08, HOMEADDRESS: 0x10, DEPRECATED: 0x20,
  TENTATIVE: 0x40, PERMANENT: 0x80, MANAGETEMPADDR: 0x100, NOPREFIXROUTE: 0x200, MCAUTOJOIN: 0x400, STABLE_PRIVACY: 0x800,
} as const;

/** What `ip addr add` may say beyond the address (struct ifaddrmsg and the IFA_* attributes). */
export interface AddrOptions {
  /** IFA_F_NODAD, IFA_F_NOPREFIXROUTE, ... as asked (the kernel adds IFA_F_PERMANENT, SECONDARY, TENTATIVE). */
  readonly flags?: number;
  /** ifa_scope (IPv4; IPv6 takes its scope from the address). */
  readonly scope?: number;
  /** IFA_LABEL (IPv4; the link's name without one). */
  readonly label?: string;
  /** IFA_BROADCAST (IPv4). */
  readonly broadcast?: string;
}

const SYS = 'rtnetlink';
const ALL_ONES4 = 0xffffffffn;

/** inet_make_mask: the mask of an IPv4 prefix length. */
function mask4(plen: number): bigint {
  return plen === 0 ? 0n : (ALL_ONES4 << BigInt(32 - plen)) & ALL_ONES4;
}

/** inet_ifa_match: whether `value` is in the prefix of `ifa`. */
function inPrefixOf(ifa: IfAddr, value: bigint): boolean {
  return (value & mask4(ifa.prefix)) === (ifa.value & mask4(ifa.prefix));
}

/** A LinkAddress of an IPv4 value (for a route's source or a broadcast). */
function v4(value: bigint): LinkAddress {
  return { family: 4, addr: formatAddress(4, value), prefix: 32, value };
}

/** ipv6_addr_src_scope, as an ordering key: loopback ::1 below link-local below site-local below global. */
function v6ScopeRank(a: LinkAddress): number {
  if (a.value === 1n) return 1;
  if (a.value >> 118n === 0x3fan) return 2;
  if (a.value >> 118n === 0x3fbn) return 5;
  return 14;
}

/** The scope an IPv6 address has (ipv6_addr_scope as ip prints it: host for ::1, link for fe80::/10, global else). */
function v6Scope(a: LinkAddress): number {
  if (a.value === 1n) return RT_SCOPE.HOST;
  if (a.value >> 118n === 0x3fan) return RT_SCOPE.LINK;
  if (a.value >> 118n === 0x3fbn) return RT_SCOPE.SITE;
  return RT_SCOPE.UNIVERSE;
}

/** A kernel route (fib_magic, addrconf's routes): proto kernel. */
function kernelRoute(dev: NetDevice, family: 4 | 6, table: number, type: number, dst: bigint, plen: number, scope: number, priority: number, prefsrc: LinkAddress | null): FibRoute {
  return { family, table, dst, plen, type, scope, protocol: RTPROT.KERNEL, priority, prefsrc, gateway: null, dev, flags: 0 };
}

/** fib_magic(RTM_NEWROUTE): in the table the type goes to, NLM_F_CREATE|NLM_F_APPEND; a route that is there already stays as it is. */
function magicAdd(ns: NetNamespace, r: FibRoute): void {
  try {
    fibInsert(ns, r, { create: true, append: true });
  } catch {
    // The same route again (fib_table_insert's perfect match): nothing to do.
  }
}

/** fib_magic(RTM_DELROUTE): the route with that type, destination, source and device, if it is there. */
function magicDel(ns: NetNamespace, r: FibRoute): void {
  const i = ns.fib.findIndex((x) => x.family === r.family && x.table === r.table && x.type === r.type && x.dst === r.dst && x.plen === r.plen && x.dev === r.dev && x.prefsrc?.value === r.prefsrc?.value && x.protocol === RTPROT.KERNEL);
  if (i >= 0) ns.fib.splice(i, 1);
}

/** The primary IPv4 address of `dev` whose prefix holds `ifa` (inet_ifa_byprefix), or `ifa` itself when it is primary. */
function primaryOf(dev: NetDevice, ifa: IfAddr): IfAddr {
  if (!(ifa.flags & IFA_F.SECONDARY)) return ifa;
  return dev.addrs.find((a) => a.family === 4 && !(a.flags & IFA_F.SECONDARY) && a.prefix === ifa.prefix && inPrefixOf(a, ifa.value)) ?? ifa;
}

/** The routes fib_add_ifaddr makes for an IPv4 address (all of them, as if the link were up). */
function ifaddrRoutes(dev: NetDevice, ifa: IfAddr): { local: FibRoute; more: FibRoute[] } {
  const prim = v4(primaryOf(dev, ifa).value);
  const local = kernelRoute(dev, 4, RT_TABLE.LOCAL, RTN.LOCAL, ifa.value, 32, RT_SCOPE.HOST, 0, prim);
  const more: FibRoute[] = [];
  if (ifa.broadcast !== null && ifa.broadcast !== ALL_ONES4) more.push(kernelRoute(dev, 4, RT_TABLE.LOCAL, RTN.BROADCAST, ifa.broadcast, 32, RT_SCOPE.LINK, 0, prim));
  const prefix = ifa.value & mask4(ifa.prefix);
  // ipv4_is_zeronet: a 0.x.x.x prefix has no routes.
  if (prefix >> 24n !== 0n && !(ifa.flags & IFA_F.SECONDARY) && (prefix !== ifa.value || ifa.prefix < 32)) {
    if (!(ifa.flags & IFA_F.NOPREFIXROUTE)) {
      const lo = dev.kind === 'loopback';
      more.push(kernelRoute(dev, 4, lo ? RT_TABLE.LOCAL : RT_TABLE.MAIN, lo ? RTN.LOCAL : RTN.UNICAST, prefix, ifa.prefix, lo ? RT_SCOPE.HOST : RT_SCOPE.LINK, 0, prim));
    }
    if (ifa.prefix < 31) more.push(kernelRoute(dev, 4, RT_TABLE.LOCAL, RTN.BROADCAST, prefix | (~mask4(ifa.prefix) & ALL_ONES4), 32, RT_SCOPE.LINK, 0, prim));
  }
  return { local, more };
}

/** fib_add_ifaddr: the address's local route always; its broadcast and prefix routes while the link is up. */
export function fibAddIfaddr(dev: NetDevice, ifa: IfAddr): void {
  const { local, more } = ifaddrRoutes(dev, ifa);
  magicAdd(dev.ns, local);
  if (!dev.up) return;
  for (const r of more) magicAdd(dev.ns, r);
}

/**
 * fib_del_ifaddr: the routes the address made go, but those another
 * address of the link still makes; then routes that use it as their source
 * go once it is no local address any more (fib_sync_down_addr).
 */
function fibDelIfaddr(dev: NetDevice, ifa: IfAddr, others: readonly IfAddr[]): void {
  const ns = dev.ns;
  const mine = ifaddrRoutes(dev, ifa);
  const kept = others.flatMap((o) => {
    const r = ifaddrRoutes(dev, o);
    return [r.local, ...r.more];
  });
  for (const r of [mine.local, ...mine.more]) {
    if (!kept.some((k) => k.type === r.type && k.dst === r.dst && k.plen === r.plen && k.table === r.table && k.prefsrc?.value === r.prefsrc?.value)) magicDel(ns, r);
  }
  if (!isLocalV4(ns, ifa.value)) fibRemove(ns, (r) => r.family === 4 && r.prefsrc?.value === ifa.value);
}

/** Whether an IPv4 address is local (inet_addr_type: RTN_LOCAL in the local table). */
export function isLocalV4(ns: NetNamespace, value: bigint): boolean {
  return ns.fib.some((r) => r.family === 4 && r.table === RT_TABLE.LOCAL && r.type === RTN.LOCAL && networkOf(4, value, r.plen) === r.dst);
}

/**
 * __inet_insert_ifa: EEXIST for an address the link has with that prefix
 * (T7.1); one in the prefix of another is a secondary (EINVAL when their
 * scopes differ), put after every address; a primary goes after the last
 * primary of a scope at least as wide.
 */
function inetInsertIfa(dev: NetDevice, ifa: IfAddr): void {
  const mine = dev.addrs.filter((a) => a.family === 4);
  let lastPrimary = -1;
  for (const [i, a] of mine.entries()) {
    if (!(a.flags & IFA_F.SECONDARY) && ifa.scope <= a.scope) lastPrimary = i;
    if (a.prefix === ifa.prefix && inPrefixOf(a, ifa.value)) {
      if (a.value === ifa.value) return withExtack('ipv4: Address already assigned', () => fail('EEXIST', SYS, `${dev.name} has ${ifa.addr}/${ifa.prefix}`, 'T7.1'));
      if (a.scope !== ifa.scope) return withExtack('ipv4: Invalid scope value', () => fail('EINVAL', SYS, 'a secondary of another scope than its primary', 'T7.10'));
      ifa.flags |= IFA_F.SECONDARY;
    }
  }
  const at = ifa.flags & IFA_F.SECONDARY ? mine.length : lastPrimary + 1;
  dev.addrs.splice(at, 0, ifa);
  fibAddIfaddr(dev, ifa);
}

/** __inet_del_ifa: the address goes, and with a primary its secondaries (promote_secondaries off), each with its routes. */
function inetDelIfa(dev: NetDevice, ifa: IfAddr): void {
  const gone: IfAddr[] = [];
  if (!(ifa.flags & IFA_F.SECONDARY)) {
    for (const a of dev.addrs) if (a.family === 4 && a !== ifa && a.flags & IFA_F.SECONDARY && a.prefix === ifa.prefix && inPrefixOf(ifa, a.value)) gone.push(a);
  }
  gone.push(ifa);
  for (const a of gone) {
    const i = dev.addrs.indexOf(a);
    if (i >= 0) dev.addrs.splice(i, 1);
    fibDelIfaddr(dev, a, dev.addrs.filter((o) => o.family === 4));
  }
  // fib_inetaddr_event: the link's last IPv4 address gone disables IP on it (fib_disable_ip, forced): every IPv4 route through it goes.
  if (!dev.addrs.some((o) => o.family === 4)) fibRemove(dev.ns, (r) => r.family === 4 && r.dev === dev);
}

/** ipv6_link_dev_addr: an IPv6 address before the first of a scope no wider than its own (so the newest first among equals). */
function ipv6LinkDevAddr(dev: NetDevice, ifa: IfAddr): void {
  const rank = v6ScopeRank(ifa);
  const at = dev.addrs.findIndex((a) => a.family === 6 && rank >= v6ScopeRank(a));
  // The IPv6 addresses follow the IPv4 ones: none of a narrower scope, the end.
  dev.addrs.splice(at < 0 ? dev.addrs.length : at, 0, ifa);
}

/** Whether the link is ready for IPv6 (addrconf_link_ready): up with a carrier. */
function linkReady(dev: NetDevice): boolean {
  return dev.up && dev.carrier;
}

/** The IPv6 routes of an address: its prefix route (while the link is up) and, once DAD is done, its local route. */
function addrconfRoutes(dev: NetDevice, ifa: IfAddr): void {
  const ns = dev.ns;
  const special = dev.kind === 'loopback' && ifa.value === 1n;
  if (dev.up && !special && !(ifa.flags & IFA_F.NOPREFIXROUTE)) magicAdd(ns, kernelRoute(dev, 6, RT_TABLE.MAIN, RTN.UNICAST, networkOf(6, ifa.value, ifa.prefix), ifa.prefix, RT_SCOPE.UNIVERSE, 256, null));
  if (!(ifa.flags & IFA_F.TENTATIVE)) magicAdd(ns, kernelRoute(dev, 6, RT_TABLE.LOCAL, RTN.LOCAL, ifa.value, 128, RT_SCOPE.UNIVERSE, 0, null));
}

/** addrconf_dad_start/completed: on a ready link (or lo, which needs no DAD) a tentative address is done at once in the model. */
function addrconfDad(dev: NetDevice, ifa: IfAddr): void {
  if (ifa.flags & IFA_F.TENTATIVE && (dev.kind === 'loopback' || linkReady(dev))) ifa.flags &= ~IFA_F.TENTATIVE;
  addrconfRoutes(dev, ifa);
}

/** ipv6_add_addr: the address on the link (EEXIST for one it has, T7.1), tentative unless IFA_F_NODAD. */
function inet6AddAddr(dev: NetDevice, a: LinkAddress, flags: number): IfAddr {
  if (dev.addrs.some((x) => x.family === 6 && x.value === a.value)) return withExtack('ipv6: address already assigned', () => fail('EEXIST', SYS, `${dev.name} has ${a.addr}`, 'T7.1'));
  const ifa: IfAddr = { ...a, flags: flags | IFA_F.PERMANENT | (flags & IFA_F.NODAD ? 0 : IFA_F.TENTATIVE), scope: v6Scope(a), label: null, broadcast: null };
  // inet6_addr_add -> addrconf_add_dev: the multicast route, which a link that is down does not take.
  if (dev.kind !== 'loopback' && dev.up) magicAdd(dev.ns, kernelRoute(dev, 6, RT_TABLE.LOCAL, RTN.MULTICAST, 0xffn << 120n, 8, RT_SCOPE.UNIVERSE, 256, null));
  ipv6LinkDevAddr(dev, ifa);
  addrconfDad(dev, ifa);
  return ifa;
}

/** The EUI-64 interface identifier of a MAC (addrconf_ifid_eui48): the universal/local bit flipped, ff:fe in the middle. */
export function eui64LinkLocal(mac: string): LinkAddress {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const id = [(b[0] ?? 0) ^ 2, b[1] ?? 0, b[2] ?? 0, 0xff, 0xfe, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0];
  const value = (0xfe80n << 112n) | id.reduce((v, x) => (v << 8n) | BigInt(x), 0n);
  return { family: 6, addr: formatAddress(6, value), prefix: 64, value };
}

/**
 * addrconf_dev_config (NETDEV_UP or NETDEV_CHANGE of a ready link, not lo):
 * the multicast route, the link-local address from the MAC (addrgenmode
 * eui64) with the fe80::/64 route; DAD of the link's tentative addresses.
 */
function addrconfDevConfig(dev: NetDevice): void {
  const ns = dev.ns;
  // addrconf_add_dev -> ipv6_find_idev: a link without an inet6_dev below IPV6_MIN_MTU gets none, and nothing is configured.
  if (!dev.in6Dev) return;
  magicAdd(ns, kernelRoute(dev, 6, RT_TABLE.LOCAL, RTN.MULTICAST, 0xffn << 120n, 8, RT_SCOPE.UNIVERSE, 256, null));
  if (dev.addrGenMode === 'eui64') {
    const ll = eui64LinkLocal(dev.address);
    if (!dev.addrs.some((a) => a.family === 6 && a.value === ll.value)) {
      const ifa: IfAddr = { ...ll, flags: IFA_F.PERMANENT, scope: RT_SCOPE.LINK, label: null, broadcast: null };
      ipv6LinkDevAddr(dev, ifa);
      magicAdd(ns, kernelRoute(dev, 6, RT_TABLE.MAIN, RTN.UNICAST, 0xfe80n << 112n, 64, RT_SCOPE.UNIVERSE, 256, null));
      addrconfRoutes(dev, ifa);
    }
  }
  for (const a of dev.addrs) if (a.family === 6 && a.flags & IFA_F.TENTATIVE) addrconfDad(dev, a);
}

/**
 * NETDEV_UP: IPv4's routes of the link's addresses (lo gets 127.0.0.1/8
 * first); IPv6's ::1 on lo, prefix routes, DAD, the link-local address. A
 * link without an in_device (inetdev_event, fib_netdev_event) or an
 * inet6_dev (addrconf_notify) gets nothing of that family; lo below
 * IPV6_MIN_MTU gets ::1 and loses it again at once (addrconf_ifdown).
 */
export function addrNetdevUp(dev: NetDevice): void {
  if (dev.inDev) {
    // inetdev_event: lo gets 127.0.0.1/8 each time it comes up (inet_insert_ifa: nothing when it has it).
    if (dev.kind === 'loopback' && !dev.addrs.some((a) => a.family === 4 && a.value === 0x7f000001n && a.prefix === 8)) {
      inetInsertIfa(dev, { family: 4, addr: '127.0.0.1', prefix: 8, value: 0x7f000001n, flags: IFA_F.PERMANENT, scope: RT_SCOPE.HOST, label: 'lo', broadcast: null });
    }
    for (const a of dev.addrs) if (a.family === 4) fibAddIfaddr(dev, a);
  }
  if (!dev.in6Dev) return;
  if (dev.kind === 'loopback' && !dev.addrs.some((a) => a.family === 6 && a.value === 1n)) {
    inet6AddAddr(dev, { family: 6, addr: '::1', prefix: 128, value: 1n }, 0);
  }
  for (const a of dev.addrs) if (a.family === 6) addrconfDad(dev, a);
  if (dev.kind !== 'loopback' && linkReady(dev)) addrconfDevConfig(dev);
  // addrconf_notify: "If the changed mtu during down is lower than IPV6_MIN_MTU stop IPv6 on this interface."
  if (dev.mtu < IPV6_MIN_MTU) addrconfIfdown(dev);
}

/** NETDEV_CHANGE (from linkwatch): a link that became ready is configured for IPv6. */
export function addrNetdevChange(dev: NetDevice): void {
  if (dev.kind !== 'loopback' && linkReady(dev)) addrconfDevConfig(dev);
}

/**
 * NETDEV_DOWN (fib_disable_ip, addrconf_ifdown): every route through the
 * link goes but those of host scope (its addresses' local routes); its IPv6
 * addresses go (keep_addr_on_down off), and with them its IPv6 routes.
 */
export function addrNetdevDown(dev: NetDevice): void {
  fibRemove(dev.ns, (r) => r.dev === dev && r.family === 4 && r.scope !== RT_SCOPE.HOST);
  addrconfIfdown(dev);
}

/** addrconf_ifdown: every IPv6 route through the link and every IPv6 address of it go (keep_addr_on_down off). */
function addrconfIfdown(dev: NetDevice): void {
  fibRemove(dev.ns, (r) => r.dev === dev && r.family === 6);
  for (let i = dev.addrs.length - 1; i >= 0; i--) if (dev.addrs[i]?.family === 6) dev.addrs.splice(i, 1);
}

/**
 * inetdev_destroy: the in_device's addresses go one by one from the head
 * of its list (inet_del_ifa, each with its routes; the last one takes every
 * IPv4 route through the link, fib_disable_ip); a route through the link
 * that no address made stays when it had none.
 */
function inetdevDestroy(dev: NetDevice): void {
  for (let ifa = dev.addrs.find((a) => a.family === 4); ifa; ifa = dev.addrs.find((a) => a.family === 4)) inetDelIfa(dev, ifa);
}

/**
 * NETDEV_CHANGEMTU (dev_set_mtu), after the MTU changed from `oldMtu`.
 * inetdev_event: below IPV4_MIN_MTU the in_device is destroyed
 * (inetdev_destroy), and back at or above it one is made without
 * addresses (inetdev_init; lo's 127.0.0.1 waits for its next NETDEV_UP).
 * addrconf_notify: below IPV6_MIN_MTU a link with an inet6_dev loses its
 * IPv6 addresses and routes (addrconf_ifdown; every link but lo loses the
 * inet6_dev too), each time; back at or above it a link that had none gets
 * one (ipv6_add_dev) and, when ready, is configured at once
 * (addrconf_dev_config); one that had one only takes the new MTU.
 */
export function addrNetdevChangeMtu(dev: NetDevice, oldMtu: number): void {
  if (hasInDevice(oldMtu) && !dev.inDev) inetdevDestroy(dev);
  const had6 = hasInet6Dev(dev.kind, oldMtu);
  if (dev.mtu < IPV6_MIN_MTU) {
    if (had6) addrconfIfdown(dev);
    return;
  }
  if (!had6 && linkReady(dev)) addrconfDevConfig(dev);
}

/** NETDEV_UNREGISTER: every route through the link and every address of it goes (routes using them as source too). */
export function addrNetdevUnregister(dev: NetDevice): void {
  const ns = dev.ns;
  const mine = dev.addrs.filter((a) => a.family === 4).map((a) => a.value);
  dev.addrs.length = 0;
  fibRemove(ns, (r) => r.dev === dev);
  fibRemove(ns, (r) => r.family === 4 && r.prefsrc !== null && mine.includes(r.prefsrc.value) && !isLocalV4(ns, r.prefsrc.value));
}

/**
 * RTM_NEWADDR (NLM_F_CREATE|NLM_F_EXCL), inet_rtm_newaddr and
 * inet6_rtm_newaddr: CAP_NET_ADMIN first (T6.1), the address's prefix
 * (EINVAL, T7.5), then the link (ENODEV); the address goes on the link with
 * its routes. Without options it is what the scenario's `addr-add` sends:
 * IPv6 with IFA_F_NODAD.
 */
export function addAddress(cred: Cred, ns: NetNamespace, name: string, text: string, options?: AddrOptions): IfAddr {
  checkNetAdmin(cred, ns, SYS);
  const a = parseAddress(text, SYS);
  const dev = deviceByName(ns, name, SYS);
  // rtm_to_ifaddr: no in_device, no IPv4 address; inet6_rtm_newaddr -> ipv6_find_idev: ipv6_add_dev refuses a link below IPV6_MIN_MTU.
  if (a.family === 4 && !dev.inDev) fail('ENOBUFS', SYS, `${dev.name} has no IPv4 (its MTU is below 68)`, 'T7.20');
  if (a.family === 6 && !dev.in6Dev) fail('EINVAL', SYS, `${dev.name} has no IPv6 (its MTU is below 1280)`, 'T7.21');
  try {
    if (a.family === 6) return inet6AddAddr(dev, a, options ? options.flags ?? 0 : IFA_F.NODAD);
    let broadcast: bigint | null = null;
    if (options?.broadcast !== undefined) broadcast = parseAddress(options.broadcast, SYS).value;
    const scope = options?.scope ?? (a.value >> 24n === 127n ? RT_SCOPE.HOST : RT_SCOPE.UNIVERSE);
    const ifa: IfAddr = { ...a, flags: ((options?.flags ?? 0) & ~IFA_F.SECONDARY) | IFA_F.PERMANENT, scope, label: options?.label ?? dev.name, broadcast };
    inetInsertIfa(dev, ifa);
    return ifa;
  } finally {
    linkwatchRun();
  }
}

/** What an RTM_DELADDR names: the address, and its prefix length when given (IPv4 without one deletes whatever prefix). */
export interface DelAddrSpec {
  readonly address: string;
  /** IFA_ADDRESS with ifa_prefixlen: IPv4 matches the prefix only when given. */
  readonly withPrefix: boolean;
  readonly label?: string;
}

/**
 * RTM_DELADDR: inet_rtm_deladdr (the first IPv4 address of the link with
 * that local address, label and, when given, prefix; EADDRNOTAVAIL "ipv4:
 * Address not found") and inet6_addr_del (address and prefix length,
 * EADDRNOTAVAIL) (T7.8).
 */
export function delAddress(cred: Cred, ns: NetNamespace, name: string, spec: DelAddrSpec): void {
  checkNetAdmin(cred, ns, SYS);
  const a = parseAddress(spec.address, SYS);
  const dev = deviceByName(ns, name, SYS);
  // inet_rtm_deladdr: inetdev_by_index finds no in_device; inet6_addr_del: no inet6_dev.
  if (a.family === 4 && !dev.inDev) return withExtack('ipv4: Device not found', () => fail('ENODEV', SYS, `${dev.name} has no IPv4 (its MTU is below 68)`, 'T7.19'));
  if (a.family === 6 && !dev.in6Dev) return withExtack('ipv6: IPv6 is disabled on this device', () => fail('ENXIO', SYS, `${dev.name} has no IPv6 (its MTU is below 1280)`, 'T7.22'));
  try {
    if (a.family === 4) {
      const ifa = dev.addrs.find((x) => x.family === 4 && x.value === a.value && (spec.label === undefined || x.label === spec.label) && (!spec.withPrefix || (x.prefix === a.prefix && inPrefixOf(x, a.value))));
      if (!ifa) return withExtack('ipv4: Address not found', () => fail('EADDRNOTAVAIL', SYS, `${dev.name} has no ${a.addr}`, 'T7.8'));
      inetDelIfa(dev, ifa);
      return;
    }
    const i = dev.addrs.findIndex((x) => x.family === 6 && x.value === a.value && x.prefix === a.prefix);
    const ifa = dev.addrs[i];
    if (!ifa) return withExtack('ipv6: address not found', () => fail('EADDRNOTAVAIL', SYS, `${dev.name} has no ${a.addr}/${a.prefix}`, 'T7.8'));
    dev.addrs.splice(i, 1);
    fibRemove(ns, (r) => r.family === 6 && r.dev === dev && r.protocol === RTPROT.KERNEL && ((r.type === RTN.LOCAL && r.dst === ifa.value) || (r.type === RTN.UNICAST && r.plen === ifa.prefix && r.dst === networkOf(6, ifa.value, ifa.prefix) && !dev.addrs.some((o) => o.family === 6 && o.prefix === ifa.prefix && networkOf(6, o.value, o.prefix) === r.dst))));
  } finally {
    linkwatchRun();
  }
}

/**
 * inet_select_addr: the source for a packet out of `dev` towards `dst`: a
 * primary IPv4 address of the link no narrower than `scope`, one whose
 * prefix holds `dst` first; else one of another link (scope below link).
 */
export function selectSourceV4(ns: NetNamespace, dev: NetDevice | null, dst: bigint | null, scope: number): LinkAddress | undefined {
  let found: IfAddr | undefined;
  for (const a of dev?.addrs ?? []) {
    if (a.family !== 4 || a.flags & IFA_F.SECONDARY || a.scope > scope) continue;
    if (dst === null || inPrefixOf(a, dst)) return a;
    found ??= a;
  }
  if (found) return found;
  for (const d of [...ns.byIndex.values()].sort((x, y) => x.ifindex - y.ifindex)) {
    for (const a of d.addrs) if (a.family === 4 && !(a.flags & IFA_F.SECONDARY) && a.scope < RT_SCOPE.LINK && a.scope <= scope) return a;
  }
  return undefined;
}

/** ipv6_dev_get_saddr, simply: a non-tentative address of the link with the longest common prefix with `dst`, global before link-local. */
export function selectSourceV6(dev: NetDevice | null, dst: bigint): LinkAddress | undefined {
  const cands = (dev?.addrs ?? []).filter((a) => a.family === 6 && !(a.flags & IFA_F.TENTATIVE));
  const common = (a: LinkAddress): number => {
    let n = 0;
    for (let bit = 127n; bit >= 0n && ((a.value >> bit) & 1n) === ((dst >> bit) & 1n); bit--) n++;
    return n;
  };
  return cands.sort((a, b) => common(b) - common(a))[0];
}

/** The route a gateway is reached by (fib_check_nh_v4_gw's lookup: scope link or narrower, through `oif` when named). */
export function gatewayRoute(ns: NetNamespace, gw: LinkAddress, scope: number, oif: NetDevice | null): FibRoute | undefined {
  return fibLookup(ns, gw.family, gw.value, { scope: Math.max(scope + 1, RT_SCOPE.LINK), oif });
}
