/**
 * Links (struct net_device) and rtnetlink's link calls (net/core/rtnetlink.c,
 * net/core/dev.c, drivers/net/veth.c, drivers/net/loopback.c): names unique
 * per namespace, ifindex allocation, IFF_UP and the carrier, the
 * operational state linkwatch computes (net/core/link_watch.c), veth pairs
 * (created in one namespace or across two, each end movable, deleted
 * together), moves between namespaces (__dev_change_net_namespace), and
 * deletion. What a change means for addresses and routes is addr.ts's
 * (the netdevice notifiers); the ids a namespace gives another are nsid.ts's.
 */
import { CAP_NET_ADMIN, checkString, fail, nsCapable, utf8Length } from '@nsproxy/core';
import type { Cred, UserNamespace } from '@nsproxy/core';
import { addrNetdevChange, addrNetdevChangeMtu, addrNetdevDown, addrNetdevUnregister, addrNetdevUp } from './addr.ts';
import type { NetNamespace } from './namespace.ts';
import { withExtack } from './extack.ts';
import { peernet2idAlloc } from './nsid.ts';

/** What a link is: lo, one end of a veth pair, or a physical NIC (no rtnl_link_ops: moved home, never deleted). */
export type LinkKind = 'loopback' | 'veth' | 'physical';

/** An address: its family, its text (inet_ntop's canonical form) and prefix length. */
export interface LinkAddress {
  readonly family: 4 | 6;
  readonly addr: string;
  readonly prefix: number;
  /** The address as a number (IPv4: 32 bits, IPv6: 128 bits). */
  readonly value: bigint;
}

/** An address of a link (struct in_ifaddr, struct inet6_ifaddr). */
export interface IfAddr extends LinkAddress {
  /** IFA_F_* (addr.ts's IFA_F): SECONDARY, NODAD, TENTATIVE, PERMANENT, NOPREFIXROUTE, ... */
  flags: number;
  /** ifa_scope (RT_SCOPE_*). */
  readonly scope: number;
  /** IFA_LABEL (IPv4 only). */
  readonly label: string | null;
  /** IFA_BROADCAST (IPv4 only). */
  readonly broadcast: bigint | null;
}

/** RFC 2863 operational states (IF_OPER_*, include/uapi/linux/if.h), by value. */
export const OPER_STATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;
/** The IF_OPER_* operational states (include/uapi/linux/if.h), by name: a link's IFLA_OPERSTATE. */
export const IF_OPER = { UNKNOWN: 0, NOTPRESENT: 1, DOWN: 2, LOWERLAYERDOWN: 3, TESTING: 4, DORMANT: 5, UP: 6 } as const;

/** IPV4_MIN_MTU (include/net/ip.h): below it a device has no IPv4 (inetdev_valid_mtu). */
export const IPV4_MIN_MTU = 68;
/** IPV6_MIN_MTU (include/linux/ipv6.h): below it a device has no IPv6 addresses (addrconf_notify). */
export const IPV6_MIN_MTU = 1280;

/**
 * dev->ip_ptr for a device of that MTU: inetdev_event makes the in_device at
 * NETDEV_REGISTER, destroys it at NETDEV_CHANGEMTU below IPV4_MIN_MTU and
 * makes it again at NETDEV_CHANGEMTU back at or above it (inetdev_valid_mtu);
 * no device registers below it (lo, the only one that may go lower, cannot
 * move), so it exists exactly while the MTU is valid for IPv4.
 */
export function hasInDevice(mtu: number): boolean {
  return mtu >= IPV4_MIN_MTU;
}

/**
 * dev->ip6_ptr for a device of that kind and MTU: addrconf_notify makes the
 * inet6_dev at NETDEV_REGISTER and NETDEV_CHANGEMTU at or above
 * IPV6_MIN_MTU (ipv6_add_dev refuses below it), and below it
 * addrconf_ifdown unregisters it for every device but the loopback, which
 * keeps its own (it only loses its addresses).
 */
