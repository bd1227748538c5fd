/**
 * The net rule catalog: well-formed, carried by the scenario area, and the
 * one the errors of this package name (every errno rule is produced by a
 * call, with its errno and one of its calls, and the error names it; the
 * rules a scenario cannot show say why, and the two whose errors another
 * rule's site gives are checked to be named so).
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNET, CLONE_NEWUSER, ERRNO, Kernel, RULE_ID, composeRules } from '@nsproxy/core';
import type { ErrnoCode, Task } from '@nsproxy/core';
import { SimWorld } from '@nsproxy/core/scenario';
import { expectNamedRule, expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import {
  RTN, RT_SCOPE, RT_TABLE, acceptSocket, addAddress, addDefaultRoute, addRoute, bindSocket, connectSocket, createVeth, delAddress, delLink, delRoute,
  getRoute, listenSocket, moveLink, netNamespaceType, netNsByIdOrFail, netNsOf, netRules, netSysctlWrite, parseAddress, recvSocket, routeDump, sendSocket, setLinkMtu,
  setLinkUp, setNetnsId, socketNs, socketat,
} from './index.ts';
import type { NetNamespace, Socket } from './index.ts';
import { netArea } from './scenario.ts';
import { boot, openSocket, setnsNet, socketAt, unprivilegedTask } from '../test/helpers.ts';

const byId = new Map(netRules.map((r) => [r.id, r]));
const IDS = /^(T[1-9]|I6|R3)\.[0-9]+$/;
/** A source file of the kernel (or of iproute2, `ip/ipnetns.c`, for `ip netns`), or several separated by commas. */
const FILES = /^(net|drivers|include|kernel|fs|ip)\/[a-z0-9_/]+\.[ch](, (net|drivers|include|kernel|fs|ip)\/[a-z0-9_/]+\.[ch])*$/;

function isErrno(outcome: string): outcome is ErrnoCode {
  return Object.hasOwn(ERRNO, outcome);
}

describe('the net catalog', () => {
  it('has the ids the kernel rules cite, in the net sections only (T1-T9, I6, and R3: road socketat)', () => {
    for (const id of ['T1.1', 'T1.3', 'T2.1', 'T2.3', 'T2.4', 'T2.5', 'T2.7', 'T3.1', 'T3.2', 'T3.3', 'T4.1', 'T4.2', 'T4.3', 'I6.1', 'I6.2']) {
      expect(byId.has(id), id).toBe(true);
    }
    for (const r of netRules) {
      expect(r.id, r.id).toMatch(RULE_ID);
      expect(r.id, r.id).toMatch(IDS);
    }
    expect(byId.size).toBe(netRules.length);
  });

  for (const r of netRules) {
    it(`states ${r.id} in one sentence, with an errno or an effect, its calls and a Linux function and file`, () => {
      expectRuleCatalog([r], { ids: IDS, files: FILES });
    });
  }

  it('is the scenario area\'s, and composes: the rules giving an errno for a call are found', () => {
    expect(netArea.rules).toBe(netRules);
    const catalog = composeRules([netRules]);
    expect(catalog.giving('EEXIST', 'rtnetlink').map((r) => r.id).sort()).toEqual(['T2.4', 'T5.3', 'T6.3', 'T7.1', 'T7.4']);
    expect(catalog.giving('EPERM', 'rtnetlink').map((r) => r.id).sort()).toEqual(['T2.2', 'T6.1']);
    expect(catalog.giving('EINVAL', 'bind').map((r) => r.id).sort()).toEqual(['T7.5', 'T8.6']);
    expect(catalog.giving('EPERM', 'setns').map((r) => r.id)).toEqual(['I6.1']);
    expect(catalog.giving('EAGAIN', 'recv').map((r) => r.id)).toEqual(['T8.11']);
  });

  it('says why a rule cannot be shown on the real kernel where a scenario cannot reach it', () => {
    for (const id of ['T2.2', 'T8.6', 'I6.1']) expect(byId.get(id)?.unshowable, id).toBeDefined();
  });
});

