/**
 * iproute2 6.1's `ip` for what namespaces need: `ip netns`
 * (ip/ipnetns.c: add, list, exec, delete, identify, pids), `ip link`
 * (ip/iplink.c, ip/ipaddress.c print_linkinfo: add ... type veth peer name,
 * set up|down|netns, show, delete), `ip addr` (add, show), `ip route`
 * (show, add default via), and `ip -n NAME`; and iputils' `ping` across
 * veth pairs. Errors are ip's (`RTNETLINK answers: Operation not
 * permitted`, exit 2; `Cannot find device "x"`, exit 1).
 */
import { CLONE_NEWNET, CLONE_NEWNS, KernelError } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { creat, lookup, mkdir, mount, nsAt, readdir, umount2 } from '@nsproxy/mnt';
import { addAddress, addDefaultRoute, createVeth, delLink, moveLink, netNsOf, parseAddress, routeList, setLinkUp } from '@nsproxy/net';
import type { LinkAddress, NetDevice, NetNamespace } from '@nsproxy/net';
import type { CommandContext, CommandDef } from '../command.ts';
import { strerror } from '../machine.ts';

const NETNS_RUN_DIR = '/run/netns';

/** A failure that ends `ip` with a status after its message. */
class IpExit extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`ip exit ${status}`);
    this.status = status;
  }
}

/**
 * Network namespace ids (net/core/net_namespace.c peernet2id_alloc): the id
 * a namespace gives another when a link of one has its peer in the other.
 * @nsproxy/net does not keep them; the userland's view of them lives here.
 */
const nsids = new WeakMap<NetNamespace, Map<NetNamespace, number>>();

/** peernet2id_alloc: the id `net` knows `peer` by, allocated (the lowest free) on first use. */
export function peernet2idAlloc(net: NetNamespace, peer: NetNamespace): number {
  let ids = nsids.get(net);
  if (!ids) {
    ids = new Map<NetNamespace, number>();
    nsids.set(net, ids);
  }
  const have = ids.get(peer);
  if (have !== undefined) return have;
  const used = new Set(ids.values());
  let id = 0;
  while (used.has(id)) id++;
  ids.set(peer, id);
  return id;
}

/** peernet2id: the id, or undefined when none was given. */
function peernet2id(net: NetNamespace, peer: NetNamespace): number | undefined {
  return nsids.get(net)?.get(peer);
}

/** A MAC address for a link: made from its identity, stable for a run (masked when compared with Linux). */
const macs = new WeakMap<NetDevice, string>();
let macSerial = 0;
function macOf(dev: NetDevice): string {
  let m = macs.get(dev);
  if (!m) {
    macSerial++;
    const bytes = [0x02, 0x42, 0xac, (macSerial >> 16) & 0xff, (macSerial >> 8) & 0xff, macSerial & 0xff];
    m = bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
    macs.set(dev, m);
  }
  return m;
}

/** Out of `ip`'s arguments, the value after `key` (and checks it is there). */
function fail(ctx: CommandContext, message: string, status: number): never {
  ctx.stderr.write(`${message}\n`);
  throw new IpExit(status);
}

/** An rtnetlink error as ip prints it. */
function rtnl(ctx: CommandContext, e: unknown): never {
  if (!(e instanceof KernelError)) throw e;
  if (e.code === 'ENODEV') {
    ctx.stderr.write(`RTNETLINK answers: ${strerror(e)}\n`);
  } else ctx.stderr.write(`RTNETLINK answers: ${strerror(e)}\n`);
  ctx.machine.explainError(ctx.stderr, e);
  throw new IpExit(2);
}

/** ll_name_to_index: the link of that name in the caller's namespace, or `Cannot find device`. */
function device(ctx: CommandContext, ns: NetNamespace, name: string | undefined): NetDevice {
  const dev = name === undefined ? undefined : ns.byName.get(name);
  if (!dev) fail(ctx, `Cannot find device "${name ?? ''}"`, 1);
  return dev;
}

/** The link a `show` names, or iproute2's `Device "x" does not exist.` (exit 1). */
function shown(ctx: CommandContext, ns: NetNamespace, name: string): NetDevice {
  const dev = ns.byName.get(name);
  if (!dev) fail(ctx, `Device "${name}" does not exist.`, 1);
  return dev;
}