export function hasInet6Dev(kind: LinkKind, mtu: number): boolean {
  return kind === 'loopback' || mtu >= IPV6_MIN_MTU;
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
  /** IPv4 addresses first (in_dev's list order), then IPv6 ones (inet6_dev's). */
  readonly addrs: IfAddr[] = [];
  mtu: number;
  /** Unregistered (deleted, or its namespace died). */
  dead = false;
  /** dev->dev_addr, as ip prints it. */
  address: string;
  /** netif_carrier_ok: lo and a physical link always; a veth end while both ends are up (veth_open). */
  carrier: boolean;
  /** dev->operstate as linkwatch last computed it (IF_OPER_*): lo never gets one (UNKNOWN). */
  operstate: number;
  /** dev->tx_queue_len. */
  txqlen = 1000;
  /** IFLA_GROUP. */
  group = 0;
  /** IFLA_INET6_ADDR_GEN_MODE: whether a link-local address is made from the MAC when the link comes up. */
  addrGenMode: 'eui64' | 'none' = 'eui64';

  constructor(ns: NetNamespace, name: string, kind: LinkKind, address: string) {
    this.ns = ns;
    this.name = name;
    this.kind = kind;
    this.mtu = kind === 'loopback' ? 65536 : 1500;
    this.address = address;
    this.carrier = true;
    this.operstate = kind === 'physical' ? IF_OPER.UP : IF_OPER.UNKNOWN;
  }

  /** dev->ip_ptr: whether the device has its IPv4 state, struct in_device (hasInDevice). */
  get inDev(): boolean {
    return hasInDevice(this.mtu);
  }

  /** dev->ip6_ptr: whether the device has its IPv6 state, struct inet6_dev (hasInet6Dev). */
  get in6Dev(): boolean {
    return hasInet6Dev(this.kind, this.mtu);
  }

  /** IFF_LOWER_UP: running with a carrier (a veth has one only while both ends are up). */
  get lowerUp(): boolean {
    return this.up && this.carrier;
  }

  /** dev_get_iflink: a veth's peer's index (0 without a peer), else its own. */
  get iflink(): number {
    if (this.kind === 'veth') return this.peer?.ifindex ?? 0;
    return this.ifindex;
  }

  /** IFLA_OPERSTATE as rtnl_fill_ifinfo reports it: DOWN for a link that is not running, else the stored state. */
  get reportedOperstate(): number {
    return this.up ? this.operstate : IF_OPER.DOWN;
  }

  /**
   * IFLA_QDISC, dev->qdisc: noop until the link first comes up (dev_activate
   * attaches the default: noqueue for the virtual links, IFF_NO_QUEUE,
   * pfifo_fast for a NIC), which stays when it goes down, until a move or
   * unregistration shuts the device down (dev_shutdown).
   */
  qdisc = 'noop';

  /** ARPHRD_LOOPBACK or ARPHRD_ETHER, as ip names it. */
  get linkType(): 'loopback' | 'ether' {
    return this.kind === 'loopback' ? 'loopback' : 'ether';
  }

  /** The broadcast link-layer address. */
  get broadcast(): string {
    return this.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  }
}