/** A call of this package that fails, and the rule its error must name. */
type Trigger = readonly [title: string, id: string, call: () => unknown];

/** Two namespaces joined by veth v0 (init's, 10.0.0.1/24) and v1 (c's, 10.0.0.2/24), both up, lo up in init's. */
function paired(): { kernel: Kernel; init: Task; c: Task; mine: NetNamespace; theirs: NetNamespace; sock: (t: Task, proto: 'tcp' | 'udp') => Socket } {
  const { kernel, init } = boot();
  const c = kernel.clone(init, CLONE_NEWNET);
  const mine = netNsOf(kernel, init);
  const theirs = netNsOf(kernel, c);
  createVeth(init.cred, mine, 'v0', 'v1');
  moveLink(init.cred, mine, 'v1', theirs);
  addAddress(init.cred, mine, 'v0', '10.0.0.1/24');
  addAddress(c.cred, theirs, 'v1', '10.0.0.2/24');
  setLinkUp(init.cred, mine, 'v0', true);
  setLinkUp(c.cred, theirs, 'v1', true);
  setLinkUp(init.cred, mine, 'lo', true);
  const sock = (t: Task, proto: 'tcp' | 'udp'): Socket => socketAt(kernel, t, openSocket(kernel, t, proto));
  return { kernel, init, c, mine, theirs, sock };
}

