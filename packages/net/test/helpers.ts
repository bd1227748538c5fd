/**
 * Test helpers of @nsproxy/net: kernels booted with the net type and the
 * testkit's toy user type, sockets kept as fds, setns through an ns file,
 * the structural invariants of links, veth pairs, routes and port tables,
 * and a fingerprint of all of it (to check that a failed call changed
 * nothing).
 */
import { CLONE_NEWNET, Kernel, SIGCHLD } from '@nsproxy/core';
import type { NsCommon, Task } from '@nsproxy/core';
import { toyUserType } from '@nsproxy/testkit';
import { NetNamespace, Socket, netNamespaceType, netNsOf, netnsIdList, newSocket } from '../src/index.ts';
import type { NetDevice, Proto } from '../src/index.ts';

export { errnoOf, errnoOrOk, expectBalancedRefcounts, expectRefused, kernelErrorOf, toyUserType, unprivilegedTask } from '@nsproxy/testkit';

/** A kernel with the net and toy user types; `init` reaps its children at once. */
export function boot(): { kernel: Kernel; init: Task } {
  const kernel = new Kernel({ namespaces: [netNamespaceType, toyUserType] });
  const init = kernel.initTask;
  kernel.sigaction(init, SIGCHLD, 'ignore');
  return { kernel, init };
}

/** The live network namespaces of a kernel. */
export function netNamespaces(kernel: Kernel): NetNamespace[] {
  return kernel.namespaces().filter((ns): ns is NetNamespace => ns instanceof NetNamespace);
}

/** Every network namespace the kernel commits from now on (its `ns-created` events), the initial one first. */
export function trackNetNamespaces(kernel: Kernel): NetNamespace[] {
  const all: NetNamespace[] = [...netNamespaces(kernel)];
  kernel.on((e) => {
    if (e.type === 'ns-created' && e.ns instanceof NetNamespace) all.push(e.ns);
  }, { types: ['ns-created'] });
  return all;
}

/** The namespaces the kernel frees from now on, in order (its `ns-freed` events). */
export function freedNamespaces(kernel: Kernel): NsCommon[] {
  const freed: NsCommon[] = [];
  kernel.on((e) => {
    if (e.type === 'ns-freed') freed.push(e.ns);
  }, { types: ['ns-freed'] });
  return freed;
}

/** socket(2) by `task` in its current network namespace, kept as a new fd. */
export function openSocket(kernel: Kernel, task: Task, proto: Proto, family: 4 | 6 = 4): number {
  return kernel.installFile(task, newSocket(netNsOf(kernel, task), proto, family));
}

/** The socket behind a task's fd (an Error when the fd is no socket). */
export function socketAt(kernel: Kernel, task: Task, fd: number): Socket {
  const f = kernel.file(task, fd);
  if (f.kind !== 'object' || !(f.object instanceof Socket)) throw new Error(`fd ${fd} of task ${task.serial} is not a socket`);
  return f.object;
}

/** The socket fds of a task, in fd order. */
export function socketFds(task: Task): number[] {
  const out: number[] = [];
  for (const [fd, f] of task.files?.fds ?? []) if (f.kind === 'object' && f.object instanceof Socket) out.push(fd);
  return out.sort((a, b) => a - b);
}

/** Every socket an open file of a live task refers to (each once). */
export function openSockets(kernel: Kernel): Socket[] {
  const out = new Set<Socket>();
  for (const t of kernel.tasks()) {
    for (const f of t.files?.fds.values() ?? []) if (f.kind === 'object' && f.object instanceof Socket) out.add(f.object);
  }
  return [...out];
}

/** setns(fd of `target`'s network namespace, nstype) by `task`; the fd is closed whatever happens. */
export function setnsNet(kernel: Kernel, task: Task, target: Task, nstype = CLONE_NEWNET): void {
  const fd = kernel.openNs(task, target, 'net');
  try {
    kernel.setns(task, fd, nstype);
  } finally {
    kernel.close(task, fd);
  }
}

/** Whether two bindings of one port overlap: a wildcard covers its family (an IPv6 wildcard IPv4 too), two addresses overlap when equal. */
export function bindingsOverlap(a: Socket, b: Socket): boolean {
  const x = a.local?.addr ?? null;
  const y = b.local?.addr ?? null;
  if (x === null && y === null) return true;
  if (x === null) return a.family === 6 || y?.family === 4;
  if (y === null) return b.family === 6 || x.family === 4;
  return x.family === y.family && x.value === y.value;
}

