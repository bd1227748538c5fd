/**
 * `ip link` (iproute2 6.1 ip/iplink.c, ip/link_veth.c) and the link half of
 * the listing both `ip link` and `ip addr` print (ip/ipaddress.c
 * print_linkinfo, print_linkinfo_brief, print_link_flags, lib/utils.c
 * print_name_and_link): add (veth: `peer` options parsed as the link's own),
 * set, delete, show; `-br` and `-j`.
 */
import { IF_OPER, OPER_STATES, createVeth, delLink, linkNetnsid, moveLink, netNsOf, renameLink, setAddrGenMode, setLinkMtu, setLinkUp } from '@nsproxy/net';
import type { NetDevice, NetNamespace } from '@nsproxy/net';
import { nsAt } from '@nsproxy/mnt';
import type { CommandContext } from '../command.ts';
import { Args, IpExit, die, duparg, duparg2, invarg, matches, rtnlFail } from './ip-common.ts';
import type { IpRun } from './ip-common.ts';
import { PRINT_ANY, PRINT_FP, PRINT_JSON } from './ip-json.ts';
import { NETNS_RUN_DIR, netnsMap } from './ip-netns.ts';

/** Link flags (IFF_*, include/uapi/linux/if.h). */
export const IFF = { UP: 0x1, BROADCAST: 0x2, DEBUG: 0x4, LOOPBACK: 0x8, POINTOPOINT: 0x10, NOTRAILERS: 0x20, RUNNING: 0x40, NOARP: 0x80, PROMISC: 0x100, ALLMULTI: 0x200, MASTER: 0x400, SLAVE: 0x800, MULTICAST: 0x1000, PORTSEL: 0x2000, AUTOMEDIA: 0x4000, DYNAMIC: 0x8000, LOWER_UP: 0x10000, DORMANT: 0x20000, ECHO: 0x40000 } as const;

/** print_link_flags' order. */
const FLAG_ORDER: readonly (keyof typeof IFF)[] = ['LOOPBACK', 'BROADCAST', 'POINTOPOINT', 'MULTICAST', 'NOARP', 'ALLMULTI', 'PROMISC', 'MASTER', 'SLAVE', 'DEBUG', 'DYNAMIC', 'AUTOMEDIA', 'PORTSEL', 'NOTRAILERS', 'UP', 'LOWER_UP', 'DORMANT', 'ECHO'];

/** dev_get_flags: the device's flags, RUNNING while its operstate is up (or unknown), LOWER_UP with a carrier. */
export function devFlags(dev: NetDevice): number {
  let f = dev.kind === 'loopback' ? IFF.LOOPBACK : IFF.BROADCAST | IFF.MULTICAST;
  if (dev.up) {
    f |= IFF.UP;
    if (dev.operstate === IF_OPER.UP || dev.operstate === IF_OPER.UNKNOWN) f |= IFF.RUNNING;
    if (dev.carrier) f |= IFF.LOWER_UP;
  }
  return f;
}

/** One RTM_NEWLINK as the model fills it for a request of `src` (rtnl_fill_ifinfo): the link netnsid is allocated here. */
export interface LinkMsg {
  readonly dev: NetDevice;
  readonly flags: number;
  /** IFLA_LINK, when the link's iflink is not itself. */
  readonly iflink: number | undefined;
  /** IFLA_LINK_NETNSID. */
  readonly netnsid: number | undefined;
  /** Filled by IPv6's own dump (inet6_fill_ifinfo): no qdisc, group or link netnsid. */
  readonly inet6?: boolean;
}

export function linkMsg(src: NetNamespace, dev: NetDevice): LinkMsg {
  const iflink = dev.iflink;
  const netnsid = linkNetnsid(src, dev);
  // IFLA_LINK: the iflink when it is not the link's own index, and always beside a link netnsid (a peer elsewhere may have the same index).
  return { dev, flags: devFlags(dev), iflink: iflink === dev.ifindex && netnsid === undefined ? undefined : iflink, netnsid };
}

/** The links of a namespace in dump order (ifindex), each filled; an AF_INET6 dump is inet6_dump_ifinfo's. */
export function linkDump(src: NetNamespace, inet6 = false): LinkMsg[] {
  return [...src.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex).map((d) => {
    if (!inet6) return linkMsg(src, d);
    const iflink = d.iflink;
    return { dev: d, flags: devFlags(d), iflink: iflink === d.ifindex ? undefined : iflink, netnsid: undefined, inet6: true };
  });
}