/** The names in /run/netns with their namespaces, in readdir order (tmpfs lists the newest first). */
function namedNetns(ctx: CommandContext): { name: string; ns: NetNamespace | undefined }[] {
  const k = ctx.machine.kernel;
  let names: string[];
  try {
    names = readdir(k, ctx.task, NETNS_RUN_DIR);
  } catch {
    return [];
  }
  return names.reverse().map((name) => {
    let ns: NetNamespace | undefined;
    try {
      const n = nsAt(k, ctx.task, `${NETNS_RUN_DIR}/${name}`);
      ns = n.ops.name === 'net' ? (n as NetNamespace) : undefined;
    } catch {
      ns = undefined;
    }
    return { name, ns };
  });
}

/** print_link_flags: the flags between < and >. */
function linkFlags(dev: NetDevice): string {
  const flags: string[] = [];
  const samePeer = dev.peer && dev.peer.ns === dev.ns ? dev.peer : null;
  if (dev.up && !dev.lowerUp) flags.push('NO-CARRIER');
  if (dev.kind === 'loopback') flags.push('LOOPBACK');
  else flags.push('BROADCAST', 'MULTICAST');
  if (dev.up) flags.push('UP');
  if (dev.lowerUp) flags.push('LOWER_UP');
  if (samePeer && !samePeer.up) flags.push('M-DOWN');
  return flags.join(',');
}

/**
 * dev->operstate as linkwatch last computed it (net/core/link_watch.c
 * default_operstate): on a carrier change, not when the link merely comes
 * up, so a veth end keeps the state of its last carrier event.
 * @nsproxy/net does not keep it; the userland's view of it lives here.
 */
const operstates = new WeakMap<NetDevice, string>();

/** default_operstate: UP with a carrier; without one, LOWERLAYERDOWN when the link's iflink, looked up in its own namespace, is a link that is not up. */
function defaultOperstate(dev: NetDevice): string {
  if (dev.lowerUp) return 'UP';
  const lower = dev.peer ? dev.ns.byIndex.get(dev.peer.ifindex) : undefined;
  return lower && lower !== dev && !lower.lowerUp ? 'LOWERLAYERDOWN' : 'DOWN';
}

/** linkwatch_do_dev: the state recomputed (after a carrier change). */
function linkwatch(dev: NetDevice | null | undefined): void {
  if (dev && dev.kind === 'veth') operstates.set(dev, defaultOperstate(dev));
}

/** IFLA_OPERSTATE as rtnl_fill_ifinfo reports it: DOWN for a link that is not running, else the stored state. */
function operstate(dev: NetDevice): string {
  if (dev.kind === 'loopback') return dev.up ? 'UNKNOWN' : 'DOWN';
  if (!dev.up) return 'DOWN';
  if (dev.kind !== 'veth') return 'UP';
  return operstates.get(dev) ?? defaultOperstate(dev);
}

/** The `N: name@peer: <flags> mtu ... qlen 1000` line and the link/ether line of print_linkinfo. */
function linkLines(ctx: CommandContext, dev: NetDevice, withMode: boolean): string[] {
  let name = dev.name;
  let netnsNote = '';
  if (dev.peer) {
    if (dev.peer.ns === dev.ns) name += `@${dev.peer.name}`;
    else {
      name += `@if${dev.peer.ifindex}`;
      const id = peernet2idAlloc(dev.ns, dev.peer.ns);
      const named = dev.ns === netNsOf(ctx.machine.kernel, ctx.task) ? namedNetns(ctx).find((n) => n.ns && peernet2id(dev.ns, n.ns) === id) : undefined;
      netnsNote = named ? ` link-netns ${named.name}` : ` link-netnsid ${id}`;
    }
  }
  const qdisc = !dev.up ? 'noop' : dev.kind === 'physical' ? 'pfifo_fast' : 'noqueue';
  const head = `${dev.ifindex}: ${name}: <${linkFlags(dev)}> mtu ${dev.mtu} qdisc ${qdisc} state ${operstate(dev)}${withMode ? ' mode DEFAULT' : ''} group default qlen 1000`;
  const ether = dev.kind === 'loopback' ? '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00' : `    link/ether ${macOf(dev)} brd ff:ff:ff:ff:ff:ff${netnsNote}`;
  return [head, ether];
}