/** A short label of a link: `nsId/ifindex name`. */
export function linkLabel(d: NetDevice): string {
  return `${d.ns.nsId}/${d.ifindex} ${d.name}${d.dead ? ' (dead)' : ''}`;
}

/**
 * What is wrong with the links, routes and ports of the live network
 * namespaces (empty when nothing is):
 * - each namespace's byName and byIndex maps hold the same links, each under
 *   its own name and index, registered in that namespace and not dead, lo
 *   at index 1 (the only loopback);
 * - each link is in one namespace only; a veth's peer is a live veth whose
 *   peer is it; `seen` links that are dead are in no map, their peers dead
 *   too;
 * - a link has each address once; a default route goes through a link of
 *   its namespace that is up and has an address whose prefix holds the
 *   gateway;
 * - each port table lists, per port, sockets of that namespace, protocol
 *   and port, not closed, whose bindings do not overlap;
 * - `tracked` namespaces that were freed hold no link, route nor port.
 */
export function structureProblems(kernel: Kernel, seen: Iterable<NetDevice> = [], tracked: Iterable<NetNamespace> = []): string[] {
  const problems: string[] = [];
  const say = (what: string): void => void problems.push(what);
  const home = new Map<NetDevice, NetNamespace>();
  const live = netNamespaces(kernel);
  for (const ns of live) {
    const where = `net ns ${ns.nsId}`;
    if (ns.freed) say(`${where}: live but freed`);
    if (ns.byName.size !== ns.byIndex.size) say(`${where}: ${ns.byName.size} names but ${ns.byIndex.size} indexes`);
    for (const [name, d] of ns.byName) {
      if (d.name !== name) say(`${where}: ${linkLabel(d)} is named ${name} in byName`);
      if (ns.byIndex.get(d.ifindex) !== d) say(`${where}: ${linkLabel(d)} is not in byIndex under its index`);
    }
    for (const [index, d] of ns.byIndex) {
      if (d.ifindex !== index) say(`${where}: ${linkLabel(d)} is at index ${index} in byIndex`);
      if (ns.byName.get(d.name) !== d) say(`${where}: ${linkLabel(d)} is not in byName under its name`);
      if (d.ns !== ns) say(`${where}: ${linkLabel(d)} is registered here but its ns is ${d.ns.nsId}`);
      if (d.dead) say(`${where}: ${linkLabel(d)} is dead but registered`);
      if (!Number.isInteger(index) || index < 1 || index > 0x7fffffff) say(`${where}: ${linkLabel(d)} has an ifindex out of 1..2^31-1`);
      const other = home.get(d);
      if (other) say(`${linkLabel(d)} is registered in net ns ${other.nsId} and ${ns.nsId}`);
      home.set(d, ns);
      const seenAddrs = new Set<string>();
      for (const a of d.addrs) {
        const key = `${a.family}:${a.value}`;
        if (seenAddrs.has(key)) say(`${linkLabel(d)} has ${a.addr} twice`);
        seenAddrs.add(key);
      }
      // inetdev_destroy and addrconf_ifdown: a link without a family's state has no address of it.
      if (!d.inDev && d.addrs.some((a) => a.family === 4)) say(`${linkLabel(d)} has IPv4 addresses without an in_device (mtu ${d.mtu})`);
      if (!d.in6Dev && d.addrs.some((a) => a.family === 6)) say(`${linkLabel(d)} has IPv6 addresses without an inet6_dev (mtu ${d.mtu})`);
      if (!d.in6Dev && ns.fib.some((r) => r.family === 6 && r.dev === d)) say(`${linkLabel(d)} has IPv6 routes without an inet6_dev (mtu ${d.mtu})`);
      if (d.kind === 'veth') {
        const p = d.peer;
        if (!p) say(`${linkLabel(d)}: a veth without a peer`);
        else if (p.kind !== 'veth' || p.peer !== d || p.dead) say(`${linkLabel(d)}: its peer ${linkLabel(p)} is not a live veth whose peer it is`);
      } else if (d.peer) say(`${linkLabel(d)}: a ${d.kind} link with a peer`);
    }
    const lo = ns.byIndex.get(1);
    if (lo?.kind !== 'loopback' || lo.name !== 'lo') say(`${where}: index 1 is not lo`);
    if ([...ns.byIndex.values()].filter((d) => d.kind === 'loopback').length !== 1) say(`${where}: not exactly one loopback`);
    for (const r of ns.fib) {
      const d = r.dev;
      if (!d) continue;
      if (ns.byIndex.get(d.ifindex) !== d) say(`${where}: a route through ${linkLabel(d)}, which is not here`);
      // Down, a link keeps only its IPv4 host routes and the local routes of IPv6 addresses without DAD.
      else if (!d.up && (r.family === 4 ? r.scope !== 254 : r.type !== 2)) say(`${where}: a route to ${r.dst.toString(16)}/${r.plen} through ${linkLabel(d)}, which is down`);
      if (r.gateway && r.family === 4 && r.scope !== 254) {
        const bits = 32n;
        const reaches = d.addrs.some((a) => a.family === 4 && r.gateway !== null && r.gateway.value >> (bits - BigInt(a.prefix)) === a.value >> (bits - BigInt(a.prefix)));
        if (!reaches && !ns.fib.some((o) => o !== r && o.dev === d && o.family === 4 && o.scope >= 253 && r.gateway !== null && r.gateway.value >> BigInt(32 - o.plen) === o.dst >> BigInt(32 - o.plen))) say(`${where}: the gateway ${r.gateway.addr} is on no prefix of ${linkLabel(d)}`);
      }
    }
    for (const fam of [4, 6]) {
      const defaults = ns.fib.filter((r) => r.family === fam && r.plen === 0 && r.table === 254);
      if (new Set(defaults.map((r) => r.priority)).size !== defaults.length) say(`${where}: two default routes of a family and metric`);
    }
    for (const proto of ['tcp', 'udp'] as const) {
      for (const [port, list] of ns.ports[proto]) {
        if (list.length === 0) say(`${where}: ${proto} port ${port} has an empty list`);
        list.forEach((s, i) => {
          if (s.ns !== ns || s.proto !== proto || s.local?.port !== port) say(`${where}: ${proto} port ${port} lists a socket of another namespace, protocol or port`);
          if (s.state === 'closed') say(`${where}: ${proto} port ${port} lists a closed socket`);
          // A connection shares its listener's port (inet_csk_clone); two sockets that are not connections may not overlap.
          for (const o of list.slice(i + 1)) if (s.state !== 'connected' && o.state !== 'connected' && bindingsOverlap(s, o)) say(`${where}: ${proto} port ${port} is bound twice for overlapping addresses`);
        });
      }
    }
  }
  for (const d of seen) {
    if (!d.dead) {
      if (!home.has(d) && d.kind !== 'loopback') say(`${linkLabel(d)}: neither dead nor registered`);
      continue;
    }
    if (home.has(d)) say(`${linkLabel(d)}: dead but registered`);
    if (d.peer && !d.peer.dead) say(`${linkLabel(d)}: dead, but its peer ${linkLabel(d.peer)} is not`);
  }
  for (const ns of tracked) {
    if (!ns.freed) continue;
    if (ns.byName.size || ns.byIndex.size) say(`freed net ns ${ns.nsId} still has links ${[...ns.byName.keys()].join(',')}`);
    if (ns.fib.length) say(`freed net ns ${ns.nsId} still has routes`);
    if (ns.netnsIds.size) say(`freed net ns ${ns.nsId} still has namespace ids`);
    if (ns.ports.tcp.size || ns.ports.udp.size) say(`freed net ns ${ns.nsId} still has bound ports`);
  }
  return problems;
}