/** print_link_flags: `<A,B,...> ` (the flags array in JSON), NO-CARRIER first, M-DOWN last. */
function printLinkFlags(run: IpRun, flags: number, mdown: boolean): void {
  const { out } = run;
  out.openArray(PRINT_ANY, out.inJson ? 'flags' : '<');
  let f = flags;
  if (f & IFF.UP && !(f & IFF.RUNNING)) out.string(PRINT_ANY, null, f ? '%s,' : '%s', 'NO-CARRIER');
  f &= ~IFF.RUNNING;
  for (const name of FLAG_ORDER) {
    const bit = IFF[name];
    if (!(f & bit)) continue;
    f &= ~bit;
    out.string(PRINT_ANY, null, f ? '%s,' : '%s', name);
  }
  if (f) out.string(PRINT_ANY, null, '%s', f.toString(16));
  if (mdown) out.string(PRINT_ANY, null, ',%s', 'M-DOWN');
  out.closeArray(PRINT_ANY, '> ');
}

/** print_name_and_link: `name@peer` (`name@ifN` for a peer in another namespace), and whether the peer is down (M-DOWN). */
function printNameAndLink(run: IpRun, fmt: string, m: LinkMsg): boolean {
  const { out } = run;
  let name = m.dev.name;
  let mdown = false;
  if (m.iflink !== undefined) {
    let link: string | null = null;
    if (m.iflink === 0) {
      if (out.inJson) out.null(PRINT_JSON, 'link', '', '');
      else link = 'NONE';
    } else if (m.netnsid !== undefined) {
      if (out.inJson) out.int(PRINT_JSON, 'link_index', '', m.iflink);
      else link = `if${m.iflink}`;
    } else {
      // ll_index_to_name and ll_index_to_flags: the link of that index in the caller's namespace.
      const peer = m.dev.ns.byIndex.get(m.iflink);
      const peerName = peer?.name ?? `if${m.iflink}`;
      if (out.inJson) out.string(PRINT_JSON, 'link', '', peerName);
      else link = peerName;
      mdown = peer ? !(devFlags(peer) & IFF.UP) : false;
    }
    if (link !== null) name = `${name}@${link}`;
  }
  out.string(PRINT_ANY, 'ifname', fmt, name);
  return mdown;
}

/** print_operstate: `state X ` (brief: `%-14s `). */
function printOperstate(run: IpRun, state: number): void {
  const name = OPER_STATES[state] ?? String(state);
  if (run.brief) run.out.string(PRINT_ANY, 'operstate', '%-14s ', name);
  else if (run.out.inJson) run.out.string(PRINT_JSON, 'operstate', '', name);
  else run.out.write(`state ${name} `);
}

/** The caller's id of a link's peer namespace as a name of /run/netns, if one has it (get_name_from_nsid). */
function nsidName(run: IpRun, id: number): string | undefined {
  return netnsMap(run.ctx).get(id);
}

/**
 * print_linkinfo: `N: name@peer: <flags> mtu M qdisc Q state S [mode DEFAULT] group default qlen 1000`,
 * then (unless an address family is asked for) `    link/ether MAC brd BRD [link-netns NAME]`.
 * `family` is filter.family; `doLink` is `ip link`'s (mode is printed).
 */
