/**
 * `ip route` (iproute2 6.1 ip/iproute.c): show/list (a dump filtered as
 * filter_nlmsg does: table, family, type, scope, protocol, device, metric,
 * root/match/exact prefixes), add, change, replace, append, prepend, del
 * (iproute_modify's defaults: table main, local types to the local table,
 * scope link without a gateway), get (RTM_GETROUTE, printed as a cached
 * route), flush; each route printed by print_route.
 */
import { fromKuidMunged } from '@nsproxy/core';
import { RTN, RTNH_F, RTPROT, RT_SCOPE, RT_TABLE, addRoute, delRoute, formatAddress, getRoute, netNsOf, routeDump, routeLinkDown } from '@nsproxy/net';
import type { FibRoute, LinkAddress, NetDevice, RouteAnswer, RouteNlFlags, RouteRequest } from '@nsproxy/net';
import { Args, IpExit, die, dumpFail, getAddr, getPrefix, invarg, linkAddress, matches, rtnlFail } from './ip-common.ts';
import type { InetPrefix, IpRun } from './ip-common.ts';
import { scopeName, scopeNumber } from './ip-addr.ts';
import { PRINT_ANY, PRINT_FP, PRINT_JSON } from './ip-json.ts';

const TYPES = ['none', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];
const PROTOS: Readonly<Record<number, string>> = { 0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static', 8: 'gated', 9: 'ra', 10: 'mrt', 11: 'zebra', 12: 'bird', 13: 'dnrouted', 14: 'xorp', 15: 'ntk', 16: 'dhcp', 18: 'keepalived', 42: 'babel', 99: 'openr', 186: 'bgp', 187: 'isis', 188: 'ospf', 189: 'rip', 192: 'eigrp' };

/** rtnl_rttable_n2a. */
function tableName(t: number): string {
  return { 0: 'unspec', 253: 'default', 254: 'main', 255: 'local' }[t] ?? String(t);
}

/** rtnl_rttable_a2n: a name or a number. */
function tableNumber(text: string): number | undefined {
  const named: Record<string, number> = { unspec: 0, default: 253, main: 254, local: 255 };
  if (Object.hasOwn(named, text)) return named[text];
  return /^[0-9]+$/.test(text) && Number(text) <= 0xffffffff ? Number(text) : undefined;
}

/** rtnl_rtprot_a2n. */
function protoNumber(text: string): number | undefined {
  for (const [n, name] of Object.entries(PROTOS)) if (name === text) return Number(n);
  return /^[0-9]+$/.test(text) && Number(text) <= 255 ? Number(text) : undefined;
}

/** rtnl_rtntype_a2n. */
function typeNumber(text: string): number | undefined {
  const i = TYPES.indexOf(text);
  return i > 0 ? i : /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/** A route as print_route sees it: the message's fields and flags. */
interface RouteMsg {
  readonly route: FibRoute;
  /** RTM_F_CLONED: a route get's answer. */
  readonly cloned?: { readonly dst: LinkAddress; readonly dev: NetDevice | null; readonly src: LinkAddress | undefined; readonly gateway: LinkAddress | null; readonly uid: number };
}

/** struct filter of iproute.c, as far as the model goes. */
interface RouteFilter {
  tb: number;
  protocol: number;
  protocolmask: number;
  scope: number;
  scopemask: number;
  typemask: number;
  oif: NetDevice | undefined;
  metric: number | undefined;
  rdst: InetPrefix | undefined;
  mdst: InetPrefix | undefined;
}

/** print_route for one route of a dump, or the answer of a route get. */
function printRoute(run: IpRun, f: RouteFilter, m: RouteMsg): void {
  const { out } = run;
  const r = m.route;
  const hostLen = r.family === 4 ? 32 : 128;
  out.openObject();
  const type = m.cloned && r.type === RTN.UNICAST ? RTN.UNICAST : r.type;
  if ((type !== RTN.UNICAST || run.details > 0) && (!f.typemask || f.typemask & (1 << type))) out.string(PRINT_ANY, 'type', '%s ', TYPES[type] ?? String(type));
  let dst: string;
  if (m.cloned) dst = m.cloned.dst.addr;
  else if (r.plen === 0) dst = 'default';
  else dst = r.plen === hostLen ? formatAddress(r.family, r.dst) : `${formatAddress(r.family, r.dst)}/${r.plen}`;
  out.string(PRINT_ANY, 'dst', '%s ', dst);
  if (m.cloned && r.family === 6) out.string(PRINT_ANY, 'from', 'from %s ', '::');
  // A get answers with the packet's gateway (RTA_GATEWAY): none when the route's is one of the namespace's own addresses.
  const gateway = m.cloned ? m.cloned.gateway : r.gateway;
  if (gateway) {
    if (out.inJson) out.string(PRINT_JSON, 'gateway', '', gateway.addr);
    else out.write(`via ${gateway.addr} `);
  }
  const dev = m.cloned ? m.cloned.dev : r.dev;
  if (dev && !f.oif) {
    if (out.inJson) out.string(PRINT_JSON, 'dev', '', dev.name);
    else out.write(`dev ${dev.name} `);
  }
  // The table: a dump's own; an IPv4 get answers from the main table (RTM_F_LOOKUP_TABLE, the merged trie).
  const table = m.cloned && r.family === 4 ? RT_TABLE.MAIN : r.table;
  if (table && (table !== RT_TABLE.MAIN || run.details > 0) && !f.tb) out.string(PRINT_ANY, 'table', 'table %s ', tableName(table));
  const cloned = m.cloned && r.family === 4;
  if (!cloned) {
    if ((r.protocol !== RTPROT.BOOT || run.details > 0) && f.protocolmask !== -1) out.string(PRINT_ANY, 'protocol', 'proto %s ', PROTOS[r.protocol] ?? String(r.protocol));
    if ((r.scope !== RT_SCOPE.UNIVERSE || run.details > 0) && f.scopemask !== -1) out.string(PRINT_ANY, 'scope', 'scope %s ', scopeName(r.scope));
  }
  const prefsrc = m.cloned ? m.cloned.src : r.prefsrc;
  if (prefsrc) {
    if (out.inJson) out.string(PRINT_JSON, 'prefsrc', '', prefsrc.addr);
    else out.write(`src ${prefsrc.addr} `);
  }
  // RTA_PRIORITY: IPv4 only when not 0 (and never in a get's answer); IPv6 always.
  if ((r.family === 6 || (r.priority !== 0 && !cloned)) && f.metric === undefined) out.int(PRINT_ANY, 'metric', 'metric %u ', r.priority);
  out.openArray(PRINT_JSON, out.inJson ? 'flags' : '');
  if (r.flags & RTNH_F.ONLINK) out.string(PRINT_ANY, null, '%s ', 'onlink');
  if (!m.cloned && routeLinkDown(r)) out.string(PRINT_ANY, null, '%s ', 'linkdown');
  out.closeArray(PRINT_JSON, '');
  if (cloned && m.cloned) {
    out.int(PRINT_ANY, 'uid', 'uid %u ', m.cloned.uid);
    // print_cache_flags: RTCF_LOCAL, RTCF_BROADCAST.
    const flags: string[] = [];
    if (r.type === RTN.LOCAL || r.type === RTN.BROADCAST) flags.push('local');
    if (r.type === RTN.BROADCAST) flags.push('brd');
    if (out.inJson) {
      out.openArray(PRINT_JSON, 'cache');
      for (const x of flags) out.string(PRINT_JSON, null, '', x);
      out.closeArray(PRINT_JSON, '');
    } else out.write(`\n    cache ${flags.length ? `<${flags.join(',')}> ` : ''}`);
  }
  if (r.family === 6) out.string(PRINT_ANY, 'pref', 'pref %s', 'medium');
  out.string(PRINT_FP, null, '\n', null);
  out.closeObject();
}

/** filter_nlmsg: whether a route of the dump is printed. */
function routeSelected(f: RouteFilter, r: FibRoute): boolean {
  if (f.tb > 0 && r.table !== f.tb) return false;
  if ((f.protocol ^ r.protocol) & f.protocolmask) return false;
  if ((f.scope ^ r.scope) & f.scopemask) return false;
  if (f.typemask && !(f.typemask & (1 << r.type))) return false;
  const topBits = (v: bigint, family: 4 | 6, n: number): bigint => v >> BigInt((family === 4 ? 32 : 128) - n);
  if (f.rdst) {
    if ((f.rdst.family && f.rdst.family !== r.family) || f.rdst.bitlen > r.plen) return false;
    if (topBits(r.dst, r.family, f.rdst.bitlen) !== topBits(f.rdst.value, r.family, f.rdst.bitlen)) return false;
  }
  if (f.mdst) {
    if ((f.mdst.family && f.mdst.family !== r.family) || f.mdst.bitlen < r.plen) return false;
    if (topBits(r.dst, r.family, r.plen) !== topBits(f.mdst.value, r.family, r.plen)) return false;
  }
  if (f.oif && r.dev !== f.oif) return false;
  if (f.metric !== undefined && r.priority !== f.metric) return false;
  return true;
}

/** iproute_list_flush_or_save's arguments (table main unless named; all: 0). */
function parseListFilter(run: IpRun, argv: readonly string[]): RouteFilter {
  const { ctx } = run;
  const fam = run.family === 'packet' ? 0 : run.family;
  const f: RouteFilter = { tb: RT_TABLE.MAIN, protocol: 0, protocolmask: 0, scope: 0, scopemask: 0, typemask: 0, oif: undefined, metric: undefined, rdst: undefined, mdst: undefined };
  const args = new Args(ctx, argv);
  let od: string | undefined;
  while (args.more) {
    const a = args.cur;
    if (matches(a, 'table')) {
      const v = args.next();
      const t = tableNumber(v);
      if (t === undefined) {
        if (v === 'all') f.tb = 0;
        else if (v === 'cache') f.tb = -1;
        else invarg(ctx, 'table id value is invalid\n', v);
      } else f.tb = t;
    } else if (matches(a, 'protocol')) {
      const v = args.next();
      f.protocolmask = -1;
      const p = protoNumber(v);
      if (p === undefined) {
        if (v !== 'all') invarg(ctx, 'invalid "protocol"\n', v);
        f.protocol = 0;
        f.protocolmask = 0;
      } else f.protocol = p;
    } else if (matches(a, 'scope')) {
      const v = args.next();
      f.scopemask = -1;
      const s = scopeNumber(v);
      if (s === undefined) {
        if (v !== 'all') invarg(ctx, 'invalid "scope"\n', v);
        f.scope = RT_SCOPE.NOWHERE;
        f.scopemask = 0;
      } else f.scope = s;
    } else if (matches(a, 'type')) {
      const v = args.next();
      const t = typeNumber(v);
      if (t === undefined) invarg(ctx, 'node type value is invalid\n', v);
      f.typemask = 1 << t;
    } else if (a === 'dev' || a === 'oif') od = args.next();
    else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = args.next();
      if (!/^[0-9]+$/.test(v)) invarg(ctx, '"metric" value is invalid\n', v);
      f.metric = Number(v);
    } else {
      let v = a;
      if (matches(v, 'to')) v = args.next();
      if (matches(v, 'root')) f.rdst = getPrefix(ctx, args.next(), fam);
      else if (matches(v, 'match')) f.mdst = getPrefix(ctx, args.next(), fam);
      else {
        if (matches(v, 'exact')) v = args.next();
        f.mdst = getPrefix(ctx, v, fam);
        f.rdst = f.mdst;
      }
    }
    args.shift();
  }
  if (od !== undefined) {
    const dev = netNsOf(ctx.machine.kernel, ctx.task).byName.get(od);
    if (!dev) die(ctx, `Cannot find device "${od}"`, 1);
    f.oif = dev;
  }
  return f;
}

/** The family a dump asks for: -4/-6, else IPv4 when a table is named. */
function dumpFamily(run: IpRun, f: RouteFilter): 4 | 6 | undefined {
  const fam = run.family === 'packet' ? 0 : run.family;
  if (fam === 0) return f.tb ? 4 : undefined;
  return fam;
}

/** `ip route [show|list]`. */
function listRoutes(run: IpRun, argv: readonly string[]): number {
  const { ctx, out } = run;
  const f = parseListFilter(run, argv);
  if (f.tb === -1) return 0;
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  let routes: FibRoute[];
  try {
    routes = routeDump(ns, dumpFamily(run, f), f.tb);
  } catch (e) {
    return dumpFail(ctx, e, 2);
  }
  out.newJsonObj();
  for (const r of routes) if (routeSelected(f, r)) printRoute(run, f, { route: r });
  out.deleteJsonObj();
  return 0;
}

/** `ip route flush SELECTOR`: RTM_DELROUTE of each route the selector picks. */
function flushRoutes(run: IpRun, argv: readonly string[]): number {
  const { ctx } = run;
  if (argv.length === 0) return die(ctx, '"ip route flush" requires arguments.', 255);
  const f = parseListFilter(run, argv);
  if (f.tb === -1) return 0;
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  let routes: FibRoute[];
  try {
    routes = routeDump(ns, dumpFamily(run, f), f.tb).filter((r) => routeSelected(f, r));
  } catch (e) {
    return dumpFail(ctx, e, 1);
  }
  for (const r of routes) {
    try {
      delRoute(ctx.task.cred, ns, { family: r.family, table: r.table, dst: { family: r.family, addr: formatAddress(r.family, r.dst), prefix: r.plen, value: r.dst }, type: r.type, scope: r.scope, protocol: r.protocol, metric: r.priority, dev: r.dev, gateway: r.gateway });
    } catch (e) {
      if (e instanceof Error && (e as { code?: string }).code === 'ESRCH') continue;
      ctx.stderr.write(`Failed to send flush request: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  return 0;
}

/** iproute_modify: `ip route add|change|replace|append|prepend|del ROUTE`. */
function modifyRoute(run: IpRun, argv: readonly string[], del: boolean, nl: RouteNlFlags): number {
  const { ctx } = run;
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  const args = new Args(ctx, argv);
  let family: 0 | 4 | 6 = run.family === 'packet' ? 0 : run.family;
  let table = RT_TABLE.MAIN as number;
  let tableOk = false;
  let scope: number | undefined;
  let type: number | undefined;
  let protocol: number | undefined;
  let metric: number | undefined;
  let gw: InetPrefix | undefined;
  let src: InetPrefix | undefined;
  let dst: InetPrefix | undefined;
  let d: string | undefined;
  let onlink = false;
  while (args.more) {
    const a = args.cur;
    if (a === 'src') {
      src = getAddr(ctx, args.next(), family);
      if (family === 0 && src.family !== 0) family = src.family;
    } else if (a === 'via') {
      if (gw) invarg(ctx, 'use nexthop syntax to specify multiple via\n', a);
      let v = args.next();
      let fam: 0 | 4 | 6 = family;
      if (v === 'inet' || v === 'inet6') {
        fam = v === 'inet' ? 4 : 6;
        v = args.next();
      }
      gw = getAddr(ctx, v, fam);
      if (family === 0 && gw.family !== 0) family = gw.family;
    } else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = args.next();
      if (!/^[0-9]+$/.test(v) || Number(v) > 0xffffffff) invarg(ctx, '"metric" value is invalid\n', v);
      metric = Number(v);
    } else if (a === 'scope') {
      const v = args.next();
      const s = scopeNumber(v);
      if (s === undefined) invarg(ctx, 'invalid "scope" value\n', v);
      scope = s;
    } else if (a === 'onlink') onlink = true;
    else if (matches(a, 'protocol')) {
      const v = args.next();
      const p = protoNumber(v);
      if (p === undefined) invarg(ctx, '"protocol" value is invalid\n', v);
      protocol = p;
    } else if (matches(a, 'table')) {
      const v = args.next();
      const t = tableNumber(v);
      if (t === undefined) invarg(ctx, '"table" value is invalid\n', v);
      table = t;
      tableOk = true;
    } else if (a === 'dev' || a === 'oif') d = args.next();
    else if (['as', 'from', 'tos', 'dsfield', 'expires', 'mtu', 'hoplimit', 'advmss', 'rtt', 'rto_min', 'realms', 'nexthop', 'nhid', 'vrf', 'pref', 'encap', 'ttl-propagate'].some((w) => a === w || matches(a, w))
      || ['reordering', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'features', 'quickack', 'congctl', 'rttvar', 'ssthresh', 'fastopen_no_cookie'].some((w) => matches(a, w))) {
      return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    } else {
      let v = a === 'to' ? args.next() : a;
      const t = !/^[0-9]/.test(v) ? typeNumber(v) : undefined;
      if (t !== undefined && TYPES[t] === v) {
        type = t;
        v = args.next();
      }
      if (matches(v, 'help')) return routeUsage(run);
      if (dst) return die(ctx, `Error: either "to" is duplicate, or "${v}" is a garbage.`, 255);
      dst = getPrefix(ctx, v, family);
      if (family === 0 && dst.family !== 0) family = dst.family;
    }
    args.shift();
  }
  if (!dst) return routeUsage(run);
  let dev: NetDevice | undefined;
  if (d !== undefined) {
    dev = ns.byName.get(d);
    if (!dev) return die(ctx, `Cannot find device "${d}"`, 1);
  }
  const fam: 4 | 6 = family === 0 ? 4 : family;
  if (!del && type === undefined) type = RTN.UNICAST;
  if (!tableOk && (type === RTN.LOCAL || type === RTN.BROADCAST || type === RTN.NAT || type === RTN.ANYCAST)) table = RT_TABLE.LOCAL;
  if (scope === undefined) {
    if (fam === 6) scope = RT_SCOPE.UNIVERSE;
    else if (type === RTN.LOCAL || type === RTN.NAT) scope = RT_SCOPE.HOST;
    else if (type === RTN.BROADCAST || type === RTN.MULTICAST || type === RTN.ANYCAST) scope = RT_SCOPE.LINK;
    else if (type === RTN.UNICAST || type === undefined) scope = del ? RT_SCOPE.NOWHERE : gw ? RT_SCOPE.UNIVERSE : RT_SCOPE.LINK;
    else scope = del ? RT_SCOPE.NOWHERE : RT_SCOPE.UNIVERSE;
  }
  const req: RouteRequest = {
    family: fam, table, dst: linkAddress({ ...dst, family: fam }, dst.bitlen), scope,
    ...(type !== undefined ? { type } : {}), ...(protocol !== undefined ? { protocol } : del ? {} : { protocol: RTPROT.BOOT }),
    ...(metric !== undefined ? { metric } : {}), gateway: gw ? linkAddress(gw) : null, dev: dev ?? null, prefsrc: src ? linkAddress(src) : null, onlink,
  };
  try {
    if (del) delRoute(ctx.task.cred, ns, req);
    else addRoute(ctx.task.cred, ns, req, nl);
  } catch (e) {
    return rtnlFail(ctx, e);
  }
  return 0;
}

/** iproute_get: `ip route get ADDRESS [oif DEV]`, answered as a cached route. */
function getRouteCmd(run: IpRun, argv: readonly string[]): number {
  const { ctx, out } = run;
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  const args = new Args(ctx, argv);
  let family: 0 | 4 | 6 = run.family === 'packet' ? 0 : run.family;
  let addr: InetPrefix | undefined;
  let odev: string | undefined;
  while (args.more) {
    const a = args.cur;
    if (matches(a, 'oif') || a === 'dev') odev = args.next();
    else if (['tos', 'from', 'iif', 'mark', 'vrf', 'uid', 'as', 'sport', 'dport', 'ipproto', 'notify', 'connected', 'fibmatch', 'dsfield'].some((w) => a === w || matches(a, w))) {
      return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    } else {
      const v = a === 'to' ? args.next() : a;
      if (matches(v, 'help')) return routeUsage(run);
      addr = getPrefix(ctx, v, family);
      if (family === 0 && addr.family !== 0) family = addr.family;
      const host = addr.family === 6 ? 128 : 32;
      if (addr.bitlen !== host) ctx.stderr.write(`Warning: /${addr.bitlen} as prefix is invalid, only /${host} (or none) is supported.\n`);
    }
    args.shift();
  }
  if (!addr) return die(ctx, 'need at least a destination address', 1);
  let oif: NetDevice | undefined;
  if (odev !== undefined) {
    oif = ns.byName.get(odev);
    if (!oif) return die(ctx, `Cannot find device "${odev}"`, 1);
  }
  let answer: RouteAnswer;
  const dst = linkAddress(addr, addr.family === 6 ? 128 : 32);
  try {
    answer = getRoute(ns, dst, oif ?? null);
  } catch (e) {
    return rtnlFail(ctx, e);
  }
  const uid = fromKuidMunged(ctx.task.cred.userNs, ctx.task.cred.uid);
  out.newJsonObj();
  const f: RouteFilter = { tb: 0, protocol: 0, protocolmask: 0, scope: 0, scopemask: 0, typemask: 0, oif: undefined, metric: undefined, rdst: undefined, mdst: undefined };
  printRoute(run, f, { route: answer.route, cloned: { dst, dev: answer.dev, src: answer.src, gateway: answer.gateway, uid } });
  out.deleteJsonObj();
  return 0;
}

/** iproute.c's usage(): its first lines (exit 255). */
function routeUsage(run: IpRun): never {
  run.ctx.stderr.write('Usage: ip route { list | flush } SELECTOR\n       ip route save SELECTOR\n       ip route restore\n       ip route showdump\n       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n                            [ from ADDRESS iif STRING ]\n                            [ oif STRING ] [ tos TOS ]\n                            [ mark NUMBER ] [ vrf NAME ]\n                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n                            [ sport NUMBER ] [ dport NUMBER ]\n       ip route { add | del | change | append | replace } ROUTE\n');
  throw new IpExit(255);
}

/** do_iproute. */
export function doIproute(run: IpRun, argv: readonly string[]): number {
  const { ctx } = run;
  if (argv.length < 1) return listRoutes(run, []);
  const cmd = argv[0] ?? '';
  const rest = argv.slice(1);
  if (matches(cmd, 'add')) return modifyRoute(run, rest, false, { create: true, excl: true });
  if (matches(cmd, 'change') || cmd === 'chg') return modifyRoute(run, rest, false, { replace: true });
  if (matches(cmd, 'replace')) return modifyRoute(run, rest, false, { create: true, replace: true });
  if (matches(cmd, 'prepend')) return modifyRoute(run, rest, false, { create: true });
  if (matches(cmd, 'append')) return modifyRoute(run, rest, false, { create: true, append: true });
  if (matches(cmd, 'test')) return modifyRoute(run, rest, false, { excl: true });
  if (matches(cmd, 'delete')) return modifyRoute(run, rest, true, {});
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return listRoutes(run, rest);
  if (matches(cmd, 'get')) return getRouteCmd(run, rest);
  if (matches(cmd, 'flush')) return flushRoutes(run, rest);
  if (matches(cmd, 'help')) return routeUsage(run);
  return die(ctx, `Command "${cmd}" is unknown, try "ip route help".`, 255);
}
