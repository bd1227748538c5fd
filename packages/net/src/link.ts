/**
 * Links (struct net_device) and rtnetlink's link calls (net/core/rtnetlink.c,
 * net/core/dev.c, drivers/net/veth.c, drivers/net/loopback.c): names unique
 * per namespace, ifindex allocation, IFF_UP and the carrier, veth pairs
 * (created in one namespace, each end movable, deleted together), moves
 * between namespaces (dev_change_net_namespace), and deletion.
 */
import { CAP_NET_ADMIN, checkString, fail, nsCapable, utf8Length } from '@nsproxy/core';
import type { Cred, UserNamespace } from '@nsproxy/core';
import type { NetNamespace } from './namespace.ts';

/** What a link is: lo, one end of a veth pair, or a physical NIC (no rtnl_link_ops: moved home, never deleted). */
export type LinkKind = 'loopback' | 'veth' | 'physical';

/** An address of a link: its family, its text (inet_ntop's canonical form) and prefix length. */
export interface LinkAddress {
  readonly family: 4 | 6;
  readonly addr: string;
  readonly prefix: number;
  /** The address as a number (IPv4: 32 bits, IPv6: 128 bits). */
  readonly value: bigint;
}

/** struct net_device. */
export class NetDevice {
  name: string;
  ifindex = 0;
  readonly kind: LinkKind;
  ns: NetNamespace;
  /** IFF_UP (dev_open / dev_close). */
  up = false;
  /** The other end of a veth pair. */
  peer: NetDevice | null = null;
  readonly addrs: LinkAddress[] = [];
  mtu: number;
  /** Unregistered (deleted, or its namespace died). */
  dead = false;

  constructor(ns: NetNamespace, name: string, kind: LinkKind) {
    this.ns = ns;
    this.name = name;
    this.kind = kind;
    this.mtu = kind === 'loopback' ? 65536 : 1500;
  }

  /** IFF_LOWER_UP: running with a carrier (a veth has one only while both ends are up). */
  get lowerUp(): boolean {
    if (!this.up) return false;
    if (this.kind === 'veth') return this.peer?.up === true;
    return true;
  }
}

/** A device not registered yet. */
export function newDevice(ns: NetNamespace, name: string, kind: LinkKind): NetDevice {
  return new NetDevice(ns, name, kind);
}

/** dev_index_reserve: `want` if free, else the next free index from the namespace's cursor, cyclically. */
export function reserveIndex(ns: NetNamespace, want?: number): number {
  if (want !== undefined && !ns.byIndex.has(want)) return want;
  let n = ns.ifindexCursor > 0x7fffffff ? 1 : ns.ifindexCursor;
  while (ns.byIndex.has(n)) n = n >= 0x7fffffff ? 1 : n + 1;
  ns.ifindexCursor = n + 1;
  return n;
}

/** register_netdevice: named and indexed in its namespace. */
export function registerDevice(ns: NetNamespace, dev: NetDevice, ifindex?: number): void {
  dev.ns = ns;
  dev.ifindex = reserveIndex(ns, ifindex);
  dev.dead = false;
  ns.byName.set(dev.name, dev);
  ns.byIndex.set(dev.ifindex, dev);
}

/** unregister_netdevice: out of its namespace, down, addresses and routes through it gone. */
export function unregisterDevice(dev: NetDevice): void {
  const ns = dev.ns;
  if (ns.byName.get(dev.name) === dev) ns.byName.delete(dev.name);
  if (ns.byIndex.get(dev.ifindex) === dev) ns.byIndex.delete(dev.ifindex);
  if (dev.kind === 'loopback') ns.localPrefixesV4.length = 0;
  for (const a of dev.addrs) if (a.family === 4) ns.localV4.delete(a.value);
  dev.up = false;
  dev.addrs.length = 0;
  dropRoutesVia(dev);
}

/**
 * fib_add_ifaddr's local table part: the address's own local route, which
 * makes the table exist (fib_new_table); on lo, once it is up, the whole
 * prefix as a local route too.
 */
export function addLocal(dev: NetDevice, a: LinkAddress): void {
  const ns = dev.ns;
  ns.localV4.add(a.value);
  ns.hasLocalTable = true;
  if (dev.kind !== 'loopback' || !dev.up || a.prefix === 32) return;
  const host = BigInt(32 - a.prefix);
  if (!ns.localPrefixesV4.some((p) => p.prefix === a.prefix && p.value >> host === a.value >> host)) ns.localPrefixesV4.push(a);
}

/** Routes through a device go when it goes down or away (fib_sync_down_dev). */
export function dropRoutesVia(dev: NetDevice): void {
  const routes = dev.ns.staticRoutes;
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i]?.dev === dev) routes.splice(i, 1);
}

/** The device named `name` in the namespace, or ENODEV. */
export function deviceByName(ns: NetNamespace, name: string, sys: string): NetDevice {
  return ns.byName.get(name) ?? fail('ENODEV', sys, `no link ${name}`, 'T6.2');
}

/** IFLA_IFNAME: at most 15 bytes (ERANGE), and dev_valid_name: not empty, `.` or `..`, no `/`, `:` or blank (EINVAL). */
function checkLinkName(name: string, sys: string): void {
  if (utf8Length(name) > 15) fail('ERANGE', sys, 'a link name has at most 15 bytes', 'T6.7');
  if (name === '' || name === '.' || name === '..' || /[/:\s]/.test(name)) fail('EINVAL', sys, `'${name}' is no valid link name`, 'T6.8');
}

