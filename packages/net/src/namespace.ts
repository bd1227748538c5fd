/**
 * The network namespace type (struct net, netns_operations): copy_net_ns
 * (a new namespace holds only lo, down), netns_install (setns), and the
 * death of a namespace (default_device_exit_batch: virtual links are
 * deleted, a veth's peer with them; physical links go back to the initial
 * namespace, renamed `dev<ifindex>` on a clash).
 */
import { CLONE_NEWNET, NsCommon, SmallMap, defineNamespaceType } from '@nsproxy/core';
import type { Kernel, NamespaceOperations, Task, UcountCharge, UserNamespace } from '@nsproxy/core';
import type { FibRoute } from './fib.ts';
import type { NetDevice } from './link.ts';
import { deleteLink, linkwatchRun, newDevice, registerDevice, unregisterDevice } from './link.ts';
import { forgetNetnsIds } from './nsid.ts';
import { SOCKETAT_ROAD } from './roads.ts';
import { reviveNetNamespace, saveNetNamespace } from './snapshot.ts';
import type { SavedNetNamespace } from './snapshot.ts';
import type { PortTable } from './socket.ts';

/** The per-namespace sysctls the model has (net.ipv4.ip_forward, net.ipv4.ping_group_range as kernel gids, net.core.somaxconn). */
export interface NetSysctls {
  ipForward: number;
  pingGroupRange: readonly [number, number];
  somaxconn: number;
}

/** The defaults a new namespace starts from (not its creator's values). */
export const NET_SYSCTL_DEFAULTS: Readonly<NetSysctls> = Object.freeze({ ipForward: 0, pingGroupRange: [1, 0] as const, somaxconn: 4096 });

const NO_IDS: ReadonlyMap<number, NetNamespace> = new Map();

/** struct net. */
export class NetNamespace extends NsCommon {
  /** The links by name (dev_get_by_name) and by index (dev_get_by_index); most namespaces have lo alone. */
  readonly byName: Map<string, NetDevice> = new SmallMap();
  readonly byIndex: Map<number, NetDevice> = new SmallMap();
  /** net->ifindex: where dev_index_reserve's cyclic search starts. */
  ifindexCursor = 1;
  /** The routes of every table and family, each table's in its walk order (fib.ts). */
  readonly fib: FibRoute[] = [];
  // The sets and maps below are made on first use: most namespaces never route beyond lo, give an id
  // or bind a port, and five empty Maps and Sets were half of a new namespace's bytes.
  private tables4: Set<number> | null = null;
  private tables6: Set<number> | null = null;
  private ids: Map<number, NetNamespace> | null = null;
  private portTables: { readonly tcp: PortTable; readonly udp: PortTable } | null = null;
  /** init_net only: the live network namespaces (net_namespace_list), and the count behind the model's MACs. */
  readonly nets: Set<NetNamespace>;
  macSerial = 0;
  readonly sysctl: NetSysctls;
  /** init_net, where the physical links of a dying namespace go back (itself for init_net). */
  readonly home: NetNamespace;

  constructor(owner: UserNamespace, ucount: UcountCharge | null, home: NetNamespace | null) {
    super(netNamespaceType, owner, ucount);
    this.home = home ?? this;
    this.nets = home ? home.nets : new Set();
    this.nets.add(this);
    // IPv4's conf/all (ip_forward) starts as init_net's (devconf_inherit_init_net 0); the rest from the defaults.
    this.sysctl = { ...NET_SYSCTL_DEFAULTS, ipForward: home ? home.sysctl.ipForward : NET_SYSCTL_DEFAULTS.ipForward };
    // loopback_net_init: lo, ifindex 1 (LOOPBACK_IFINDEX), down.
    registerDevice(this, newDevice(this, 'lo', 'loopback'), 1);
  }

  /** The IPv4 tables that exist (fib_new_table makes one on its first route). */
  get fibTables4(): Set<number> {
    return (this.tables4 ??= new Set());
  }

  /** The IPv6 tables beyond main and local. */
  get fibTables6(): Set<number> {
    return (this.tables6 ??= new Set());
  }

