/**
 * `ip address` (iproute2 6.1 ip/ipaddress.c): the listing both `ip addr`
 * and `ip link` print (ipaddr_list_flush_or_save: the links, filtered, each
 * with its addresses: print_addrinfo, print_selected_addrinfo), flush
 * (RTM_DELADDR of every address the filter selects, round after round),
 * and add, change, replace, delete (ipaddr_modify).
 */
import { IFA_F, RT_SCOPE, addAddress, delAddress, netNsOf } from '@nsproxy/net';
import type { IfAddr, NetDevice } from '@nsproxy/net';
import type { CommandContext } from '../command.ts';
import { Args, die, duparg, duparg2, getAddr, getPrefix, invarg, linkAddress, matches, rtnlFail } from './ip-common.ts';
import type { InetPrefix, IpRun } from './ip-common.ts';
import { PRINT_ANY, PRINT_FP, PRINT_JSON } from './ip-json.ts';
import { IFF, linkDump, linkMsg, printLinkinfo } from './ip-link.ts';
import type { LinkMsg } from './ip-link.ts';

/** rtnl_rtscope_n2a (/etc/iproute2/rt_scopes). */
export function scopeName(scope: number): string {
  return { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' }[scope] ?? String(scope);
}

/** rtnl_rtscope_a2n: a name or a number; undefined for neither. */
export function scopeNumber(text: string): number | undefined {
  const named: Record<string, number> = { global: 0, universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };
  if (Object.hasOwn(named, text)) return named[text];
  return /^[0-9]+$/.test(text) && Number(text) <= 255 ? Number(text) : undefined;
}

/** ifa_flag_data: the flags ip knows, in its order (mask, whether read-only, whether IPv6 only). */
const IFA_FLAG_DATA: readonly [name: string, mask: number, readonly: boolean, v6only: boolean][] = [
  ['secondary', IFA_F.SECONDARY, true, false],
  ['temporary', IFA_F.SECONDARY, true, false],
  ['nodad', IFA_F.NODAD, false, true],
  ['optimistic', IFA_F.OPTIMISTIC, false, true],
  ['dadfailed', IFA_F.DADFAILED, true, true],
  ['home', IFA_F.HOMEADDRESS, false, true],
  ['deprecated', IFA_F.DEPRECATED, true, true],
  ['tentative', IFA_F.TENTATIVE, true, true],
  ['permanent', IFA_F.PERMANENT, true, true],
  ['mngtmpaddr', IFA_F.MANAGETEMPADDR, false, true],
  ['noprefixroute', IFA_F.NOPREFIXROUTE, false, false],
  ['autojoin', IFA_F.MCAUTOJOIN, false, false],
  ['stable-privacy', IFA_F.STABLE_PRIVACY, true, true],
];

/** struct filter of ipaddress.c, as far as the model goes. */
interface AddrFilter {
  family: 0 | 4 | 6 | 'packet';
  ifindex: number;
  up: boolean;
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  label: string | undefined;
  pfx: InetPrefix | undefined;
  kind: string | undefined;
}

/** print_ifa_flags. */
function printIfaFlags(run: IpRun, a: IfAddr): void {
  const { out } = run;
  let flags = a.flags;
  for (const [name, mask] of IFA_FLAG_DATA) {
    if (mask === IFA_F.PERMANENT) {
      if (!(flags & mask)) out.bool(PRINT_ANY, 'dynamic', 'dynamic ', true);
    } else if (flags & mask) {
      if (mask === IFA_F.SECONDARY && a.family === 6) out.bool(PRINT_ANY, 'temporary', 'temporary ', true);
      else {
        out.string(PRINT_FP, null, '%s ', name);
        out.bool(PRINT_JSON, name, '', true);
      }
    }
    flags &= ~mask;
  }
  if (flags) {
    if (out.inJson) out.string(PRINT_JSON, 'ifa_flags', '', flags.toString(16).padStart(2, '0'));
    else out.write(`flags ${flags.toString(16).padStart(2, '0')} `);
  }
}

/** The v4 address as a dotted quad. */
function dotted(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/** print_addrinfo: `    inet A/P [brd B] scope S [flags] [label]`, then the lifetimes (brief: `A/P `). */
function printAddrinfo(run: IpRun, a: IfAddr): void {
  const { out } = run;
  if (!run.brief) out.string(PRINT_ANY, 'family', '    %s ', a.family === 4 ? 'inet' : 'inet6');
  out.string(PRINT_ANY, 'local', '%s', a.addr);
  out.int(PRINT_ANY, 'prefixlen', '/%d ', a.prefix);
  if (run.brief) return;
  if (a.broadcast !== null) {
    out.string(PRINT_FP, null, '%s ', 'brd');
    out.string(PRINT_ANY, 'broadcast', '%s ', dotted(a.broadcast));
  }
  out.string(PRINT_ANY, 'scope', 'scope %s ', scopeName(a.scope));
  printIfaFlags(run, a);
  if (a.label !== null) out.string(PRINT_ANY, 'label', '%s', a.label);
  out.nl();
  out.string(PRINT_FP, null, '       valid_lft ', null);
  out.int(PRINT_JSON, 'valid_life_time', '', 4294967295);
  out.string(PRINT_FP, null, '%s', 'forever');
  out.string(PRINT_FP, null, ' preferred_lft ', null);
  out.int(PRINT_JSON, 'preferred_life_time', '', 4294967295);
  out.string(PRINT_FP, null, '%s', 'forever');
  out.string(PRINT_FP, null, '%s', '\n');
}

/** fnmatch for labels: `*`, `?` and plain characters. */
function fnmatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text);
}