/** print_addrinfo: an address's two lines. */
function addrLines(dev: NetDevice, a: LinkAddress): string[] {
  if (a.family === 4) {
    const scope = a.addr.startsWith('127.') ? 'host' : 'global';
    return [`    inet ${a.addr}/${a.prefix} scope ${scope} ${dev.name}`, '       valid_lft forever preferred_lft forever'];
  }
  const scope = a.addr === '::1' ? 'host' : a.addr.toLowerCase().startsWith('fe80') ? 'link' : 'global';
  return [`    inet6 ${a.addr}/${a.prefix} scope ${scope} `, '       valid_lft forever preferred_lft forever'];
}

/** The network bits of an IPv4 address. */
function v4network(a: LinkAddress): bigint {
  const mask = a.prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - a.prefix)) - 1n);
  return a.value & mask;
}

function ipLink(ctx: CommandContext, args: string[]): number {
  const k = ctx.machine.kernel;
  const ns = netNsOf(k, ctx.task);
  const cmd = args.shift() ?? 'show';
  if (cmd === 'show' || cmd === 'list' || cmd === 'ls' || cmd === 'lst') {
    if (args[0] === 'dev') args.shift();
    const only = args[0];
    const devs = only === undefined ? [...ns.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex) : [shown(ctx, ns, only)];
    for (const d of devs) ctx.stdout.write(`${linkLines(ctx, d, true).join('\n')}\n`);
    return 0;
  }
  if (cmd === 'add') {
    let name: string | undefined;
    let type: string | undefined;
    let peer: string | undefined;
    let peerNs: string | undefined;
    while (args.length > 0) {
      const a = args.shift();
      if (a === 'name') name = args.shift();
      else if (a === 'type') {
        type = args.shift();
        if (type === 'veth' && args[0] === 'peer') {
          args.shift();
          while (args.length > 0) {
            const b = args.shift();
            if (b === 'name') peer = args.shift();
            else if (b === 'netns') peerNs = args.shift();
            else peer = b;
          }
        }
      } else if (a === 'dev') name = args.shift();
      else name = a;
    }
    if (type !== 'veth') fail(ctx, type === undefined ? 'Not enough information: "type" argument is required' : `Error: Unknown device type "${type}".`, type === undefined ? 1 : 2);
    try {
      const [dev, p] = createVeth(ctx.task.cred, ns, name ?? 'veth0', peer ?? 'veth1');
      // veth_newlink: netif_carrier_off on both ends, a linkwatch event each.
      linkwatch(dev);
      linkwatch(p);
      if (peerNs !== undefined) moveTo(ctx, ns, p.name, peerNs);
    } catch (e) {
      if (e instanceof IpExit) throw e;
      rtnl(ctx, e);
    }
    return 0;
  }
  if (cmd === 'set') {
    if (args[0] === 'dev') args.shift();
    const name = args.shift();
    device(ctx, ns, name);
    while (args.length > 0) {
      const a = args.shift();
      try {
        if (a === 'up' || a === 'down') {
          const dev = ns.byName.get(name ?? '');
          const carriers = [dev?.lowerUp, dev?.peer?.lowerUp];
          setLinkUp(ctx.task.cred, ns, name ?? '', a === 'up');
          // veth_open/veth_close change the carrier of both ends; a change is a linkwatch event.
          if (dev?.lowerUp !== carriers[0]) linkwatch(dev);
          if (dev?.peer?.lowerUp !== carriers[1]) linkwatch(dev?.peer);
        }
        else if (a === 'netns') moveTo(ctx, ns, name ?? '', args.shift());
        else fail(ctx, `Error: either "dev" is duplicate, or "${a ?? ''}" is a garbage.`, 1);
      } catch (e) {
        if (e instanceof IpExit) throw e;
        rtnl(ctx, e);
      }
    }
    return 0;
  }
  if (cmd === 'delete' || cmd === 'del') {
    if (args[0] === 'dev') args.shift();
    const name = args.shift();
    device(ctx, ns, name);
    try {
      delLink(ctx.task.cred, ns, name ?? '');
    } catch (e) {
      rtnl(ctx, e);
    }
    return 0;
  }
  return fail(ctx, `Command "${cmd}" is unknown, try "ip link help".`, 1);
}