const socketIds = new WeakMap<Socket, number>();
let nextSocketId = 1;

/** A stable id of a socket for fingerprints (given on first sight). */
export function socketId(s: Socket | null | undefined): string {
  if (!s) return '-';
  let id = socketIds.get(s);
  if (id === undefined) socketIds.set(s, (id = nextSocketId++));
  return `s${id}`;
}

function socketLine(s: Socket, errors: boolean): string {
  const local = s.local ? `${s.local.addr?.addr ?? '*'}:${s.local.port}` : '-';
  const dest = s.udpDest ? `${s.udpDest.addr.addr}:${s.udpDest.port}` : '-';
  return `${socketId(s)} ns ${s.ns.nsId} ${s.proto}${s.family} ${s.state} local ${local} peer ${socketId(s.peer)} dest ${dest}`
    + ` backlog ${s.backlog.map(socketId).join(',')} inbox ${JSON.stringify(s.inbox)} holds ${s.holds().map((n) => n.nsId).join(',')}`
    + `${errors ? ` error ${s.pendingError ?? '-'}` : ''} reset ${s.resetPending ? 'yes' : 'no'}`;
}

/**
 * A fingerprint of everything a net call may change: each live network
 * namespace's links (index, name, kind, state, peer, addresses), routes,
 * port tables, sysctls and ifindex cursor; every socket an open file, a
 * backlog or a peer reaches; each task's state, namespaces, ids and fds;
 * the kernel's namespaces and their refcounts. `cursors: false` leaves the
 * ifindex cursors out (a veth refused for two equal names uses up one
 * index), `socketErrors: false` the sockets' pending errors (the call that
 * reports one consumes it).
 */