/** Whether an address passes the filter (print_addrinfo's and ipaddr_filter's tests). */
function addrSelected(f: AddrFilter, a: IfAddr, dev: NetDevice): boolean {
  if ((f.scope ^ a.scope) & f.scopemask) return false;
  if ((f.flags ^ a.flags) & f.flagmask) return false;
  if (f.family !== 0 && f.family !== 'packet' && f.family !== a.family) return false;
  if (f.label !== undefined && !fnmatch(f.label, a.label ?? dev.name)) return false;
  if (f.pfx && !f.pfx.isDefault) {
    if (f.pfx.family !== 0 && f.pfx.family !== a.family) return false;
    const bits = BigInt(a.family === 4 ? 32 : 128);
    const host = bits - BigInt(f.pfx.bitlen);
    if (a.value >> host !== f.pfx.value >> host) return false;
  }
  return true;
}

/** get_filter: a flag name (`-name` to negate; `dynamic` and `primary` are permanent and secondary negated); false when none. */
function getFilter(f: AddrFilter, word: string): boolean {
  let inv = false;
  let arg = word;
  if (arg.startsWith('-')) {
    inv = true;
    arg = arg.slice(1);
  }
  if (arg === 'dynamic') {
    inv = !inv;
    arg = 'permanent';
  } else if (arg === 'primary') {
    inv = !inv;
    arg = 'secondary';
  }
  const data = IFA_FLAG_DATA.find(([name]) => name === arg);
  if (!data) return false;
  if (inv) f.flags &= ~data[1];
  else f.flags |= data[1];
  f.flagmask |= data[1];
  return true;
}