export function printLinkinfo(run: IpRun, m: LinkMsg, family: 0 | 4 | 6 | 'packet', doLink: boolean): void {
  const { out } = run;
  const dev = m.dev;
  if (run.brief) {
    const mdown = printNameAndLink(run, '%-16s ', m);
    printOperstate(run, dev.reportedOperstate);
    if (family === 'packet') {
      out.string(PRINT_ANY, 'address', '%s ', dev.address);
      printLinkFlags(run, m.flags, mdown);
      out.string(PRINT_FP, null, '%s', '\n');
    }
    return;
  }
  out.int(PRINT_ANY, 'ifindex', '%d: ', dev.ifindex);
  const mdown = printNameAndLink(run, '%s: ', m);
  printLinkFlags(run, m.flags, mdown);
  out.int(PRINT_ANY, 'mtu', 'mtu %u ', dev.mtu);
  if (!m.inet6) out.string(PRINT_ANY, 'qdisc', 'qdisc %s ', dev.qdisc);
  printOperstate(run, dev.reportedOperstate);
  if (doLink && !m.inet6) out.string(PRINT_ANY, 'linkmode', 'mode %s ', 'DEFAULT');
  if (!m.inet6) out.string(PRINT_ANY, 'group', 'group %s ', dev.group === 0 ? 'default' : String(dev.group));
  if (dev.txqlen) out.int(PRINT_ANY, 'txqlen', 'qlen %d', dev.txqlen);
  if (family === 0 || family === 'packet' || run.details > 0) {
    out.nl();
    out.string(PRINT_ANY, 'link_type', '    link/%s ', dev.linkType);
    out.string(PRINT_ANY, 'address', '%s', dev.address);
    out.string(PRINT_FP, null, ' brd ', null);
    out.string(PRINT_ANY, 'broadcast', '%s', dev.broadcast);
  }
  if (m.netnsid !== undefined) {
    if (out.inJson) out.int(PRINT_JSON, 'link_netnsid', '', m.netnsid);
    else if (m.netnsid >= 0) {
      const name = nsidName(run, m.netnsid);
      if (name !== undefined) out.string(PRINT_FP, null, ' link-netns %s', name);
      else out.int(PRINT_FP, null, ' link-netnsid %d', m.netnsid);
    } else out.string(PRINT_FP, null, ' link-netnsid %s', 'unknown');
  }
  out.string(PRINT_FP, null, '%s', '\n');
}

/** What `ip link add|set` says of one link (struct iplink_req as iplink_parse fills it). */
interface LinkReq {
  name?: string;
  dev?: string;
  up?: boolean;
  address?: string;
  mtu?: number;
  /** IFLA_NET_NS_FD's namespace, or IFLA_NET_NS_PID. */
  netns?: NetNamespace | { pid: number };
  addrgenmode?: 'eui64' | 'none';
  type?: string;
}

/** ll_addr_a2n: a MAC (`aa:bb:cc:dd:ee:ff`), else `"x" is invalid lladdr.` (exit 1). */
function llAddr(ctx: CommandContext, text: string): string {
  const parts = text.split(':');
  if (parts.length > 0 && parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':');
  return die(ctx, `"${text}" is invalid lladdr.`, 1);
}

/** netns_get_fd, else a pid (get_integer), else `Invalid "netns" value`. */
function netnsArg(ctx: CommandContext, text: string): NetNamespace | { pid: number } {
  const k = ctx.machine.kernel;
  try {
    const n = nsAt(k, ctx.task, text.includes('/') ? text : `${NETNS_RUN_DIR}/${text}`);
    if (n.ops.name === 'net') return n as NetNamespace;
  } catch {
    // not a name of /run/netns
  }
  if (/^-?[0-9]+$/.test(text)) return { pid: Number(text) };
  return invarg(ctx, 'Invalid "netns" value\n', text);
}