function triggers(): Trigger[] {
  const out: Trigger[] = [];
  const add = (title: string, id: string, call: () => unknown): void => void out.push([title, id, call]);

  {
    const { kernel, init, c, mine, theirs, sock } = paired();
    const u = unprivilegedTask(kernel, init, 1000);
    const noCaps = kernel.clone(init, 0);
    kernel.capset(noCaps, { effective: 0n, permitted: 0n });
    createVeth(c.cred, theirs, 'v0', 'w0');
    createVeth(init.cred, mine, 'd0', 'd1');
    addAddress(init.cred, mine, 'd0', '10.7.0.1/24');
    add('a default route through the namespace\'s own address on a link that is down', 'T7.7', () => addDefaultRoute(init.cred, mine, '10.7.0.1'));
    add('a move of lo', 'T2.3', () => moveLink(init.cred, mine, 'lo', theirs));
    add('a move of a link whose name the target has', 'T2.4', () => moveLink(init.cred, mine, 'v0', theirs));
    add('SIOCGSKNS without CAP_NET_ADMIN over the socket\'s owner', 'T4.2', () => socketNs(u.cred, sock(init, 'tcp')));
    add('a veth made without CAP_NET_ADMIN', 'T6.1', () => createVeth(u.cred, mine, 'a', 'b'));
    add('a link set up without CAP_NET_ADMIN', 'T6.1', () => setLinkUp(u.cred, mine, 'lo', true));
    add('a move without CAP_NET_ADMIN', 'T6.1', () => moveLink(u.cred, mine, 'v0', theirs));
    add('a link set up that does not exist', 'T6.2', () => setLinkUp(init.cred, mine, 'nope', true));
    add('an address added to a link that does not exist', 'T6.2', () => addAddress(init.cred, mine, 'nope', '10.9.0.1/24'));
    add('a veth named like an existing link', 'T6.3', () => createVeth(init.cred, mine, 'eth0', 'x'));
    add('a veth whose peer is named like an existing link', 'T6.3', () => createVeth(init.cred, mine, 'x', 'v0'));
    add('a delete of lo', 'T6.4', () => delLink(init.cred, mine, 'lo'));
    add('a delete of eth0', 'T6.4', () => delLink(init.cred, mine, 'eth0'));
    add('an address a link has', 'T7.1', () => addAddress(init.cred, mine, 'v0', '10.0.0.1/24'));
    add('a default route through an unreachable gateway', 'T7.3', () => addDefaultRoute(init.cred, mine, '192.168.9.1'));
    add('an address that is none', 'T7.5', () => addAddress(init.cred, mine, 'v0', '10.0.0.300/24'));
    add('a prefix too long for IPv4', 'T7.5', () => addAddress(init.cred, mine, 'v0', '10.0.0.5/33'));
    add('a bind to an address that is not the namespace\'s', 'T8.2', () => bindSocket(init.cred, sock(init, 'tcp'), 5000, '10.0.0.2'));
    add('a bind below 1024 without CAP_NET_BIND_SERVICE', 'T8.3', () => bindSocket(u.cred, sock(u, 'tcp'), 80));
    add('a connect without a route', 'T8.5', () => connectSocket(init.cred, sock(init, 'tcp'), '192.168.9.1', 80));
    add('a listen on UDP', 'T8.7', () => listenSocket(init.cred, sock(init, 'udp')));
    add('a connect of an IPv4 socket to an IPv6 address', 'T8.9', () => connectSocket(init.cred, sock(init, 'tcp'), '::1', 80));
    add('a connect to a port nothing listens on', 'T8.10', () => connectSocket(init.cred, sock(init, 'tcp'), '10.0.0.2', 80));
    add('a connect to a port nothing listens on, over lo', 'T8.10', () => connectSocket(init.cred, sock(init, 'tcp'), '127.0.0.1', 80));
    add('a recv on a TCP socket that is not connected', 'T8.12', () => recvSocket(sock(init, 'tcp')));
    add('a send on a TCP socket that never connected', 'T8.13', () => sendSocket(sock(init, 'tcp'), 'x'));
    add('an accept on UDP', 'T8.7', () => acceptSocket(sock(init, 'udp')));
    add('a default route through an IPv6 gateway no route reaches', 'T7.6', () => addDefaultRoute(init.cred, mine, 'fd00::9'));
    add('ip_forward written by the namespace\'s root without CAP_NET_ADMIN', 'T9.3', () => netSysctlWrite(kernel, noCaps, 'net.ipv4.ip_forward', '1'));
    add('a send on a UDP socket without destination', 'T8.14', () => sendSocket(sock(init, 'udp'), 'x'));
    add('an accept on a socket that does not listen', 'T8.15', () => acceptSocket(sock(init, 'tcp')));
    add('a sysctl write without CAP_NET_ADMIN', 'T9.1', () => netSysctlWrite(kernel, u, 'net.ipv4.ip_forward', '1'));
    add('a sysctl write of a word', 'T9.2', () => netSysctlWrite(kernel, init, 'net.core.somaxconn', 'many'));
    add('a negative somaxconn', 'T9.2', () => netSysctlWrite(kernel, init, 'net.core.somaxconn', '-5'));
  }
  {
    const { init, mine } = paired();
    addDefaultRoute(init.cred, mine, '10.0.0.2');
    add('a second default route', 'T7.4', () => addDefaultRoute(init.cred, mine, '10.0.0.3'));
  }
  {
    const { kernel, init, c, mine, theirs } = paired();
    const net = (text: string): ReturnType<typeof parseAddress> => parseAddress(text, 'test');
    add('a delete of an address the link does not have', 'T7.8', () => delAddress(init.cred, mine, 'v0', { address: '10.0.0.9/24', withPrefix: true }));
    add('a delete of an IPv6 address with another prefix length', 'T7.8', () => delAddress(init.cred, mine, 'lo', { address: '::1/64', withPrefix: true }));
    add('a delete of a route that does not exist', 'T7.9', () => delRoute(init.cred, mine, { family: 4, dst: net('10.9.9.0/24') }));
    add('a delete in a table that does not exist', 'T7.9', () => delRoute(init.cred, mine, { family: 4, table: 99, dst: net('10.9.9.0/24') }));
    add('a secondary of another scope than its primary', 'T7.10', () => addAddress(init.cred, mine, 'v0', '10.0.0.7/24', { scope: RT_SCOPE.LINK }));
    add('an MTU above a veth\'s range', 'T6.10', () => setLinkMtu(init.cred, mine, 'v0', 70000));
    add('an MTU below the minimum', 'T6.10', () => setLinkMtu(init.cred, mine, 'v0', 60));
    for (const [type, id, dst] of [[RTN.BLACKHOLE, 'T7.16', '10.16.0.0/16'], [RTN.UNREACHABLE, 'T7.17', '10.17.0.0/16'], [RTN.PROHIBIT, 'T7.18', '10.18.0.0/16']] as const) {
      addRoute(init.cred, mine, { family: 4, dst: net(dst), type });
      add(`a route get that ends at an error route (${type})`, id, () => getRoute(mine, net(dst.replace('/16', '').replace('.0.0', '.1.1'))));
    }
    add('a route get of an address no route covers', 'T7.11', () => getRoute(mine, net('192.168.1.1')));
    add('a route change without a route to change', 'T7.12', () => addRoute(init.cred, mine, { family: 4, dst: net('10.8.0.0/16'), dev: mine.byName.get('v0') ?? null, scope: RT_SCOPE.LINK }, { replace: true }));
    add('a dump of a table that does not exist', 'T7.12', () => routeDump(theirs, 4, 99));
    add('a route with host bits beyond its prefix', 'T7.15', () => addRoute(init.cred, mine, { family: 4, dst: net('10.8.0.1/16'), dev: mine.byName.get('v0') ?? null, scope: RT_SCOPE.LINK }));
    add('a local route of link scope', 'T7.15', () => addRoute(init.cred, mine, { family: 4, table: RT_TABLE.LOCAL, type: RTN.LOCAL, scope: RT_SCOPE.LINK, dst: net('10.8.0.1/32'), dev: mine.byName.get('v0') ?? null }));
    add('a route through a broadcast address', 'T7.15', () => addRoute(init.cred, mine, { family: 4, dst: net('10.8.0.0/16'), gateway: net('10.0.0.255') }));
    // (The move of v1 gave theirs id 0 here already.)
    add('an id for a namespace that has one', 'T5.3', () => setNetnsId(init.cred, mine, theirs, 6));
    setNetnsId(init.cred, mine, netNsOf(kernel, kernel.clone(init, CLONE_NEWNET)), 5);
    add('an id given already', 'T5.3', () => setNetnsId(init.cred, mine, netNsOf(kernel, kernel.clone(init, CLONE_NEWNET)), 5));
    add('an id the namespace has not given', 'T5.5', () => netNsByIdOrFail(netNsOf(kernel, c), 5));
  }
  {
    const { init, sock } = paired();
    const s = sock(init, 'tcp');
    bindSocket(init.cred, s, 5000);
    add('a bind of a bound socket', 'T8.6', () => bindSocket(init.cred, s, 5001));
    const l = sock(init, 'tcp');
    bindSocket(init.cred, l, 6000);
    listenSocket(init.cred, l);
    add('a bind of a port bound for every address', 'T8.4', () => bindSocket(init.cred, sock(init, 'tcp'), 6000, '127.0.0.1'));
    const idle = sock(init, 'tcp');
    listenSocket(init.cred, idle);
    add('an accept with no connection waiting', 'T8.11', () => acceptSocket(idle));
    const client = sock(init, 'tcp');
    connectSocket(init.cred, client, '127.0.0.1', 6000);
    add('a recv with nothing received', 'T8.11', () => recvSocket(client));
  }
  {
    const { kernel, init, sock } = paired();
    const l = sock(init, 'tcp');
    listenSocket(init.cred, l);
    const client = sock(init, 'tcp');
    connectSocket(init.cred, client, '127.0.0.1', l.local?.port ?? 0);
    acceptSocket(l).release(kernel);
    sendSocket(client, 'x'); // the first send after the peer closed goes out and meets a reset
    add('a second send to a peer that closed', 'T8.13', () => sendSocket(client, 'x'));
    const connected = sock(init, 'tcp');
    connectSocket(init.cred, connected, '127.0.0.1', l.local?.port ?? 0);
    add('a listen on a connected socket', 'T8.15', () => listenSocket(init.cred, connected));
  }
  {
    // A datagram to a port nothing is bound to comes back as port unreachable: the next call fails, once.
    const { init, sock } = paired();
    const a = sock(init, 'udp');
    connectSocket(init.cred, a, '127.0.0.1', 9);
    sendSocket(a, 'x');
    add('a send after a datagram met no socket', 'T8.18', () => sendSocket(a, 'y'));
    const b = sock(init, 'udp');
    connectSocket(init.cred, b, '10.0.0.2', 9);
    sendSocket(b, 'x');
    add('a recv after a datagram met no socket in the peer\'s namespace', 'T8.18', () => recvSocket(b));
  }
  {
    // The peer answers ARP for its address but has no route back: the handshake never completes.
    const { kernel, init, c, mine, theirs, sock } = paired();
    createVeth(c.cred, theirs, 'r0', 'r1');
    moveLink(c.cred, theirs, 'r1', netNsOf(kernel, init));
    addAddress(c.cred, theirs, 'r0', '10.5.0.2/32');
    setLinkUp(c.cred, theirs, 'r0', true);
    addAddress(init.cred, mine, 'r1', '10.5.0.1/24');
    setLinkUp(init.cred, mine, 'r1', true);
    add('a connect to a peer without a route back', 'T8.8', () => connectSocket(init.cred, sock(init, 'tcp'), '10.5.0.2', 80));
  }
  {
    // The scenario ops: a move to the namespace of a task that is not there, a socket op on an fd that is no socket.
    const world = new SimWorld([netArea]);
    const init = world.task('init') as Task;
    world.fdsOf(init).set('nsfd', world.kernel.openNs(init, init, 'net'));
    add('link-netns-pid to a process that is not there', 'T2.1', () => netArea.sim['link-netns-pid']?.(world, init, ['lo', 'nobody']));
    for (const op of ['listen', 'send', 'recv'] as const) {
      add(`${op} on an ns file`, 'T8.16', () => netArea.sim[op]?.(world, init, ['nsfd', 'x']));
    }
    add('sockns (SIOCGSKNS) on an ns file', 'T8.17', () => netArea.sim.sockns?.(world, init, ['nsfd']));
    add('accept on an ns file', 'T8.16', () => netArea.sim.accept?.(world, init, ['nsfd', 'new']));
  }
  {
    const { init, mine, c, sock } = paired();
    add('a veth with a 16-byte name', 'T6.7', () => createVeth(init.cred, mine, 'abcdefghijklmnop', 'p'));
    add('a veth whose name has a slash', 'T6.8', () => createVeth(init.cred, mine, 'a/b', 'p'));
    const listener = sock(c, 'tcp');
    bindSocket(c.cred, listener, 8000);
    listenSocket(c.cred, listener);
    const client = sock(init, 'tcp');
    connectSocket(init.cred, client, '10.0.0.2', 8000);
    add('connect on a connected socket', 'T8.19', () => connectSocket(init.cred, client, '10.0.0.2', 8000));
    const waiting = sock(init, 'tcp');
    connectSocket(init.cred, waiting, '10.0.0.2', 8000);
    listener.release(c.kernel);
    add('recv by a client whose connection waited in a listener that closed', 'T8.20', () => recvSocket(waiting));
  }
  {
    // udp_sendmsg looks the connected route up again: it went with the link.
    const { init, mine, sock } = paired();
    const u = sock(init, 'udp');
    connectSocket(init.cred, u, '10.0.0.2', 53);
    setLinkUp(init.cred, mine, 'v0', false);
    add('a send on a connected UDP socket whose route went with its link', 'T8.5', () => sendSocket(u, 'x'));
  }
  {
    // Below IPv4's minimum MTU lo has no in_device; below IPv6's a veth has no inet6_dev (T7.19-T7.22).
    const { init, mine, sock } = paired();
    setLinkMtu(init.cred, mine, 'lo', 60);
    setLinkMtu(init.cred, mine, 'v0', 1000);
    const net = (text: string): ReturnType<typeof parseAddress> => parseAddress(text, 'test');
    add('a route through lo without an in_device', 'T7.19', () => addRoute(init.cred, mine, { family: 4, dst: net('10.8.0.0/16'), dev: mine.byName.get('lo') ?? null, scope: RT_SCOPE.LINK }));
    add('an IPv4 address delete on lo without an in_device', 'T7.19', () => delAddress(init.cred, mine, 'lo', { address: '127.0.0.1/8', withPrefix: true }));
    add('an IPv6 route through a veth without an inet6_dev', 'T7.19', () => addRoute(init.cred, mine, { family: 6, dst: net('fd08::/64'), dev: mine.byName.get('v0') ?? null }));
    add('an IPv4 address on lo without an in_device', 'T7.20', () => addAddress(init.cred, mine, 'lo', '10.9.0.1/24'));
    add('an IPv6 address on a veth below 1280', 'T7.21', () => addAddress(init.cred, mine, 'v0', 'fd08::1/64'));
    add('a UDP connect to a local address while lo has no in_device', 'T7.24', () => connectSocket(init.cred, sock(init, 'udp'), '10.0.0.1', 53));
    add('a TCP connect to a local address while lo has no in_device', 'T7.24', () => connectSocket(init.cred, sock(init, 'tcp'), '10.0.0.1', 53));
    add('a route get of a local address while lo has no in_device', 'T7.24', () => getRoute(mine, net('10.0.0.1')));
    add('an IPv6 address delete on a veth without an inet6_dev', 'T7.22', () => delAddress(init.cred, mine, 'v0', { address: 'fd08::1/64', withPrefix: true }));
  }
  {
    // Road socketat (socketat.ts): ENOSYS without the road, EINVAL for a file that is no network namespace's.
    const { kernel, init } = boot();
    const nsfd = kernel.openNs(init, init, 'net');
    add('socketat on a kernel without road socketat', 'R3.1', () => socketat(kernel, init, nsfd, 'tcp'));
    const onRoad = new Kernel({ namespaces: [netNamespaceType], roads: ['socketat'] });
    const pidfd = onRoad.pidfdOpen(onRoad.initTask, onRoad.getpid(onRoad.initTask));
    add('socketat with a pidfd', 'R3.2', () => socketat(onRoad, onRoad.initTask, pidfd, 'tcp'));
  }
  return out;
}