/** ipaddr_list_flush_or_save's arguments. */
function parseFilter(run: IpRun, argv: readonly string[], family: 0 | 4 | 6 | 'packet'): { f: AddrFilter; dev: string | undefined } {
  const { ctx } = run;
  const f: AddrFilter = { family, ifindex: 0, up: false, scope: 0, scopemask: 0, flags: 0, flagmask: 0, label: undefined, pfx: undefined, kind: undefined };
  const args = new Args(ctx, argv);
  let dev: string | undefined;
  while (args.more) {
    const a = args.cur;
    if (a === 'to') {
      const v = args.next();
      f.pfx = getPrefix(ctx, v, f.family);
      if (f.family === 0 && f.pfx.family !== 0) f.family = f.pfx.family;
    } else if (a === 'scope') {
      const v = args.next();
      f.scopemask = -1;
      const n = scopeNumber(v);
      if (n === undefined) {
        if (v !== 'all') invarg(ctx, 'invalid "scope"\n', v);
        f.scope = RT_SCOPE.NOWHERE;
        f.scopemask = 0;
      } else f.scope = n;
    } else if (a === 'up') f.up = true;
    else if (getFilter(f, a)) {
      // a flag
    } else if (a === 'label') f.label = args.next();
    else if (a === 'type') f.kind = args.next();
    else if (['group', 'master', 'vrf', 'nomaster'].includes(a)) die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    else {
      const v = a === 'dev' ? args.next() : a;
      if (a !== 'dev' && matches(a, 'help')) die(ctx, 'Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]', 255);
      if (dev !== undefined) duparg2(ctx, 'dev', v);
      dev = v;
    }
    args.shift();
  }
  return { f, dev };
}

/** The addresses a link shows under the filter (print_selected_addrinfo's choice). */
function selectedAddrs(f: AddrFilter, m: LinkMsg): IfAddr[] {
  if (f.up && !(m.flags & IFF.UP)) return [];
  return m.dev.addrs.filter((a) => (f.family === 0 || f.family === a.family) && addrSelected(f, a, m.dev));
}

/**
 * ipaddr_list_flush_or_save(IPADD_LIST): `ip addr [show] [dev D] [filters]`
 * and, with `doLink`, `ip link [show]` (the link family: no addresses, the
 * `mode` word, a single link by RTM_GETLINK).
 */
export function listAddrs(run: IpRun, argv: readonly string[], doLink: boolean): number {
  const { ctx, out } = run;
  const family = doLink ? 'packet' : run.family;
  const { f, dev } = parseFilter(run, argv, family);
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  if (dev !== undefined) {
    const d = ns.byName.get(dev);
    if (!d) return die(ctx, `Device "${dev}" does not exist.`, 1);
    f.ifindex = d.ifindex;
  }
  out.newJsonObj();
  if (dev !== undefined && doLink) {
    const d = ns.byIndex.get(f.ifindex) as NetDevice;
    out.openObject();
    printFiltered(run, f, linkMsg(ns, d), doLink);
    out.closeObject();
    out.deleteJsonObj();
    return 0;
  }
  let links = f.ifindex ? [linkMsg(ns, ns.byIndex.get(f.ifindex) as NetDevice)] : linkDump(ns, f.family === 6);
  if (f.family !== 'packet') {
    // ipaddr_filter: a link stays if an address of it passes, or (any family) if it has none.
    links = links.filter((m) => m.dev.addrs.some((a) => (f.family === 0 || f.family === a.family) && addrSelected(f, a, m.dev)) || (m.dev.addrs.length === 0 && f.family === 0));
  }
  for (const m of links) {
    out.openObject();
    const res = printFiltered(run, f, m, doLink);
    if (res >= 0 && f.family !== 'packet') {
      out.openArray(PRINT_JSON, 'addr_info');
      for (const a of selectedAddrs(f, m)) {
        out.openObject();
        printAddrinfo(run, a);
        out.closeObject();
      }
      out.closeArray(PRINT_JSON, '');
      if (run.brief) out.string(PRINT_FP, null, '%s', '\n');
    }
    out.closeObject();
  }
  out.deleteJsonObj();
  return 0;
}

/** print_linkinfo's own filters (up, type) before it prints: -1 when the link is left out. */
function printFiltered(run: IpRun, f: AddrFilter, m: LinkMsg, doLink: boolean): number {
  if (f.up && !(m.flags & IFF.UP)) return -1;
  if (f.kind !== undefined && (m.dev.kind !== 'veth' || f.kind !== 'veth')) return -1;
  // With a label, only the addresses are printed.
  if (f.label !== undefined) return 0;
  printLinkinfo(run, m, f.family, doLink);
  return run.brief ? 0 : 1;
}