export function fingerprint(kernel: Kernel, options: { readonly cursors?: boolean; readonly socketErrors?: boolean } = {}): string {
  const out: string[] = [];
  const sockets = new Set<Socket>();
  const reach = (s: Socket | null): void => {
    if (!s || sockets.has(s)) return;
    sockets.add(s);
    reach(s.peer);
    for (const b of s.backlog) reach(b);
  };
  for (const ns of netNamespaces(kernel)) {
    const cursor = options.cursors === false ? '' : ` cursor ${ns.ifindexCursor}`;
    out.push(`net ${ns.nsId} count ${ns.count} owner ${ns.ownerNs?.nsId ?? '-'}${cursor} sysctl ${JSON.stringify(ns.sysctl)}`);
    out.push(`  tables ${[...ns.fibTables4].join(',')} / ${[...ns.fibTables6].join(',')} ids ${netnsIdList(ns).map((e) => `${e.id}=${e.ns.nsId}`).join(',')}`);
    for (const d of [...ns.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex)) {
      const peer = d.peer ? `${d.peer.ns.nsId}/${d.peer.ifindex}${d.peer.dead ? 'x' : ''}` : '-';
      out.push(`  ${d.ifindex} ${d.name} ${d.kind} ${d.up ? 'UP' : 'DOWN'} carrier ${d.carrier ? 1 : 0} oper ${d.operstate} peer ${peer} mtu ${d.mtu} ${d.addrs.map((a) => `${a.addr}/${a.prefix}:${a.flags}`).join(' ')}`);
    }
    out.push(`  names ${[...ns.byName.keys()].sort().join(',')}`);
    out.push(`  routes ${ns.fib.map((r) => `${r.family}/${r.table}/${r.type} ${r.dst.toString(16)}/${r.plen} via ${r.gateway?.addr ?? '-'}@${r.dev?.ifindex ?? 0} m${r.priority}`).join('; ')}`);
    for (const proto of ['tcp', 'udp'] as const) {
      for (const [port, list] of [...ns.ports[proto]].sort((a, b) => a[0] - b[0])) {
        out.push(`  ${proto} ${port}: ${list.map(socketId).join(',')}`);
        for (const s of list) reach(s);
      }
    }
  }
  for (const t of kernel.tasks()) {
    const fds: string[] = [];
    for (const [fd, f] of [...(t.files?.fds ?? [])].sort((a, b) => a[0] - b[0])) {
      if (f.kind === 'object' && f.object instanceof Socket) {
        reach(f.object);
        fds.push(`${fd}=${socketId(f.object)}x${f.count}`);
      } else fds.push(`${fd}=${f.kind}${f.kind === 'ns' ? f.ns.nsId : ''}x${f.count}`);
    }
    out.push(`task ${t.serial} ${t.state} net ${kernel.nsOf(t, 'net')?.nsId ?? '-'} user ${t.cred.userNs.nsId} euid ${t.cred.euid} fds ${fds.join(' ')}`);
  }
  for (const s of sockets) out.push(socketLine(s, options.socketErrors !== false));
  for (const ns of kernel.namespaces()) out.push(`${ns.linkName} id ${ns.nsId} count ${ns.count}`);
  return out.join('\n');
}