/** eth_hw_addr_random: a locally administered unicast MAC; the model's come from a counter of the kernel's (masked when compared with Linux). */
function randomMac(ns: NetNamespace): string {
  const n = ++ns.home.macSerial;
  const bytes = [0x02, 0x42, 0xac, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A device not registered yet (lo: the zero address; else a random one, or `address`). */
export function newDevice(ns: NetNamespace, name: string, kind: LinkKind, address?: string): NetDevice {
  return new NetDevice(ns, name, kind, address ?? (kind === 'loopback' ? '00:00:00:00:00:00' : randomMac(ns)));
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

/** unregister_netdevice: closed, out of its namespace, its addresses and every route through it gone (`notify`: whether the close is announced with the peer still joined). */
export function unregisterDevice(dev: NetDevice, notify = true): void {
  const ns = dev.ns;
  if (dev.up) devClose(dev, notify);
  if (ns.byName.get(dev.name) === dev) ns.byName.delete(dev.name);
  if (ns.byIndex.get(dev.ifindex) === dev) ns.byIndex.delete(dev.ifindex);
  dev.qdisc = 'noop';
  addrNetdevUnregister(dev);
}

/* ------------------------------------------------------------------------ */
/* Carrier, linkwatch and notifications                                     */

/** Devices with a carrier change linkwatch has not looked at yet (linkwatch's lweventlist), in order. */
const linkwatchPending: NetDevice[] = [];

/** linkwatch_fire_event. */
function linkwatchFireEvent(dev: NetDevice): void {
  if (!linkwatchPending.includes(dev)) linkwatchPending.push(dev);
}

/** netif_carrier_on / netif_carrier_off: a change is a linkwatch event. */
function setCarrier(dev: NetDevice, on: boolean): void {
  if (dev.carrier === on) return;
  dev.carrier = on;
  linkwatchFireEvent(dev);
}

/**
 * default_operstate: UP with a carrier; without one, LOWERLAYERDOWN when the
 * link its iflink names, looked up in its own namespace, has no carrier
 * either, DOWN otherwise (and for a link that is its own iflink).
 */
export function defaultOperstate(dev: NetDevice): number {
  if (dev.carrier) return IF_OPER.UP;
  const iflink = dev.iflink;
  if (iflink === dev.ifindex) return IF_OPER.DOWN;
  const lower = dev.ns.byIndex.get(iflink);
  if (!lower) return IF_OPER.DOWN;
  return lower.carrier ? IF_OPER.DOWN : IF_OPER.LOWERLAYERDOWN;
}

/**
 * __linkwatch_run_queue, which the kernel runs shortly after a request (the
 * model: at its end): each pending link gets its operstate (rfc2863_policy)
 * and, if up, a NETDEV_CHANGE (IPv6 configures a link that became ready) and
 * a notification.
 */
export function linkwatchRun(): void {
  while (linkwatchPending.length > 0) {
    const dev = linkwatchPending.shift() as NetDevice;
    if (dev.dead) continue;
    dev.operstate = defaultOperstate(dev);
    if (dev.up) {
      addrNetdevChange(dev);
      rtmsgIfinfo(dev);
    }
  }
}

/**
 * rtmsg_ifinfo: a notification of the link, filled by rtnl_fill_ifinfo,
 * whose IFLA_LINK_NETNSID gives its namespace an id for the peer's when the
 * peer is in another (peernet2id_alloc, T5.4).
 */
function rtmsgIfinfo(dev: NetDevice): void {
  linkNetnsid(dev.ns, dev);
}

/**
 * IFLA_LINK_NETNSID as rtnl_fill_ifinfo fills it for a request made in
 * `src`: for a veth whose peer is in another namespace than the link, the id
 * `src` gives the peer's (allocated if it has none: an `ip link` there gives
 * one); undefined for a link without one.
 */
export function linkNetnsid(src: NetNamespace, dev: NetDevice): number | undefined {
  if (dev.kind !== 'veth' || !dev.peer || dev.peer.ns === dev.ns) return undefined;
  return peernet2idAlloc(src, dev.peer.ns);
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                 */

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

/** What `ip link add NAME type veth peer ...` may say beyond the names. */
export interface VethOptions {
  /** The namespace the peer is made in (the peer's IFLA_NET_NS_FD or _PID): CAP_NET_ADMIN over its owner too. */
  readonly peerNs?: NetNamespace;
  /** IFLA_ADDRESS of the device and of the peer. */
  readonly address?: string;
  readonly peerAddress?: string;
}

/**
 * veth_newlink: a pair, both names free where each end goes (EEXIST); the
 * peer is registered first (the lower index where both are in one
 * namespace). Both ends start without a carrier: linkwatch finds each
 * LOWERLAYERDOWN. The notification of the device (the peer's went out
 * before the two were joined) gives its namespace an id for the peer's.
 */
export function createVeth(cred: Cred, ns: NetNamespace, name: string, peerName: string, options: VethOptions = {}): [NetDevice, NetDevice] {
  const sys = 'rtnetlink';
  checkString(name, sys, 'name');
  checkString(peerName, sys, 'peerName');
  checkNetAdmin(cred, ns, sys);
  const peerNs = options.peerNs ?? ns;
  if (peerNs !== ns) checkNetAdmin(cred, peerNs, sys);
  for (const n of [name, peerName]) checkLinkName(n, sys);
  if (ns.byName.has(name)) fail('EEXIST', sys, 'a link of that name exists', 'T6.3');
  if (peerNs.byName.has(peerName)) fail('EEXIST', sys, 'a link of that name exists', 'T6.3');
  if (name === peerName && peerNs === ns) {
    // The peer is registered, then the device's own registration finds its name taken: the peer's index was used.
    reserveIndex(ns);
    fail('EEXIST', sys, 'the device and its peer have one name', 'T6.3');
  }
  const peer = newDevice(peerNs, peerName, 'veth', options.peerAddress);
  const dev = newDevice(ns, name, 'veth', options.address);
  registerDevice(peerNs, peer);
  setCarrier(peer, false);
  registerDevice(ns, dev);
  setCarrier(dev, false);
  dev.peer = peer;
  peer.peer = dev;
  rtmsgIfinfo(dev);
  linkwatchRun();
  return [dev, peer];
}

/** dev_open: IFF_UP; a veth end whose peer is up gives both a carrier (veth_open); NETDEV_UP. */
function devOpen(dev: NetDevice): void {
  dev.up = true;
  if (dev.qdisc === 'noop') dev.qdisc = dev.kind === 'physical' ? 'pfifo_fast' : 'noqueue';
  if (dev.kind === 'veth' && dev.peer?.up) {
    setCarrier(dev, true);
    setCarrier(dev.peer, true);
  }
  addrNetdevUp(dev);
  rtmsgIfinfo(dev);
}

/** dev_close: a veth end takes the carrier from both (veth_close); NETDEV_DOWN. */
function devClose(dev: NetDevice, notify = true): void {
  if (dev.kind === 'veth') {
    setCarrier(dev, false);
    if (dev.peer) setCarrier(dev.peer, false);
  }
  dev.up = false;
  addrNetdevDown(dev);
  if (notify) rtmsgIfinfo(dev);
}

/** dev_change_flags (IFF_UP through RTM_SETLINK): permission first, then the device (ENODEV). */
export function setLinkUp(cred: Cred, ns: NetNamespace, name: string, up: boolean): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const dev = deviceByName(ns, name, sys);
  if (dev.up === up) return;
  if (up) devOpen(dev);
  else devClose(dev);
  linkwatchRun();
}

/** IFLA_AF_SPEC/IFLA_INET6_ADDR_GEN_MODE (`ip link set DEV addrgenmode eui64|none`): how the next link-local address is made. */
export function setAddrGenMode(cred: Cred, ns: NetNamespace, name: string, mode: 'eui64' | 'none'): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  deviceByName(ns, name, sys).addrGenMode = mode;
}

/** dev_change_name (RTM_SETLINK with IFLA_IFNAME): a valid name (T6.7, T6.8), free in the namespace (EEXIST, T6.3); up or down alike (since 6.2). */
export function renameLink(cred: Cred, ns: NetNamespace, name: string, newName: string): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const dev = deviceByName(ns, name, sys);
  checkLinkName(newName, sys);
  if (newName === dev.name) return;
  if (ns.byName.has(newName)) fail('EEXIST', sys, 'a link of that name exists', 'T6.3');
  ns.byName.delete(dev.name);
  dev.name = newName;
  ns.byName.set(newName, dev);
  rtmsgIfinfo(dev);
}

/**
 * dev_set_mtu (RTM_SETLINK with IFLA_MTU, an int): within the device's range
 * (dev_validate_mtu, EINVAL, T6.10): 68 to 65535 for a veth, 0 and up for lo.
 * The same MTU again is no change; a new one is NETDEV_CHANGEMTU (IPv4 and
 * IPv6 go below their minimum and come back above it, T7.23) and a
 * notification of the link (rtnetlink_event).
 */
export function setLinkMtu(cred: Cred, ns: NetNamespace, name: string, mtu: number): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const dev = deviceByName(ns, name, sys);
  const min = dev.kind === 'loopback' ? 0 : 68;
  const max = dev.kind === 'loopback' ? 0x7fffffff : dev.kind === 'veth' ? 65535 : 9000;
  // The u32 is read as an int: beyond INT_MAX it is negative.
  const value = mtu > 0x7fffffff ? mtu - 0x100000000 : mtu;
  if (value < 0 || value < min) return withExtack('mtu less than device minimum', () => fail('EINVAL', sys, `mtu ${value} is below ${min}`, 'T6.10'));
  if (value > max) return withExtack('mtu greater than device maximum', () => fail('EINVAL', sys, `mtu ${value} is above ${max}`, 'T6.10'));
  if (value === dev.mtu) return;
  const old = dev.mtu;
  dev.mtu = value;
  addrNetdevChangeMtu(dev, old);
  rtmsgIfinfo(dev);
  linkwatchRun();
}