/** ipaddr_flush: RTM_DELADDR of each selected address, round after round until none is left. */
function flushAddrs(run: IpRun, argv: readonly string[]): number {
  const { ctx, out } = run;
  if (argv.length === 0) return die(ctx, 'Flush requires arguments.', 1);
  if (run.family === 'packet') return die(ctx, 'Cannot flush link addresses.', 1);
  const { f, dev } = parseFilter(run, argv, run.family);
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  if (dev !== undefined) {
    const d = ns.byName.get(dev);
    if (!d) return die(ctx, `Device "${dev}" does not exist.`, 1);
    f.ifindex = d.ifindex;
  }
  for (let round = 0; ; round++) {
    const victims: [NetDevice, IfAddr][] = [];
    for (const d of [...ns.byIndex.values()].sort((a, b) => a.ifindex - b.ifindex)) {
      if (f.ifindex && d.ifindex !== f.ifindex) continue;
      for (const a of d.addrs) if ((f.family === 0 || f.family === a.family) && addrSelected(f, a, d)) victims.push([d, a]);
    }
    if (victims.length === 0) {
      if (run.stats) out.write(round === 0 ? 'Nothing to flush.\n' : `*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
      return 0;
    }
    for (const [d, a] of victims) {
      try {
        delAddress(ctx.task.cred, ns, d.name, { address: `${a.addr}/${a.prefix}`, withPrefix: true });
      } catch (e) {
        // flush_update ignores EADDRNOTAVAIL: a primary's deletion took its secondaries along.
        if (!(e instanceof Error && (e as { code?: string }).code === 'EADDRNOTAVAIL')) {
          ctx.stderr.write(`Failed to send flush request: ${e instanceof Error ? e.message : String(e)}\n`);
          return 1;
        }
      }
    }
    if (run.stats) out.write(`\n*** Round ${round + 1}, deleting ${victims.length} addresses ***\n`);
    if (!(f.flags & IFA_F.SECONDARY) && f.flagmask & IFA_F.SECONDARY) {
      if (run.stats) out.write(`*** Flush is complete after ${round + 1} round${round + 1 > 1 ? 's' : ''} ***\n`);
      return 0;
    }
  }
}

/** ipaddr_modify: `ip addr add|change|replace|del IFADDR dev IFNAME [...]`. */
function modifyAddr(run: IpRun, argv: readonly string[], cmd: 'add' | 'replace' | 'del'): number {
  const { ctx } = run;
  const args = new Args(ctx, argv);
  let family: 0 | 4 | 6 = run.family === 'packet' ? 0 : run.family;
  let d: string | undefined;
  let label: string | undefined;
  let local: InetPrefix | undefined;
  let localArg = '';
  let brd: string | undefined;
  let brdMode: '+' | '-' | undefined;
  let scope: number | undefined;
  let flags = 0;
  while (args.more) {
    const a = args.cur;
    if (a === 'peer' || a === 'remote') return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    if (matches(a, 'broadcast') || a === 'brd') {
      const v = args.next();
      if (brd !== undefined || brdMode !== undefined) duparg(ctx, 'broadcast', v);
      if (v === '+' || v === '-') brdMode = v;
      else {
        const p = getAddr(ctx, v, family);
        if (family === 0 && p.family !== 0) family = p.family;
        brd = linkAddress(p).addr;
      }
    } else if (a === 'anycast') return die(ctx, 'Error: "anycast" is not modelled by this ip.', 1);
    else if (a === 'scope') {
      const v = args.next();
      const n = scopeNumber(v);
      if (n === undefined) invarg(ctx, 'invalid scope value.', v);
      scope = n;
    } else if (a === 'dev') d = args.next();
    else if (a === 'label') label = args.next();
    else if (matches(a, 'metric') || matches(a, 'priority') || matches(a, 'preference') || matches(a, 'valid_lft') || matches(a, 'preferred_lft')) {
      return die(ctx, `Error: "${a}" is not modelled by this ip.`, 1);
    } else if (IFA_FLAG_DATA.some(([name]) => name === a)) {
      const [name, mask, readonly, v6only] = IFA_FLAG_DATA.find(([n]) => n === a) ?? ['', 0, true, false];
      if (readonly) ctx.stderr.write(`Warning: ${name} option is not mutable from userspace\n`);
      else if (v6only && family !== 6) ctx.stderr.write(`Warning: ${name} option can be set only for IPv6 addresses\n`);
      else flags |= mask;
    } else {
      const v = a === 'local' ? args.next() : a;
      if (matches(v, 'help')) return die(ctx, 'Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]', 255);
      if (local) duparg2(ctx, 'local', v);
      localArg = v;
      local = getPrefix(ctx, v, family);
      if (family === 0 && local.family !== 0) family = local.family;
    }
    args.shift();
  }
  if (d === undefined) return die(ctx, 'Not enough information: "dev" argument is required.', 1);
  const del = cmd === 'del';
  if (local && del && family === 4 && !local.lenGiven) {
    ctx.stderr.write(`Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${localArg}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`);
  }
  if (brdMode && !del) {
    if (family !== 4) return die(ctx, 'Broadcast can be set only for IPv4 addresses', 1);
    if (local && local.bitlen <= 30) {
      const host = (1n << BigInt(32 - local.bitlen)) - 1n;
      brd = linkAddress({ ...local, value: brdMode === '+' ? local.value | host : local.value & ~host }).addr;
    }
  }
  const ns = netNsOf(ctx.machine.kernel, ctx.task);
  if (!ns.byName.has(d)) return die(ctx, `Cannot find device "${d}"`, 1);
  if (!local) {
    ctx.stderr.write('RTNETLINK answers: Operation not supported\n');
    return 2;
  }
  const text = `${linkAddress(local).addr}/${local.bitlen}`;
  try {
    if (del) {
      delAddress(ctx.task.cred, ns, d, { address: text, withPrefix: family === 6 || local.lenGiven, ...(label !== undefined ? { label } : {}) });
      return 0;
    }
    const dev = ns.byName.get(d) as NetDevice;
    if (cmd === 'replace' && dev.addrs.some((x) => x.family === local.family && x.value === local.value && (x.family === 6 || x.prefix === local.bitlen))) return 0;
    const defScope = local.family === 4 && local.value >> 24n === 127n ? RT_SCOPE.HOST : RT_SCOPE.UNIVERSE;
    addAddress(ctx.task.cred, ns, d, text, { flags, scope: scope ?? defScope, ...(label !== undefined ? { label } : {}), ...(brd !== undefined ? { broadcast: brd } : {}) });
  } catch (e) {
    return rtnlFail(ctx, e);
  }
  return 0;
}

/** do_ipaddr. */
export function doIpaddr(run: IpRun, argv: readonly string[]): number {
  const { ctx } = run;
  if (argv.length < 1) return listAddrs(run, [], false);
  const cmd = argv[0] ?? '';
  const rest = argv.slice(1);
  if (matches(cmd, 'add')) return modifyAddr(run, rest, 'add');
  if (matches(cmd, 'change') || cmd === 'chg' || matches(cmd, 'replace')) return modifyAddr(run, rest, 'replace');
  if (matches(cmd, 'delete')) return modifyAddr(run, rest, 'del');
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return listAddrs(run, rest, false);
  if (matches(cmd, 'flush')) return flushAddrs(run, rest);
  if (matches(cmd, 'help')) return die(ctx, 'Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]', 255);
  return die(ctx, `Command "${cmd}" is unknown, try "ip address help".`, 255);
}

export type { CommandContext };
