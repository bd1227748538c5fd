/**
 * The routing tables (fib.ts, addr.ts, route.ts): the kernel's own routes
 * of addresses (fib_add_ifaddr, fib_del_ifaddr, addrconf), secondaries,
 * route insertion order and its EEXIST, deletion by match, replace and
 * change, the next hop's checks, lookups (route get), and what a link that
 * goes down or loses its last address takes along. Each case is what Linux
 * 6.18 does (the fixture ip-addr-route.sh, the scenarios route-add-del.nss
 * and addr-del-secondaries.nss).
 */
import { describe, expect, it } from 'vitest';
import {
  RTN, RT_SCOPE, RT_TABLE, addAddress, addRoute, createVeth, delAddress, delRoute, formatAddress, getRoute, netNsOf, parseAddress, routeDump,
  routeList, setLinkUp,
} from './index.ts';
import type { FibRoute, NetNamespace } from './index.ts';
import { extackOf } from './extack.ts';
import { boot, kernelErrorOf } from '../test/helpers.ts';

/** A route as `<type> <dst>/<len> <dev> m<metric>`. */
const show = (r: FibRoute): string => `${['', 'unicast', 'local', 'broadcast', '', 'multicast'][r.type] ?? r.type} ${formatAddress(r.family, r.dst)}/${r.plen} ${r.dev?.name ?? '-'}${r.gateway ? ` via ${r.gateway.addr}` : ''} m${r.priority}`;
const net = (text: string): ReturnType<typeof parseAddress> => parseAddress(text, 'test');

function up(): { init: ReturnType<typeof boot>['init']; ns: NetNamespace } {
  const { kernel, init } = boot();
  const ns = netNsOf(kernel, init);
  createVeth(init.cred, ns, 'v0', 'v1');
  setLinkUp(init.cred, ns, 'v0', true);
  return { init, ns };
}

describe('the kernel\'s routes of addresses (T7.13, T7.10)', () => {
  it('an IPv4 address: its local route at once; up, the prefix route and the prefix\'s broadcast; lo\'s prefix is local', () => {
    const { kernel, init } = boot();
    const ns = netNsOf(kernel, init);
    createVeth(init.cred, ns, 'v0', 'v1');
    addAddress(init.cred, ns, 'v0', '10.0.0.1/24');
    expect(routeDump(ns, 4, RT_TABLE.LOCAL).map(show)).toEqual(['local 10.0.0.1/32 v0 m0']);
    setLinkUp(init.cred, ns, 'v0', true);
    setLinkUp(init.cred, ns, 'lo', true);
    expect(routeDump(ns, 4, 0).map(show)).toEqual([
      'unicast 10.0.0.0/24 v0 m0', 'local 10.0.0.1/32 v0 m0', 'broadcast 10.0.0.255/32 v0 m0',
      'local 127.0.0.0/8 lo m0', 'local 127.0.0.1/32 lo m0', 'broadcast 127.255.255.255/32 lo m0',
    ]);
  });

  it('a secondary gets no prefix route; deleting the primary takes it along; the last address takes every IPv4 route of the link', () => {
    const { init, ns } = up();
    addAddress(init.cred, ns, 'v0', '10.0.0.1/24');
    addAddress(init.cred, ns, 'v0', '10.0.0.2/24');
    expect(ns.byName.get('v0')?.addrs.map((a) => `${a.addr}:${a.flags & 1}`)).toEqual(['10.0.0.1:0', '10.0.0.2:1']);
    expect(routeList(ns)).toEqual(['10.0.0.0/24 dev v0']);
    const scope = kernelErrorOf(() => addAddress(init.cred, ns, 'v0', '10.0.0.3/24', { scope: RT_SCOPE.LINK }));
    expect([scope.code, scope.rule, extackOf(scope)]).toEqual(['EINVAL', 'T7.10', 'ipv4: Invalid scope value']);
    addRoute(init.cred, ns, { family: 4, dst: net('10.5.0.0/16'), dev: ns.byName.get('v0') ?? null, scope: RT_SCOPE.LINK });
    delAddress(init.cred, ns, 'v0', { address: '10.0.0.1/24', withPrefix: true });
    expect([ns.byName.get('v0')?.addrs.length, routeDump(ns, 4, 0).map(show)]).toEqual([0, []]);
  });

  it('an IPv6 address without IFA_F_NODAD is tentative (no local route) until the link has a carrier; the link-local address comes from the MAC', () => {
    const { kernel, init } = boot();
    const ns = netNsOf(kernel, init);
    createVeth(init.cred, ns, 'v0', 'v1', { address: '02:00:00:00:00:01' });
    setLinkUp(init.cred, ns, 'v0', true);
    addAddress(init.cred, ns, 'v0', 'fd00::1/64', { flags: 0 });
    expect(routeDump(ns, 6, 0).map(show)).toEqual(['unicast fd00::/64 v0 m256', 'multicast ff00::/8 v0 m256']);
    setLinkUp(init.cred, ns, 'v1', true);
    expect(ns.byName.get('v0')?.addrs.map((a) => `${a.addr}/${a.prefix}${a.flags & 0x40 ? ' tentative' : ''}`)).toEqual(['fd00::1/64', 'fe80::ff:fe00:1/64']);
    expect(routeDump(ns, 6, 0).map(show)).toEqual([
      'unicast fd00::/64 v0 m256', 'unicast fe80::/64 v1 m256', 'unicast fe80::/64 v0 m256',
      'local fd00::1/128 v0 m0', 'local fe80::ff:fe00:1/128 v0 m0', `local ${ns.byName.get('v1')?.addrs[0]?.addr ?? '?'}/128 v1 m0`,
      'multicast ff00::/8 v0 m256', 'multicast ff00::/8 v1 m256',
    ]);
  });
});