  /** net->netns_ids: the ids this namespace gives others (nsid.ts). */
  get netnsIds(): Map<number, NetNamespace> {
    return (this.ids ??= new Map());
  }

  /** netns_ids to read, without making the Map when there is none. */
  get netnsIdsIfAny(): ReadonlyMap<number, NetNamespace> {
    return this.ids ?? NO_IDS;
  }

  /** The bound ports by protocol. */
  get ports(): { readonly tcp: PortTable; readonly udp: PortTable } {
    return (this.portTables ??= { tcp: new Map(), udp: new Map() });
  }
}

const initialNets = new WeakMap<Kernel, NetNamespace>();

/** The kernel's init_net. */
export function initNet(kernel: Kernel): NetNamespace {
  const ns = initialNets.get(kernel);
  if (!ns) throw new Error('the net namespace type is not registered in this kernel');
  return ns;
}

/** The network namespace type. */
export const netNamespaceType: NamespaceOperations<NetNamespace> = defineNamespaceType<NetNamespace>({
  name: 'net',
  type: CLONE_NEWNET,
  order: 60,
  meta: { name: '@nsproxy/net' },
  // The roads not taken this type brings (opened with KernelOptions.roads): socketat (socketat.ts).
  roads: [SOCKETAT_ROAD],
  /** init_net: lo, and eth0, a physical link (no rtnl_link_ops: it is never deleted, only moved). */
  createInitial(kernel, initUserNs) {
    const ns = new NetNamespace(initUserNs, null, null);
    initialNets.set(kernel, ns);
    registerDevice(ns, newDevice(ns, 'eth0', 'physical'));
    return ns;
  },
  /** copy_net_ns: charge max_net_namespaces, then a namespace with only lo (T1.1, T1.3). */
  copy(ctx) {
    const charge = ctx.chargeUcount();
    return new NetNamespace(ctx.userNs, charge, initNet(ctx.kernel));
  },
  // netns_install is the default: CAP_SYS_ADMIN over the target's owner and in the caller's user namespace (I6.1).
  /** cleanup_net -> default_device_exit_batch (T3.2, T3.3). */
  free(ns) {
    // cleanup_net: out of the list, every id others gave it forgotten, then the links.
    ns.nets.delete(ns);
    forgetNetnsIds(ns, ns.nets);
    for (const dev of [...ns.byIndex.values()]) {
      if (dev.kind === 'loopback') continue;
      if (dev.kind === 'physical') returnHome(dev);
      else if (!dev.dead) deleteLink(dev);
    }
    for (const dev of [...ns.byIndex.values()]) unregisterDevice(dev, false);
    ns.fib.length = 0;
    linkwatchRun();
  },
  /** Snapshots (snapshot.ts): the links, routes, sysctls and local table; init_net is the one whose home it is. */
  save: (ns) => saveNetNamespace(ns),
  revive(kernel, owner, data, _parent, refs) {
    return reviveNetNamespace(kernel, owner, data as SavedNetNamespace, refs, (o, initial) => {
      const ns = new NetNamespace(o, null, initial ? null : initNet(kernel));
      if (initial) initialNets.set(kernel, ns);
      return ns;
    });
  },
});

/** A physical link of a dying namespace goes back to init_net, renamed `dev<ifindex>` if its name is taken there (T3.2). */
function returnHome(dev: NetDevice): void {
  const home = dev.ns.home;
  let name = dev.name;
  if (home.byName.has(name)) {
    name = `dev${dev.ifindex}`;
    for (let i = 0; home.byName.has(name); i++) name = `dev${i}`;
  }
  unregisterDevice(dev, false);
  dev.name = name;
  dev.ns = home;
  registerDevice(home, dev, home.byIndex.has(dev.ifindex) ? undefined : dev.ifindex);
}

/** The task's network namespace. */
export function netNsOf(kernel: Kernel, task: Task): NetNamespace {
  const ns = kernel.peekNs(task, netNamespaceType);
  if (!(ns instanceof NetNamespace)) throw new Error('the net namespace type is not registered in this kernel');
  return ns;
}
