/**
 * Snapshots of network namespaces (no Linux counterpart): a namespace's
 * links in ifindex registration order (name, index, kind, IFF_UP, MTU,
 * MAC, carrier, operstate, addresses with their flags, the other end of a
 * veth pair by namespace id and index), its ifindex cursor, routing tables,
 * sysctls and namespace ids, as JSON for
 * `Kernel.snapshot()`, and the namespace rebuilt from it. Sockets are open
 * files the kernel's snapshot refuses; a namespace with a bound port cannot
 * be saved either (SnapshotUnsupportedError).
 */
import { SnapshotUnsupportedError } from '@nsproxy/core';
import type { Kernel, ReviveRefs, UserNamespace } from '@nsproxy/core';
import type { FibRoute } from './fib.ts';
import type { IfAddr, LinkAddress, LinkKind, NetDevice } from './link.ts';
import { newDevice, registerDevice } from './link.ts';
import type { NetNamespace, NetSysctls } from './namespace.ts';
import { parseAddress } from './route.ts';

/** An address: `addr/prefix`, IFA_F_* flags, scope, IPv4 label and broadcast (hex). */
type SavedAddr = [string, number, number, string | null, string | null];

/** One link: name, ifindex, kind, up, mtu, MAC, carrier, operstate, addrgenmode none, addresses, and a veth's peer as [namespace id, ifindex]. */
interface SavedLink {
  n: string;
  i: number;
  k: LinkKind;
  up?: true;
  mtu: number;
  mac: string;
  nocarrier?: true;
  oper: number;
  qdisc?: string;
  agmNone?: true;
  addrs?: SavedAddr[];
  peer?: [number, number];
}

/** A route: family, table, destination (hex), prefix length, type, scope, origin, metric, source, gateway, ifindex (0: none), flags. */
type SavedRoute = [4 | 6, number, string, number, number, number, number, number, string | null, string | null, number, number];

/** What `save` of the net type gives. */
export interface SavedNetNamespace {
  /** init_net (the home of physical links). */
  initial: boolean;
  cursor: number;
  links: SavedLink[];
  /** The routes of every table, in table order. */
  routes?: SavedRoute[];
  /** The IPv4 tables that exist, and IPv6 ones beyond main and local. */
  tables4?: number[];
  tables6?: number[];
  sysctl: NetSysctls;
  /** init_net: the count behind the model's MACs. */
  macs?: number;
  /** Network namespace ids (net->netns_ids): [id, namespace id]. */
  nsids?: [number, number][];
}

/** net->netns_ids, where the namespace has them. */
function netnsIds(ns: NetNamespace): Map<number, NetNamespace> | undefined {
  return (ns as { netnsIds?: Map<number, NetNamespace> }).netnsIds;
}

const text = (a: LinkAddress): string => `${a.addr}/${a.prefix}`;
const address = (t: string): LinkAddress => parseAddress(t, 'Kernel.restore');

/** The JSON form of a network namespace. */
export function saveNetNamespace(ns: NetNamespace): SavedNetNamespace {
  if (ns.ports.tcp.size > 0 || ns.ports.udp.size > 0) throw new SnapshotUnsupportedError(`snapshot: ${ns.linkName} has bound sockets`);
  const links = [...ns.byIndex.values()].map((dev): SavedLink => {
    const r: SavedLink = { n: dev.name, i: dev.ifindex, k: dev.kind, mtu: dev.mtu, mac: dev.address, oper: dev.operstate };
    if (dev.up) r.up = true;
    if (!dev.carrier) r.nocarrier = true;
    if (dev.addrGenMode === 'none') r.agmNone = true;
    if (dev.qdisc !== 'noop') r.qdisc = dev.qdisc;
    if (dev.addrs.length > 0) r.addrs = dev.addrs.map((a): SavedAddr => [text(a), a.flags, a.scope, a.label, a.broadcast === null ? null : a.broadcast.toString(16)]);
    if (dev.peer) r.peer = [dev.peer.ns.nsId, dev.peer.ifindex];
    return r;
  });
  const r: SavedNetNamespace = { initial: ns.home === ns, cursor: ns.ifindexCursor, links, sysctl: { ...ns.sysctl } };
  if (ns.fib.length > 0) r.routes = ns.fib.map((x): SavedRoute => [x.family, x.table, x.dst.toString(16), x.plen, x.type, x.scope, x.protocol, x.priority, x.prefsrc ? text(x.prefsrc) : null, x.gateway ? text(x.gateway) : null, x.dev?.ifindex ?? 0, x.flags]);
  if (ns.fibTables4.size > 0) r.tables4 = [...ns.fibTables4];
  if (ns.fibTables6.size > 0) r.tables6 = [...ns.fibTables6];
  if (ns.home === ns) r.macs = ns.macSerial;
  const ids = netnsIds(ns);
  if (ids && ids.size > 0) r.nsids = [...ids].map(([id, peer]): [number, number] => [id, peer.nsId]);
  return r;
}