/** `ip link set DEV netns NAME|PID`: the target by name (/run/netns) or by a process. */
function moveTo(ctx: CommandContext, from: NetNamespace, name: string, target: string | undefined): void {
  const k = ctx.machine.kernel;
  let to: NetNamespace | undefined;
  if (target !== undefined && /^[0-9]+$/.test(target)) {
    const t = k.findTask(ctx.task, Number(target));
    if (!t) fail(ctx, `Invalid "netns" value "${target}"`, 1);
    to = netNsOf(k, t);
  } else {
    try {
      const n = nsAt(k, ctx.task, `${NETNS_RUN_DIR}/${target ?? ''}`);
      to = n as NetNamespace;
    } catch {
      fail(ctx, `Cannot open network namespace "${target ?? ''}": No such file or directory`, 1);
    }
  }
  const moved = from.byName.get(name);
  moveLink(ctx.task.cred, from, name, to);
  // The move closes the link; a running peer sees its lower link go (a linkwatch event for it).
  if (moved?.peer?.up) linkwatch(moved.peer);
  // The move's notifications carry the link's netnsid both ways (rtnl_fill_link_netnsid).
  const dev = to.byName.get(name);
  if (dev?.peer && dev.peer.ns !== dev.ns) {
    peernet2idAlloc(dev.peer.ns, dev.ns);
    peernet2idAlloc(dev.ns, dev.peer.ns);
  }
}