describe('route requests (T7.4, T7.7, T7.9, T7.11, T7.12, T7.15)', () => {
  it('the order of a table: by key, the longer prefix first, then by metric; a prefix and metric once (EEXIST)', () => {
    const { init, ns } = up();
    addAddress(init.cred, ns, 'v0', '10.0.0.1/24');
    const v0 = ns.byName.get('v0') ?? null;
    addRoute(init.cred, ns, { family: 4, dst: net('10.0.0.0/24'), dev: v0, scope: RT_SCOPE.LINK, metric: 10 });
    addRoute(init.cred, ns, { family: 4, dst: net('10.0.0.0/16'), dev: v0, scope: RT_SCOPE.LINK });
    addRoute(init.cred, ns, { family: 4, dst: net('0.0.0.0/0'), gateway: net('10.0.0.254') });
    expect(routeDump(ns, 4, RT_TABLE.MAIN).map(show)).toEqual(['unicast 0.0.0.0/0 v0 via 10.0.0.254 m0', 'unicast 10.0.0.0/24 v0 m0', 'unicast 10.0.0.0/24 v0 m10', 'unicast 10.0.0.0/16 v0 m0']);
    expect(kernelErrorOf(() => addRoute(init.cred, ns, { family: 4, dst: net('10.0.0.0/16'), gateway: net('10.0.0.9') })).rule).toBe('T7.4');
  });

  it('the next hop: a device that is up (ENETDOWN), a gateway on a route of link scope (ENETUNREACH), a unicast gateway (EINVAL), host bits (EINVAL)', () => {
    const { init, ns } = up();
    createVeth(init.cred, ns, 'd0', 'd1');
    addAddress(init.cred, ns, 'v0', '10.0.0.1/24');
    addRoute(init.cred, ns, { family: 4, dst: net('10.2.0.0/16'), gateway: net('10.0.0.2') });
    const cases: [() => unknown, string, string, string | undefined][] = [
      [() => addRoute(init.cred, ns, { family: 4, dst: net('10.1.0.0/24'), dev: ns.byName.get('d0') ?? null, scope: RT_SCOPE.LINK }), 'ENETDOWN', 'T7.7', 'Device for nexthop is not up'],
      [() => addRoute(init.cred, ns, { family: 4, dst: net('10.3.0.0/16'), gateway: net('10.2.0.9') }), 'ENETUNREACH', 'T7.3', 'Nexthop has invalid gateway'],
      [() => addRoute(init.cred, ns, { family: 4, dst: net('10.3.0.0/16'), gateway: net('10.0.0.255') }), 'EINVAL', 'T7.15', 'Nexthop has invalid gateway'],
      [() => addRoute(init.cred, ns, { family: 4, dst: { ...net('10.3.0.1/16') }, dev: ns.byName.get('v0') ?? null, scope: RT_SCOPE.LINK }), 'EINVAL', 'T7.15', 'Invalid prefix for given prefix length'],
      [() => addRoute(init.cred, ns, { family: 4, dst: net('10.3.0.0/16'), scope: RT_SCOPE.LINK }), 'ENODEV', 'T6.2', undefined],
    ];
    for (const [call, code, rule, msg] of cases) {
      const e = kernelErrorOf(call);
      expect([e.code, e.rule, extackOf(e)]).toEqual([code, rule, msg]);
    }
  });

  it('delete matches what is named (ESRCH otherwise, the kernel\'s own routes too); change needs a route, replace makes one', () => {
    const { init, ns } = up();
    addAddress(init.cred, ns, 'v0', '10.0.0.1/24');
    addRoute(init.cred, ns, { family: 4, dst: net('10.2.0.0/16'), gateway: net('10.0.0.2') });
    expect(kernelErrorOf(() => delRoute(init.cred, ns, { family: 4, dst: net('10.2.0.0/16'), gateway: net('10.0.0.9') })).rule).toBe('T7.9');
    const change = kernelErrorOf(() => addRoute(init.cred, ns, { family: 4, dst: net('10.9.0.0/16'), gateway: net('10.0.0.3') }, { replace: true }));
    expect([change.code, change.rule]).toEqual(['ENOENT', 'T7.12']);
    addRoute(init.cred, ns, { family: 4, dst: net('10.2.0.0/16'), gateway: net('10.0.0.3') }, { create: true, replace: true });
    delRoute(init.cred, ns, { family: 4, dst: net('10.0.0.0/24') });
    expect(routeList(ns)).toEqual(['10.2.0.0/16 via 10.0.0.3 dev v0']);
  });

  it('get: the longest prefix, a local address through lo, ENETUNREACH without a route (T7.11)', () => {
    const { init, ns } = up();
    addAddress(init.cred, ns, 'v0', '10.0.0.1/24');
    addRoute(init.cred, ns, { family: 4, dst: net('0.0.0.0/0'), gateway: net('10.0.0.254') });
    const g = getRoute(ns, net('8.8.8.8'));
    expect([g.route.gateway?.addr, g.gateway?.addr, g.dev?.name, g.src?.addr]).toEqual(['10.0.0.254', '10.0.0.254', 'v0', '10.0.0.1']);
    // A gateway that is the namespace's own address: a next hop of host scope, used without the gateway (rt_set_nexthop).
    addRoute(init.cred, ns, { family: 4, dst: net('10.7.0.0/16'), gateway: net('10.0.0.1') });
    const own = getRoute(ns, net('10.7.0.1'));
    expect([own.route.gateway?.addr, own.gateway, own.dev?.name]).toEqual(['10.0.0.1', null, 'v0']);
    const l = getRoute(ns, net('10.0.0.1'));
    expect([l.route.type, l.dev?.name, l.src?.addr]).toEqual([RTN.LOCAL, 'lo', '10.0.0.1']);
    delRoute(init.cred, ns, { family: 4, dst: net('0.0.0.0/0') });
    expect(kernelErrorOf(() => getRoute(ns, net('8.8.8.8'))).rule).toBe('T7.11');
  });

  it('a dump of an IPv4 table that does not exist is ENOENT (main excepted); the local table comes with the first local route', () => {
    const { kernel, init } = boot();
    const ns = netNsOf(kernel, init);
    expect(routeDump(ns, 4, RT_TABLE.MAIN)).toEqual([]);
    const e = kernelErrorOf(() => routeDump(ns, 4, RT_TABLE.LOCAL));
    expect([e.code, e.rule, extackOf(e)]).toEqual(['ENOENT', 'T7.12', 'ipv4: FIB table does not exist']);
  });
});