/** iplink_parse: up to `type` (the words after it are the kind's). Unmodelled settings end ip with a message. */
function iplinkParse(run: IpRun, args: Args, create: boolean): LinkReq {
  const { ctx } = run;
  const req: LinkReq = {};
  while (args.more) {
    const a = args.cur;
    if (a === 'up') req.up = true;
    else if (a === 'down') req.up = false;
    else if (a === 'name') {
      const v = args.next();
      if (req.name !== undefined) duparg(ctx, 'name', v);
      if (!validIfname(v)) invarg(ctx, '"name" not a valid ifname', v);
      req.name = v;
      req.dev ??= v;
    } else if (matches(a, 'address')) req.address = llAddr(ctx, args.next());
    else if (a === 'mtu') {
      const v = args.next();
      if (req.mtu !== undefined) duparg(ctx, 'mtu', v);
      if (!/^[0-9]+$/.test(v)) invarg(ctx, 'Invalid "mtu" value\n', v);
      req.mtu = Number(v);
    } else if (a === 'netns') {
      const v = args.next();
      if (req.netns !== undefined) duparg(ctx, 'netns', v);
      req.netns = netnsArg(ctx, v);
    } else if (matches(a, 'addrgenmode')) {
      const v = args.next();
      if (v !== 'eui64' && v !== 'none') invarg(ctx, 'Invalid address generation mode\n', v);
      req.addrgenmode = v;
    } else if (matches(a, 'broadcast') || a === 'brd') {
      llAddr(ctx, args.next());
      return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    } else if (matches(a, 'nomaster')) {
      return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    } else if (matches(a, 'link') || matches(a, 'txqueuelen') || a === 'qlen' || matches(a, 'txqlen') || matches(a, 'master') || matches(a, 'dynamic') || matches(a, 'alias')
      || matches(a, 'numtxqueues') || matches(a, 'numrxqueues') || matches(a, 'link-netns') || matches(a, 'link-netnsid')
      || ['multicast', 'allmulticast', 'promisc', 'trailers', 'arp', 'carrier', 'vrf', 'group', 'mode', 'state', 'index', 'protodown', 'protodown_reason', 'gso_max_size', 'gso_max_segs', 'gro_max_size', 'parentdev', 'vf', 'xdp', 'xdpgeneric', 'xdpdrv', 'xdpoffload'].includes(a)) {
      args.next();
      return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    } else if (matches(a, 'type')) {
      req.type = args.next();
      args.shift();
      break;
    } else {
      if (matches(a, 'help')) return die(ctx, 'Usage: ip link add [link DEV] [ name ] NAME type TYPE [ ARGS ]', 255);
      const v = a === 'dev' ? args.next() : a;
      if (req.dev !== undefined && req.dev !== req.name) duparg2(ctx, 'dev', v);
      if (!validIfname(v)) invarg(ctx, '"dev" not a valid ifname', v);
      req.dev = v;
    }
    args.shift();
  }
  if (!create && req.dev === undefined) return die(ctx, 'Not enough information: "dev" argument is required.', 255);
  if (create && req.name !== undefined && req.dev !== req.name) return die(ctx, 'both "name" and "dev" cannot be used when creating devices.', 255);
  req.name ??= req.dev;
  return req;
}

/** check_ifname: 1 to 15 bytes, no `/`, `:` or blank, not `.` or `..`. */
function validIfname(name: string): boolean {
  return name.length > 0 && name.length < 16 && !/[/:\s]/.test(name) && name !== '.' && name !== '..';
}

/** The namespace a request's netns names (a pid: the process's, ESRCH when none). */
function targetNs(run: IpRun, where: NetNamespace | { pid: number }): NetNamespace {
  if (!('pid' in where)) return where;
  const k = run.ctx.machine.kernel;
  const t = where.pid > 0 ? k.findTask(run.ctx.task, where.pid) : undefined;
  if (!t) {
    run.ctx.stderr.write('RTNETLINK answers: No such process\n');
    throw new IpExit(2);
  }
  return netNsOf(k, t);
}

/** dev_alloc_name("veth%d"): the lowest free. */
function vethName(ns: NetNamespace, taken: string[] = []): string {
  let i = 0;
  while (ns.byName.has(`veth${i}`) || taken.includes(`veth${i}`)) i++;
  return `veth${i}`;
}