/** rtnl_dellink: a device without dellink (lo, a physical NIC) cannot be deleted (EOPNOTSUPP); a veth takes its peer along (T2.7). */
export function delLink(cred: Cred, ns: NetNamespace, name: string): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const dev = deviceByName(ns, name, sys);
  if (dev.kind !== 'veth') fail('EOPNOTSUPP', sys, `${dev.kind === 'loopback' ? 'lo' : 'a physical link'} cannot be deleted`, 'T6.4');
  deleteLink(dev);
  linkwatchRun();
}

/** veth_dellink: the pair is parted (so the notifications give no ids), then each end unregistered, wherever it is. */
export function deleteLink(dev: NetDevice): void {
  const peer = dev.peer;
  for (const d of peer ? [dev, peer] : [dev]) {
    if (d.dead) continue;
    unregisterDevice(d, false);
    d.dead = true;
  }
}

/**
 * __dev_change_net_namespace through RTM_SETLINK with IFLA_NET_NS_FD or
 * IFLA_NET_NS_PID: CAP_NET_ADMIN over both namespaces' owners (EPERM), the
 * device (ENODEV), lo cannot move (EINVAL), a name taken in the target is
 * EEXIST and changes nothing; the old namespace gives the new one an id
 * (T5.4); the device is closed and arrives down, without addresses, with
 * its ifindex if it is free there (T2.1-T2.5), and its notification there
 * gives the new namespace an id for its peer's.
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
  changeNetNamespace(dev, to, dev.ifindex);
  linkwatchRun();
}

/** The move itself (also a dying namespace's physical links going home): closed, unregistered, registered there, announced. */
export function changeNetNamespace(dev: NetDevice, to: NetNamespace, ifindex?: number): void {
  peernet2idAlloc(dev.ns, to);
  unregisterDevice(dev);
  registerDevice(to, dev, ifindex);
  rtmsgIfinfo(dev);
}
