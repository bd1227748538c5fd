/**
 * Addresses and routes (net/ipv4/devinet.c, net/ipv6/addrconf.c,
 * net/ipv4/fib_frontend.c): an address belongs to a link; a link that is up
 * gives the connected route of each of its addresses (the kernel adds it
 * with the address, fib_add_ifaddr, and takes it away when the link goes
 * down); a default route goes through a gateway a connected route reaches.
 */
import { fail } from '@nsproxy/core';
import type { Cred } from '@nsproxy/core';
import type { LinkAddress, NetDevice } from './link.ts';
import { addLocal, checkNetAdmin, deviceByName } from './link.ts';
import type { NetNamespace } from './namespace.ts';

/** A route added by hand: a default route through a gateway. */
export interface Route {
  readonly family: 4 | 6;
  readonly gateway: LinkAddress;
  readonly dev: NetDevice;
}

/** Parses `10.0.0.1`, `10.0.0.1/24`, `fd00::1/64` (EINVAL for what is no address or no prefix of its family). */
export function parseAddress(text: string, sys: string, defaultPrefix?: number): LinkAddress {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = parseV4(addr);
  const family = v4 !== undefined ? 4 : 6;
  const value = v4 ?? parseV6(addr);
  if (value === undefined) return fail('EINVAL', sys, `not an address: ${text}`, 'T7.5');
  const max = family === 4 ? 32 : 128;
  const prefixText = text.slice(slash + 1);
  const prefix = slash < 0 ? defaultPrefix ?? max : /^[0-9]+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) fail('EINVAL', sys, `bad prefix length in ${text}`, 'T7.5');
  return { family, addr: family === 4 ? formatV4(value) : formatV6(value), prefix, value };
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.split('::').length > 2) return undefined;
  const [head = '', tail] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const missing = 8 - h.length - t.length;
  if ((tail === undefined && missing !== 0) || missing < 0) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatV4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/** inet_ntop's IPv6 form: lowercase, the longest run of two or more zero groups as `::` (the first of equal runs). */