/** Errno rules whose error this package does not throw: another rule's site names the errno (checked below). */
const NOT_THROWN_HERE: readonly string[] = ['T2.2', 'I6.1'];

describe('the errors of the package name their rule', () => {
  it.each(triggers())('%s: %s', (_title, id, call) => {
    expectNamedRule(kernelErrorOf(call), netRules, id);
  });

  it('every errno rule has a call above that produces it', () => {
    const produced = new Set(triggers().map(([, id]) => id));
    const errnoRules = netRules.filter((r) => isErrno(r.outcome) && !NOT_THROWN_HERE.includes(r.id)).map((r) => r.id);
    expect(errnoRules.filter((id) => !produced.has(id))).toEqual([]);
    for (const id of NOT_THROWN_HERE) expect(byId.get(id)?.unshowable, id).toBeDefined();
  });

  it('T2.2: a move into a namespace the caller has no CAP_NET_ADMIN over is EPERM before the link is looked up, and names T6.1', () => {
    const { kernel, init, mine } = paired();
    const inner = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNET);
    const e = kernelErrorOf(() => moveLink(inner.cred, netNsOf(kernel, inner), 'no-such-link', mine));
    expect([e.code, e.rule]).toEqual(['EPERM', 'T6.1']);
  });

  it('I6.1: setns into a network namespace without CAP_SYS_ADMIN over its owner is EPERM, named by core (C8.18)', () => {
    const { kernel, init } = boot();
    const u = unprivilegedTask(kernel, init, 1000);
    // (Its own namespace: it may not open init's ns file, the ptrace check.)
    const e = kernelErrorOf(() => setnsNet(kernel, u, u));
    expect([e.code, e.rule]).toEqual(['EPERM', 'C8.18']);
    // From a child user namespace, full capabilities are none over the initial one, which owns init's namespace.
    const inner = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNET);
    const fd = kernel.openNsInode(inner, netNsOf(kernel, init));
    expect(kernelErrorOf(() => kernel.setns(inner, fd, CLONE_NEWNET)).rule).toBe('C8.18');
  });
});