/** rtnetlink's request permission: CAP_NET_ADMIN over the owner of the namespace the request is made in (EPERM). */
export function checkNetAdmin(cred: Cred, ns: NetNamespace, sys: string): void {
  if (!nsCapable(cred, ns.ownerNs as UserNamespace, CAP_NET_ADMIN)) fail('EPERM', sys, 'CAP_NET_ADMIN is needed over the owner of the network namespace', 'T6.1');
}

/**
 * veth_newlink: a pair in one namespace, both names free (EEXIST); the
 * peer is registered first, so it gets the lower index.
 */
export function createVeth(cred: Cred, ns: NetNamespace, name: string, peerName: string): [NetDevice, NetDevice] {
  const sys = 'rtnetlink';
  checkString(name, sys, 'name');
  checkString(peerName, sys, 'peerName');
  checkNetAdmin(cred, ns, sys);
  for (const n of [name, peerName]) checkLinkName(n, sys);
  if (ns.byName.has(name)) fail('EEXIST', sys, 'a link of that name exists', 'T6.3');
  if (name === peerName) {
    // The peer is registered, then the device's own registration finds its name taken: the peer's index was used.
    reserveIndex(ns);
    fail('EEXIST', sys, 'the device and its peer have one name', 'T6.3');
  }
  if (ns.byName.has(peerName)) fail('EEXIST', sys, 'a link of that name exists', 'T6.3');
  const dev = newDevice(ns, name, 'veth');
  const peer = newDevice(ns, peerName, 'veth');
  dev.peer = peer;
  peer.peer = dev;
  registerDevice(ns, peer);
  registerDevice(ns, dev);
  return [dev, peer];
}

/** dev_open / dev_close (IFF_UP through RTM_SETLINK): permission first, then the device (ENODEV). */
export function setLinkUp(cred: Cred, ns: NetNamespace, name: string, up: boolean): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const dev = deviceByName(ns, name, sys);
  if (dev.up === up) return;
  dev.up = up;
  if (!up) {
    dropRoutesVia(dev);
    // IPv6 addresses go with the link (keep_addr_on_down 0); IPv4 ones stay, without their local routes.
    for (let i = dev.addrs.length - 1; i >= 0; i--) if (dev.addrs[i]?.family === 6) dev.addrs.splice(i, 1);
    // The local routes of its IPv4 addresses stay (they still bind and take connections).
  } else {
    if (dev.kind === 'loopback') addLoopbackAddresses(dev);
    // fib_add_ifaddr on NETDEV_UP: the local routes of the link's IPv4 addresses.
    for (const a of dev.addrs) if (a.family === 4) addLocal(dev, a);
  }
}

/** inetdev_event / addrconf on NETDEV_UP of lo: 127.0.0.1/8 (kept across a down) and ::1/128. */
function addLoopbackAddresses(dev: NetDevice): void {
  const has = (addr: string): boolean => dev.addrs.some((a) => a.addr === addr);
  if (!has('127.0.0.1')) dev.addrs.push({ family: 4, addr: '127.0.0.1', prefix: 8, value: 0x7f000001n });
  if (!has('::1')) dev.addrs.push({ family: 6, addr: '::1', prefix: 128, value: 1n });
}

/** rtnl_dellink: a device without dellink (lo, a physical NIC) cannot be deleted (EOPNOTSUPP); a veth takes its peer along (T2.7). */
export function delLink(cred: Cred, ns: NetNamespace, name: string): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const dev = deviceByName(ns, name, sys);
  if (dev.kind !== 'veth') fail('EOPNOTSUPP', sys, `${dev.kind === 'loopback' ? 'lo' : 'a physical link'} cannot be deleted`, 'T6.4');
  deleteLink(dev);
}

/** unregister a veth and its peer, wherever each is. */
export function deleteLink(dev: NetDevice): void {
  const peer = dev.peer;
  for (const d of peer ? [dev, peer] : [dev]) {
    if (d.dead) continue;
    unregisterDevice(d);
    d.dead = true;
  }
}

/**
 * __dev_change_net_namespace through RTM_SETLINK with IFLA_NET_NS_FD or
 * IFLA_NET_NS_PID: CAP_NET_ADMIN over both namespaces' owners (EPERM), the
 * device (ENODEV), lo cannot move (EINVAL), a name taken in the target is
 * EEXIST and changes nothing; the device arrives down, without addresses,
 * with its ifindex if it is free there (T2.1-T2.5).
 */
export function moveLink(cred: Cred, from: NetNamespace, name: string, to: NetNamespace): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, from, sys);
  // rtnl_link_get_net_capable: the target namespace's permission comes before the device's lookup.
  checkNetAdmin(cred, to, sys);
  const dev = deviceByName(from, name, sys);
  // A move into the namespace the link is in is a success that does nothing, lo's too.
  if (to === from) return;
  if (dev.kind === 'loopback') fail('EINVAL', sys, 'the interface netns is immutable', 'T2.3');
  if (to.byName.has(dev.name)) fail('EEXIST', sys, `a link ${dev.name} exists in the target namespace`, 'T2.4');
  unregisterDevice(dev);
  registerDevice(to, dev, dev.ifindex);
}