function formatV6(v: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((v >> s) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** The network of an address (its prefix's bits). */
function network(a: LinkAddress): bigint {
  const bits = BigInt(a.family === 4 ? 32 : 128);
  const host = bits - BigInt(a.prefix);
  return (a.value >> host) << host;
}

/** Whether `addr` lies in `net`'s prefix. */
export function inPrefix(net: LinkAddress, addr: LinkAddress): boolean {
  if (net.family !== addr.family) return false;
  const bits = BigInt(net.family === 4 ? 32 : 128);
  const host = bits - BigInt(net.prefix);
  return addr.value >> host === net.value >> host;
}

/** RTM_NEWADDR (NLM_F_CREATE|NLM_F_EXCL): the address on the link; EEXIST when the link has it already. */
export function addAddress(cred: Cred, ns: NetNamespace, name: string, text: string): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  // rtm_to_ifaddr checks the prefix before it looks the link up.
  const a = parseAddress(text, sys);
  const dev = deviceByName(ns, name, sys);
  // IPv4 tells addresses apart by address and prefix; IPv6 by address.
  if (dev.addrs.some((x) => x.family === a.family && x.value === a.value && (a.family === 6 || x.prefix === a.prefix))) fail('EEXIST', sys, `${dev.name} has ${a.addr}`, 'T7.1');
  dev.addrs.push(a);
  // fib_add_ifaddr: the local route always, the prefix route only while the link is up (routeList derives it).
  if (a.family === 4) addLocal(dev, a);
}

/** The main table's IPv4 routes, as `ip route` prints them: connected routes of up links, then default routes. */
export function routeList(ns: NetNamespace): string[] {
  const out: string[] = [];
  for (const dev of ns.byIndex.values()) {
    if (!dev.up || dev.kind === 'loopback') continue;
    for (const a of dev.addrs) {
      if (a.family !== 4 || a.prefix === 32) continue;
      // A second address of a prefix is a secondary: one route for the prefix.
      const route = `${formatV4(network(a))}/${a.prefix} dev ${dev.name}`;
      if (!out.includes(route)) out.push(route);
    }
  }
  for (const r of ns.staticRoutes) if (r.family === 4) out.push(`default via ${r.gateway.addr} dev ${r.dev.name}`);
  return out;
}

/** The link whose connected route covers `addr` (fib_lookup on the main table's prefixes), or undefined. */
export function connectedDevice(ns: NetNamespace, addr: LinkAddress): NetDevice | undefined {
  let best: { dev: NetDevice; prefix: number } | undefined;
  for (const dev of ns.byIndex.values()) {
    if (!dev.up || dev.kind === 'loopback') continue;
    for (const a of dev.addrs) if (inPrefix(a, addr) && (!best || a.prefix > best.prefix)) best = { dev, prefix: a.prefix };
  }
  return best?.dev;
}

/** The route for `addr`: the longest connected prefix, else a default route of its family; undefined: ENETUNREACH. */
export function routeFor(ns: NetNamespace, addr: LinkAddress): { dev: NetDevice; via?: LinkAddress } | undefined {
  const dev = connectedDevice(ns, addr);
  if (dev) return { dev };
  const r = ns.staticRoutes.find((x) => x.family === addr.family);
  return r ? { dev: r.dev, via: r.gateway } : undefined;
}

/** RTM_NEWROUTE of a default route: the gateway must be on a connected route (ENETUNREACH); one default route per family (EEXIST). */
export function addDefaultRoute(cred: Cred, ns: NetNamespace, gatewayText: string): void {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, ns, sys);
  const gw = parseAddress(gatewayText, sys);
  // fib_check_nh: a gateway on a connected route, or one of the namespace's own addresses (via the link that has it).
  const dev = connectedDevice(ns, gw) ?? (isLocal(ns, gw) ? localDevice(ns, gw) : undefined);
  if (!dev && gw.family === 6) fail('EHOSTUNREACH', sys, `no route to ${gw.addr}`, 'T7.6');
  if (!dev) fail('ENETUNREACH', sys, `no route to ${gw.addr}`, 'T7.3');
  if (!dev.up) fail('ENETDOWN', sys, `${dev.name}, which has the gateway, is down`, 'T7.7');
  if (ns.staticRoutes.some((r) => r.family === gw.family)) fail('EEXIST', sys, 'a default route exists', 'T7.4');
  ns.staticRoutes.push({ family: gw.family, gateway: gw, dev });
}

/** The link that has a local address (lo for 127/8). */
function localDevice(ns: NetNamespace, addr: LinkAddress): NetDevice | undefined {
  for (const dev of ns.byIndex.values()) {
    for (const a of dev.addrs) if (a.family === addr.family && (a.value === addr.value || (dev.kind === 'loopback' && inPrefix(a, addr)))) return dev;
  }
  return undefined;
}

/**
 * Whether `addr` is local to the namespace: for IPv4, in the local table
 * (an address of a link, up or not since the address was added; the prefix
 * of an address on lo, 127/8 among them, once lo was up with it); for IPv6,
 * an address of a link.
 */
export function isLocal(ns: NetNamespace, addr: LinkAddress): boolean {
  if (addr.family === 4) return ns.localV4.has(addr.value) || ns.localPrefixesV4.some((p) => inPrefix(p, addr));
  for (const dev of ns.byIndex.values()) for (const a of dev.addrs) if (a.family === 6 && a.value === addr.value) return true;
  return false;
}

/** inet_addr_valid_or_nonlocal: bind may take a local address, and any IPv4 one while the namespace has no local table yet. */
export function bindable(ns: NetNamespace, addr: LinkAddress): boolean {
  return isLocal(ns, addr) || (addr.family === 4 && !ns.hasLocalTable);
}

/** The source address a packet to `addr` leaves from: the first address of the route's link in its family. */
export function sourceFor(dev: NetDevice, addr: LinkAddress): LinkAddress | undefined {
  return dev.addrs.find((a) => a.family === addr.family && inPrefix(a, addr)) ?? dev.addrs.find((a) => a.family === addr.family);
}