function ipAddr(ctx: CommandContext, args: string[]): number {
  const k = ctx.machine.kernel;
  const ns = netNsOf(k, ctx.task);
  const cmd = args.shift() ?? 'show';
  if (cmd === 'show' || cmd === 'list' || cmd === 'ls' || cmd === 'lst') {
    if (args[0] === 'dev') args.shift();
    const only = args[0];
    const devs = only === undefined ? [...ns.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex) : [shown(ctx, ns, only)];
    for (const d of devs) {
      const lines = linkLines(ctx, d, false);
      for (const a of d.addrs.filter((x) => x.family === 4)) lines.push(...addrLines(d, a));
      for (const a of d.addrs.filter((x) => x.family === 6)) lines.push(...addrLines(d, a));
      ctx.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  }
  if (cmd === 'add') {
    const addr = args.shift();
    let dev: string | undefined;
    while (args.length > 0) {
      const a = args.shift();
      if (a === 'dev') dev = args.shift();
    }
    if (dev === undefined) fail(ctx, 'Not enough information: "dev" argument is required.', 1);
    device(ctx, ns, dev);
    try {
      addAddress(ctx.task.cred, ns, dev, addr ?? '');
    } catch (e) {
      if (e instanceof KernelError && e.code === 'EINVAL') fail(ctx, `Error: any valid prefix is expected rather than "${addr ?? ''}".`, 1);
      rtnl(ctx, e);
    }
    return 0;
  }
  return fail(ctx, `Command "${cmd}" is unknown, try "ip address help".`, 1);
}

function ipRoute(ctx: CommandContext, args: string[]): number {
  const k = ctx.machine.kernel;
  const ns = netNsOf(k, ctx.task);
  const cmd = args.shift() ?? 'show';
  if (cmd === 'show' || cmd === 'list' || cmd === 'ls' || cmd === 'lst') {
    // The default route first, as the main table's order (by prefix) gives it.
    const lines = routeList(ns).map((r) => {
      const m = /^([0-9.]+)\/([0-9]+) dev (\S+)$/.exec(r);
      if (!m) {
        const via = /dev (\S+)$/.exec(r);
        const d = via ? ns.byName.get(via[1] ?? '') : undefined;
        return `${r} ${d && !d.lowerUp ? 'linkdown ' : ''}`;
      }
      const dev = ns.byName.get(m[3] ?? '');
      const net = parseAddress(`${m[1] ?? ''}/${m[2] ?? ''}`, 'ip');
      const src = dev?.addrs.find((a) => a.family === 4 && a.prefix === net.prefix && v4network(a) === net.value);
      // A route through a link without a carrier is marked (RTNH_F_LINKDOWN).
      return `${r} proto kernel scope link${src ? ` src ${src.addr}` : ''} ${dev && !dev.lowerUp ? 'linkdown ' : ''}`;
    });
    const sorted = [...lines.filter((l) => l.startsWith('default')), ...lines.filter((l) => !l.startsWith('default'))];
    if (sorted.length > 0) ctx.stdout.write(`${sorted.join('\n')}\n`);
    return 0;
  }
  if (cmd === 'add') {
    const dest = args.shift();
    let via: string | undefined;
    while (args.length > 0) {
      const a = args.shift();
      if (a === 'via') via = args.shift();
      else if (a === 'dev') args.shift();
    }
    if (dest !== 'default' || via === undefined) fail(ctx, 'Error: only "ip route add default via GATEWAY" is modelled.', 1);
    try {
      addDefaultRoute(ctx.task.cred, ns, via);
    } catch (e) {
      if (e instanceof KernelError && e.code === 'ENETUNREACH') {
        ctx.stderr.write('Error: Nexthop has invalid gateway.\n');
        ctx.machine.explainError(ctx.stderr, e);
        throw new IpExit(2);
      }
      rtnl(ctx, e);
    }
    return 0;
  }
  return fail(ctx, `Command "${cmd}" is unknown, try "ip route help".`, 1);
}

/** netns_add: /run/netns made a shared mount point, a file for the name, a new namespace bind-mounted on it. */
function netnsAdd(ctx: CommandContext, name: string | undefined): number {
  const k = ctx.machine.kernel;
  const t = ctx.task;
  if (name === undefined) fail(ctx, 'No netns name specified', 1);
  if (name.includes('/') || name === '.' || name === '..') fail(ctx, `Invalid netns name "${name}"`, 1);
  try {
    mkdir(k, t, NETNS_RUN_DIR);
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'EEXIST')) {
      ctx.stderr.write(`mkdir ${NETNS_RUN_DIR} failed: ${strerror(e)}\n`);
      return 1;
    }
  }
  // Make it a shared mount point, binding it on itself the first time (it is not a mount point yet).
  for (let made = false; ; made = true) {
    try {
      mount(k, t, NETNS_RUN_DIR, { kind: 'propagation', type: 'shared', recursive: true });
      break;
    } catch (e) {
      if (!(e instanceof KernelError) || e.code !== 'EINVAL' || made) {
        ctx.stderr.write(`mount --make-shared ${NETNS_RUN_DIR} failed: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
      try {
        mount(k, t, NETNS_RUN_DIR, { kind: 'bind', source: NETNS_RUN_DIR });
      } catch (e2) {
        ctx.stderr.write(`mount --bind ${NETNS_RUN_DIR} ${NETNS_RUN_DIR} failed: ${strerror(e2)}\n`);
        ctx.machine.explainError(ctx.stderr, e2);
        return 1;
      }
    }
  }
  const path = `${NETNS_RUN_DIR}/${name}`;
  try {
    lookup(k, t, path, 'open');
    ctx.stderr.write(`Cannot create namespace file "${path}": File exists\n`);
    return 1;
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'ENOENT')) throw e;
  }
  try {
    creat(k, t, path);
  } catch (e) {
    ctx.stderr.write(`Cannot create namespace file "${path}": ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
  try {
    k.unshare(t, CLONE_NEWNET);
  } catch (e) {
    ctx.stderr.write(`Failed to create a new network namespace "${name}": ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    unlink(ctx, path);
    return 1;
  }
  try {
    mount(k, t, path, { kind: 'bind', source: '/proc/self/ns/net' });
  } catch (e) {
    ctx.stderr.write(`Bind /proc/self/ns/net -> ${path} failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    unlink(ctx, path);
    return 1;
  }
  return 0;
}

/** unlink(2) of an empty file (vfs_unlink; @nsproxy/mnt has no unlink call yet, so the dentry is dropped here). */
function unlink(ctx: CommandContext, path: string): void {
  const at = lookup(ctx.machine.kernel, ctx.task, path, 'unlink', { follow: false });
  const d = at.dentry;
  d.parent?.children?.delete(d.name);
  d.dead = true;
}

function netnsDelete(ctx: CommandContext, name: string | undefined): number {
  const k = ctx.machine.kernel;
  if (name === undefined) fail(ctx, 'No netns name specified', 1);
  const path = `${NETNS_RUN_DIR}/${name}`;
  try {
    umount2(k, ctx.task, path, { detach: true });
  } catch (e) {
    if (e instanceof KernelError && e.code !== 'EINVAL') {
      ctx.stderr.write(`Cannot remove namespace file "${path}": ${strerror(e)}\n`);
      ctx.machine.explainError(ctx.stderr, e);
      return 1;
    }
  }
  try {
    unlink(ctx, path);
  } catch (e) {
    ctx.stderr.write(`Cannot remove namespace file "${path}": ${strerror(e)}\n`);
    return 1;
  }
  return 0;
}

/** netns_switch + exec: enter the named namespace, a mount namespace of its own (rslave /), and run the program in this process. */
async function netnsExec(ctx: CommandContext, args: string[]): Promise<number> {
  const k = ctx.machine.kernel;
  const t = ctx.task;
  const name = args.shift();
  if (name === undefined) fail(ctx, 'No netns name specified', 1);
  if (args.length === 0) fail(ctx, 'No command specified', 1);
  netnsSwitch(ctx, t, name);
  void k;
  const status = await ctx.shell.execProgram(t, args, ctx, ctx.env);
  if (status === undefined) {
    ctx.stderr.write(`exec of "${args[0] ?? ''}" failed: No such file or directory\n`);
    return 255;
  }
  return status;
}

function netnsSwitch(ctx: CommandContext, t: Task, name: string): void {
  const k = ctx.machine.kernel;
  const path = `${NETNS_RUN_DIR}/${name}`;
  let fd: number;
  try {
    fd = k.openNsInode(t, nsAt(k, t, path));
  } catch (e) {
    ctx.stderr.write(`Cannot open network namespace "${name}": ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    throw new IpExit(1);
  }
  try {
    k.setns(t, fd, CLONE_NEWNET);
  } catch (e) {
    ctx.stderr.write(`setting the network namespace "${name}" failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    throw new IpExit(1);
  } finally {
    k.close(t, fd);
  }
  try {
    k.unshare(t, CLONE_NEWNS);
  } catch (e) {
    ctx.stderr.write(`unshare failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    throw new IpExit(1);
  }
  try {
    mount(k, t, '/', { kind: 'propagation', type: 'slave', recursive: true });
  } catch (e) {
    ctx.stderr.write(`"mount --make-rslave /" failed: ${strerror(e)}\n`);
    throw new IpExit(1);
  }
}

function netnsIdentify(ctx: CommandContext, pid: string | undefined): number {
  const k = ctx.machine.kernel;
  const t = pid === undefined ? ctx.task : k.findTask(ctx.task, Number(pid));
  if (!t) fail(ctx, `Cannot open network namespace: No such file or directory`, 1);
  const mine = netNsOf(k, t);
  const names = namedNetns(ctx).filter((n) => n.ns === mine).map((n) => n.name);
  ctx.stdout.write(names.length === 0 ? '\n' : `${names.join('\n')}\n`);
  return 0;
}

function netnsPids(ctx: CommandContext, name: string | undefined): number {
  const k = ctx.machine.kernel;
  if (name === undefined) fail(ctx, 'No netns name specified', 1);
  let target;
  try {
    target = nsAt(k, ctx.task, `${NETNS_RUN_DIR}/${name}`);
  } catch (e) {
    fail(ctx, `Cannot open network namespace "${name}": ${strerror(e)}`, 1);
  }
  const pids: number[] = [];
  for (const entry of readdir(k, ctx.task, '/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const node = lookup(k, ctx.task, `/proc/${entry}`, 'open').dentry.proc;
    if (node?.kind === 'pid' && node.task.state === 'running' && k.nsOf(node.task, 'net') === target) pids.push(Number(entry));
  }
  if (pids.length > 0) ctx.stdout.write(`${pids.sort((a, b) => a - b).join('\n')}\n`);
  return 0;
}

function netnsList(ctx: CommandContext): number {
  const mine = netNsOf(ctx.machine.kernel, ctx.task);
  for (const { name, ns } of namedNetns(ctx)) {
    const id = ns ? peernet2id(mine, ns) : undefined;
    ctx.stdout.write(id === undefined ? `${name}\n` : `${name} (id: ${id})\n`);
  }
  return 0;
}

async function ipNetns(ctx: CommandContext, args: string[]): Promise<number> {
  const cmd = args.shift() ?? 'list';
  switch (cmd) {
    case 'list': case 'show': case 'ls': case 'lst': return netnsList(ctx);
    case 'add': return netnsAdd(ctx, args[0]);
    case 'delete': case 'del': return netnsDelete(ctx, args[0]);
    case 'exec': return netnsExec(ctx, args);
    case 'identify': return netnsIdentify(ctx, args[0]);
    case 'pids': return netnsPids(ctx, args[0]);
    default: return fail(ctx, `Command "${cmd}" is unknown, try "ip netns help".`, 1);
  }
}

const OBJECTS: readonly [string, string][] = [['link', 'link'], ['address', 'addr'], ['route', 'route'], ['netns', 'netns']];

export const ipCommand: CommandDef = {
  name: 'ip',
  summary: 'Show and manipulate network namespaces, links, addresses and routes.',
  usage: ['ip [ OPTIONS ] OBJECT { COMMAND | help }', 'ip [ -n NAME ] link { add NAME type veth peer name PEER [ netns NS ] | set DEV { up | down | netns { NAME | PID } } | show [ DEV ] | delete DEV }', 'ip [ -n NAME ] addr { add ADDR/PLEN dev DEV | show [ dev DEV ] }', 'ip [ -n NAME ] route { show | add default via GATEWAY }', 'ip netns { add NAME | list | exec NAME cmd ... | delete NAME | identify [PID] | pids NAME }'],
  options: [{ short: 'n', long: 'netns', arg: 'required', argName: '<name>', help: 'run the command in the named network namespace (ip netns exec NAME ip ...)' }],
  models: 'iproute2 6.1 ip(8)',
  stopAtOperand: true,
  async run(ctx) {
    const args = ctx.argv.slice(1);
    try {
      while (args[0]?.startsWith('-')) {
        const o = args.shift() ?? '';
        if (o === '-n' || o === '-netns' || o === '--netns') {
          const name = args.shift();
          if (name === undefined) fail(ctx, 'Option "-netns" requires an argument', 1);
          netnsSwitch(ctx, ctx.task, name);
        } else if (o === '-4' || o === '-6' || o === '-d' || o === '-details') continue;
        else if (o === '-V' || o === '-Version') {
          ctx.stdout.write('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
          return 0;
        } else fail(ctx, `Option "${o}" is unknown, try "ip -help".`, 255);
      }
      const object = args.shift();
      if (object === undefined || object === 'help') {
        ctx.stderr.write(`Usage: ${this.usage.join('\n       ')}\n`);
        return object === undefined ? 255 : 0;
      }
      const match = OBJECTS.find(([full, short]) => full.startsWith(object) && object.length >= Math.min(short.length, 1) && (object.length >= 1));
      switch (match?.[0]) {
        case 'link': return ipLink(ctx, args);
        case 'address': return ipAddr(ctx, args);
        case 'route': return ipRoute(ctx, args);
        case 'netns': return await ipNetns(ctx, args);
        default: return fail(ctx, `Object "${object}" is unknown, try "ip help".`, 1);
      }
    } catch (e) {
      if (e instanceof IpExit) return e.status;
      throw e;
    }
  },
};

/** iputils ping: ICMP echo over the routes and veth pairs of the model. */
export const pingCommand: CommandDef = {
  name: 'ping',
  summary: 'Send ICMP ECHO_REQUEST to a host: over the routes of the caller\'s network namespace, a veth pair to its peer\'s namespace, and back.',
  usage: ['ping [-c count] [-W timeout] destination'],
  options: [
    { short: 'c', arg: 'required', argName: '<count>', help: 'stop after <count> replies' },
    { short: 'W', arg: 'required', argName: '<timeout>', help: 'time to wait for response' },
    { short: 'q', help: 'quiet output' },
  ],
  models: 'iputils 20221126 ping(8)',
  async run(ctx) {
    const argv = ctx.argv.slice(1);
    let count = Infinity;
    let quiet = false;
    let dest: string | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (a === '-c') count = Number(argv[++i]);
      else if (a.startsWith('-c')) count = Number(a.slice(2));
      else if (a === '-W' || a === '-w' || a === '-i') i++;
      else if (a === '-q') quiet = true;
      else if (!a.startsWith('-')) dest = a;
    }
    if (dest === undefined) {
      ctx.stderr.write('ping: usage error: Destination address required\n');
      return 1;
    }
    let addr: LinkAddress;
    try {
      addr = parseAddress(dest, 'ping');
    } catch {
      ctx.stderr.write(`ping: ${dest}: Name or service not known\n`);
      return 2;
    }
    const k = ctx.machine.kernel;
    const ns = netNsOf(k, ctx.task);
    const route = routeTo(ns, addr);
    if (!route) {
      ctx.stderr.write('ping: connect: Network is unreachable\n');
      return 2;
    }
    const reached = deliver(route, addr);
    if (count === Infinity) count = 4;
    ctx.stdout.write(`PING ${dest} (${dest}) 56(84) bytes of data.\n`);
    let received = 0;
    for (let seq = 1; seq <= count; seq++) {
      if (reached) {
        received++;
        if (!quiet) ctx.stdout.write(`64 bytes from ${dest}: icmp_seq=${seq} ttl=64 time=0.050 ms\n`);
      }
      if (seq < count) {
        const wake = ctx.machine.sleep(ctx.task, 1000);
        if (ctx.shell.foreground) await ctx.machine.advance(ctx.machine.now + 1000);
        await wake;
      }
    }
    const loss = Math.round(((count - received) / count) * 100);
    ctx.stdout.write(`\n--- ${dest} ping statistics ---\n${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${(count - 1) * 1000}ms\n`);
    if (received > 0) ctx.stdout.write('rtt min/avg/max/mdev = 0.050/0.050/0.050/0.000 ms\n');
    return received > 0 ? 0 : 1;
  },
};

/** fib_lookup: a local address (lo), a connected prefix of an up link, else the default route. */
function routeTo(ns: NetNamespace, addr: LinkAddress): { dev: NetDevice; local: boolean } | undefined {
  for (const dev of ns.byIndex.values()) {
    if (dev.up && dev.addrs.some((a) => a.family === addr.family && a.value === addr.value)) return { dev, local: true };
  }
  if (addr.family === 4 && (addr.value >> 24n) === 127n) {
    const lo = ns.byName.get('lo');
    return lo?.up ? { dev: lo, local: true } : undefined;
  }
  let best: NetDevice | undefined;
  let bestPrefix = -1;
  for (const dev of ns.byIndex.values()) {
    if (!dev.up || dev.kind === 'loopback') continue;
    for (const a of dev.addrs) {
      if (a.family !== 4 || addr.family !== 4 || a.prefix === 32) continue;
      if (v4network(a) === v4network({ ...addr, prefix: a.prefix }) && a.prefix > bestPrefix) {
        best = dev;
        bestPrefix = a.prefix;
      }
    }
  }
  if (best) return { dev: best, local: false };
  const r = ns.staticRoutes.find((x) => x.family === addr.family);
  return r ? { dev: r.dev, local: false } : undefined;
}

/** Whether an echo request reaches `addr` and its reply comes back: through the link's carrier to the peer's namespace, which must own the address and route back. */
function deliver(route: { dev: NetDevice; local: boolean }, addr: LinkAddress): boolean {
  if (route.local) return true;
  const dev = route.dev;
  if (!dev.lowerUp || !dev.peer) return false;
  const there = dev.peer.ns;
  const owns = [...there.byIndex.values()].some((d) => d.up && d.addrs.some((a) => a.family === addr.family && a.value === addr.value));
  if (!owns) return false;
  const source = dev.addrs.find((a) => a.family === addr.family);
  if (!source) return false;
  const back = routeTo(there, source);
  return back !== undefined && back.dev === dev.peer;
}

export const IP_COMMANDS: readonly CommandDef[] = [ipCommand, pingCommand];