/** iplink_modify(RTM_NEWLINK, NLM_F_CREATE|NLM_F_EXCL): `ip link add NAME type veth [peer PEER-OPTIONS]`. */
function linkAdd(run: IpRun, ns: NetNamespace, argv: readonly string[]): number {
  const { ctx } = run;
  const args = new Args(ctx, argv);
  const req = iplinkParse(run, args, true);
  if (req.type === undefined) return die(ctx, 'Not enough information: "type" argument is required', 1);
  let peer: LinkReq = {};
  if (args.more) {
    if (req.type !== 'veth') return die(ctx, `Garbage instead of arguments "${args.cur} ...". Try "ip link help".`, 1);
    if (args.cur !== 'peer') return die(ctx, 'Usage: ip link <options> type veth [peer <options>]\nTo get <options> type \'ip link add help\'', 1);
    args.shift();
    peer = iplinkParse(run, args, true);
    if (peer.type !== undefined) duparg(ctx, 'type', peer.type);
  }
  if (req.type !== 'veth') {
    ctx.stderr.write('Error: Unknown device type.\n');
    throw new IpExit(2);
  }
  try {
    const peerNs = peer.netns ? targetNs(run, peer.netns) : ns;
    const peerName = peer.name ?? vethName(peerNs);
    const name = req.name ?? vethName(ns, peerNs === ns ? [peerName] : []);
    const [dev, p] = createVeth(ctx.task.cred, ns, name, peerName, { peerNs, ...(req.address ? { address: req.address } : {}), ...(peer.address ? { peerAddress: peer.address } : {}) });
    if (peer.mtu !== undefined) setLinkMtu(ctx.task.cred, peerNs, p.name, peer.mtu);
    if (req.mtu !== undefined) setLinkMtu(ctx.task.cred, ns, dev.name, req.mtu);
    if (peer.addrgenmode) setAddrGenMode(ctx.task.cred, peerNs, p.name, peer.addrgenmode);
    if (req.addrgenmode) setAddrGenMode(ctx.task.cred, ns, dev.name, req.addrgenmode);
    if (peer.up) setLinkUp(ctx.task.cred, peerNs, p.name, true);
    if (req.up) setLinkUp(ctx.task.cred, ns, dev.name, true);
    if (req.netns) moveLink(ctx.task.cred, ns, dev.name, targetNs(run, req.netns));
  } catch (e) {
    if (e instanceof IpExit) throw e;
    return rtnlFail(ctx, e);
  }
  return 0;
}

/** iplink_modify(RTM_NEWLINK, 0): do_setlink's order: the move, the MTU, the name, the flags, addrgenmode. */
function linkSet(run: IpRun, ns: NetNamespace, argv: readonly string[]): number {
  const { ctx } = run;
  const args = new Args(ctx, argv);
  const req = iplinkParse(run, args, false);
  if (req.type !== undefined) return die(ctx, 'Error: "type" is not modelled for ip link set.', 1);
  const name = req.dev ?? '';
  if (!ns.byName.has(name)) return die(ctx, `Cannot find device "${name}"`, 1);
  if (req.address !== undefined) return die(ctx, 'Error: "address" of ip link set is not modelled by this ip.', 1);
  const cred = ctx.task.cred;
  try {
    let where = ns;
    let cur = name;
    if (req.netns) {
      where = targetNs(run, req.netns);
      moveLink(cred, ns, cur, where);
    }
    if (req.mtu !== undefined) setLinkMtu(cred, where, cur, req.mtu);
    if (req.name !== undefined && req.name !== req.dev) {
      renameLink(cred, where, cur, req.name);
      cur = req.name;
    }
    if (req.up !== undefined) setLinkUp(cred, where, cur, req.up);
    if (req.addrgenmode) setAddrGenMode(cred, where, cur, req.addrgenmode);
  } catch (e) {
    if (e instanceof IpExit) throw e;
    return rtnlFail(ctx, e);
  }
  return 0;
}

/** iplink_modify(RTM_DELLINK): `ip link delete DEV`. */
function linkDelete(run: IpRun, ns: NetNamespace, argv: readonly string[]): number {
  const { ctx } = run;
  const req = iplinkParse(run, new Args(ctx, argv), false);
  const name = req.dev ?? '';
  if (!ns.byName.has(name)) return die(ctx, `Cannot find device "${name}"`, 1);
  try {
    delLink(ctx.task.cred, ns, name);
  } catch (e) {
    return rtnlFail(ctx, e);
  }
  return 0;
}

/** do_iplink. `show` is ip addr's listing with the link family (ipaddr_list_link). */
export function doIplink(run: IpRun, argv: readonly string[], list: (run: IpRun, argv: readonly string[], doLink: boolean) => number): number {
  const { ctx } = run;
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  if (argv.length < 1) return list(run, [], true);
  const cmd = argv[0] ?? '';
  const rest = argv.slice(1);
  if (matches(cmd, 'add')) return linkAdd(run, ns, rest);
  if (matches(cmd, 'set') || matches(cmd, 'change')) return linkSet(run, ns, rest);
  if (matches(cmd, 'replace')) return die(ctx, 'Error: "ip link replace" is not modelled by this ip.', 1);
  if (matches(cmd, 'delete')) return linkDelete(run, ns, rest);
  if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return list(run, rest, true);
  return die(ctx, `Command "${cmd}" is unknown, try "ip link help".`, 255);
}