/** The namespaces revived so far per kernel being restored, for the veth peers (linked once all exist). */
const revived = new WeakMap<Kernel, NetNamespace[]>();

/**
 * Rebuilds a network namespace from `saveNetNamespace`'s JSON. `make` is
 * the constructor (home: null for init_net); `setInitial` records init_net.
 */
export function reviveNetNamespace(
  kernel: Kernel, owner: UserNamespace, data: SavedNetNamespace, refs: ReviveRefs,
  make: (owner: UserNamespace, initial: boolean) => NetNamespace,
): NetNamespace {
  const ns = make(owner, data.initial);
  // The constructor registered lo: the saved links replace it.
  ns.byName.clear();
  ns.byIndex.clear();
  const byIndex = new Map<number, NetDevice>();
  for (const l of data.links) {
    const dev = newDevice(ns, l.n, l.k, l.mac);
    registerDevice(ns, dev, l.i);
    if (dev.ifindex !== l.i) throw new Error(`snapshot: two links of ${l.n}'s namespace have index ${l.i}`);
    dev.up = l.up === true;
    dev.mtu = l.mtu;
    dev.carrier = l.nocarrier !== true;
    dev.operstate = l.oper;
    if (l.agmNone) dev.addrGenMode = 'none';
    if (l.qdisc !== undefined) dev.qdisc = l.qdisc;
    for (const [a, flags, scope, label, brd] of l.addrs ?? []) dev.addrs.push({ ...address(a), flags, scope, label, broadcast: brd === null ? null : BigInt(`0x${brd}`) } satisfies IfAddr);
    byIndex.set(l.i, dev);
  }
  ns.ifindexCursor = data.cursor;
  for (const [family, table, dst, plen, type, scope, protocol, priority, prefsrc, gateway, ifindex, flags] of data.routes ?? []) {
    const dev = ifindex === 0 ? null : byIndex.get(ifindex);
    if (dev === undefined) throw new Error(`snapshot: a route through link ${ifindex}, which is not in its namespace`);
    const route: FibRoute = { family, table, dst: BigInt(`0x${dst}`), plen, type, scope, protocol, priority, prefsrc: prefsrc === null ? null : address(prefsrc), gateway: gateway === null ? null : address(gateway), dev, flags };
    ns.fib.push(route);
  }
  for (const t of data.tables4 ?? []) ns.fibTables4.add(t);
  for (const t of data.tables6 ?? []) ns.fibTables6.add(t);
  if (data.macs !== undefined) ns.macSerial = data.macs;
  Object.assign(ns.sysctl, { ...data.sysctl, pingGroupRange: [...data.sysctl.pingGroupRange] });
  let list = revived.get(kernel);
  if (!list) revived.set(kernel, (list = []));
  list.push(ns);
  refs.defer(() => {
    for (const l of data.links) {
      if (!l.peer) continue;
      const [id, ifindex] = l.peer;
      const peerNs = list.find((x) => x.nsId === id);
      const peer = peerNs?.byIndex.get(ifindex);
      if (!peer) throw new Error(`snapshot: the peer of ${l.n} (link ${ifindex} of namespace ${id}) is not in the snapshot`);
      (byIndex.get(l.i) as NetDevice).peer = peer;
    }
    const ids = netnsIds(ns);
    for (const [id, nsId] of data.nsids ?? []) {
      const peer = list.find((x) => x.nsId === nsId);
      if (!peer || !ids) throw new Error(`snapshot: network namespace id ${id} names namespace ${nsId}, which is not in the snapshot`);
      ids.set(id, peer);
    }
    revived.delete(kernel);
  });
  return ns;
}
