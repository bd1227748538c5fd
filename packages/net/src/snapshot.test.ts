/**
 * Snapshots of network namespaces (snapshot.ts): a restored kernel has the
 * same snapshot and answers later calls as the original (links, veth pairs
 * across namespaces, moves, addresses, routes, sysctls, the local table, a
 * namespace's death sending eth0 home); bound sockets are refused as
 * SnapshotUnsupportedError; and a fast-check property: any sequence of
 * calls, split at any point by a snapshot and a restore, gives the same
 * results and ends in the same state as the unbroken run.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { CLONE_NEWNET, SnapshotUnsupportedError, kernelProblems } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { propertyRuns } from '@nsproxy/testkit';
import { addAddress, addDefaultRoute, bindSocket, createVeth, delLink, moveLink, netNsOf, netSysctlRead, netSysctlWrite, routeList, setLinkUp } from './index.ts';
import { boot, fingerprint, openSocket, socketAt, structureProblems } from '../test/helpers.ts';
import { restoredCopy as restored, taskBySerial as bySerial, outcomeOf as outcome } from '@nsproxy/testkit';

/** The links of a task's namespace as `ip link` shows what matters. */
function links(kernel: Kernel, task: Task): string[] {
  return [...netNsOf(kernel, task).byIndex.values()].map((d) => `${d.ifindex} ${d.name}${d.peer ? `@${d.peer.ns.nsId}/${d.peer.ifindex}` : ''} ${d.up ? 'UP' : 'DOWN'} ${d.addrs.map((a) => `${a.addr}/${a.prefix}`).join(',')}`);
}

/** init and a child `c` in a new network namespace joined to init's by a veth pair with addresses, a default route and a moved eth0. */
function world(): { kernel: Kernel; init: Task; c: Task } {
  const { kernel, init } = boot();
  const c = kernel.clone(init, CLONE_NEWNET);
  const mine = netNsOf(kernel, init);
  createVeth(init.cred, mine, 'v0', 'v1');
  moveLink(init.cred, mine, 'v1', netNsOf(kernel, c));
  for (const [t, dev, addr] of [[init, 'v0', '10.0.0.1/24'], [c, 'v1', '10.0.0.2/24']] as const) {
    addAddress(t.cred, netNsOf(kernel, t), dev, addr);
    setLinkUp(t.cred, netNsOf(kernel, t), dev, true);
  }
  setLinkUp(c.cred, netNsOf(kernel, c), 'lo', true);
  addAddress(c.cred, netNsOf(kernel, c), 'lo', '127.0.0.2/8');
  addDefaultRoute(c.cred, netNsOf(kernel, c), '10.0.0.1');
  addAddress(init.cred, mine, 'eth0', 'fd00::1/64');
  netSysctlWrite(kernel, c, 'net.core.somaxconn', '128');
  netSysctlWrite(kernel, init, 'net.ipv4.ip_forward', '1');
  return { kernel, init, c };
}

describe('net snapshots', () => {
  test('a restored kernel has the same snapshot, links, routes and sysctls', () => {
    const { kernel, init, c } = world();
    const copy = restored(kernel);
    expect(copy.snapshot()).toEqual(kernel.snapshot());
    expect(kernelProblems(copy)).toEqual([]);
    expect(structureProblems(copy)).toEqual([]);
    expect(fingerprint(copy)).toBe(fingerprint(kernel));
    for (const t of [init, c]) {
      const u = bySerial(copy, t.serial);
      expect(links(copy, u)).toEqual(links(kernel, t));
      expect(routeList(netNsOf(copy, u))).toEqual(routeList(netNsOf(kernel, t)));
      for (const name of ['net.core.somaxconn', 'net.ipv4.ip_forward']) expect(netSysctlRead(copy, u, name)).toBe(netSysctlRead(kernel, t, name));
    }
  });

  test('a restored kernel answers later calls as the original does', () => {
    const { kernel, init, c } = world();
    const copy = restored(kernel);
    const steps: [string, (k: Kernel, t: (x: Task) => Task) => unknown][] = [
      ['a second pair takes the next index', (k, t) => createVeth(t(init).cred, netNsOf(k, t(init)), 'w0', 'w1').map((d) => d.ifindex)],
      ['a name taken in the target', (k, t) => moveLink(t(init).cred, netNsOf(k, t(init)), 'w1', netNsOf(k, t(c)))],
      ['the peer is across', (k, t) => links(k, t(c))],
      ['deleting one end takes the other', (k, t) => delLink(t(c).cred, netNsOf(k, t(c)), 'v1')],
      ['init sees it gone', (k, t) => links(k, t(init))],
      ['the route went with the link', (k, t) => routeList(netNsOf(k, t(c)))],
      ['eth0 goes home when its namespace dies', (k, t) => {
        moveLink(t(init).cred, netNsOf(k, t(init)), 'eth0', netNsOf(k, t(c)));
        k.exit(t(c), 0);
        return links(k, t(init));
      }],
    ];
    for (const [what, step] of steps) {
      expect(outcome(() => step(copy, (x) => bySerial(copy, x.serial))), what).toBe(outcome(() => step(kernel, (x) => x)));
    }
    expect(fingerprint(copy)).toBe(fingerprint(kernel));
  });

  test('a namespace with a bound socket cannot be saved (SnapshotUnsupportedError), and can once it is closed', () => {
    const { kernel, init } = world();
    const fd = openSocket(kernel, init, 'tcp');
    bindSocket(init.cred, socketAt(kernel, init, fd), 80, '10.0.0.1');
    expect(() => kernel.snapshot()).toThrow(SnapshotUnsupportedError);
    expect(kernelProblems(kernel)).toEqual([]);
    kernel.close(init, fd);
    expect(restored(kernel).snapshot()).toEqual(kernel.snapshot());
  });
});

type Call =
  | { op: 'veth'; who: number; a: number; b: number }
  | { op: 'up'; who: number; dev: number; up: boolean }
  | { op: 'move'; who: number; dev: number; to: number }
  | { op: 'addr'; who: number; dev: number; addr: number }
  | { op: 'route'; who: number; addr: number }
  | { op: 'del'; who: number; dev: number }
  | { op: 'clone'; who: number }
  | { op: 'exit'; who: number };
const NAMES = ['lo', 'eth0', 'v0', 'v1', 'v2'] as const;
const ADDRS = ['10.0.0.1/24', '10.0.0.2/24', '10.0.1.1/16', 'fd00::1/64', '127.0.0.5/8'] as const;
const who = fc.nat(4);
const dev = fc.nat(NAMES.length - 1);
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ op: fc.constant('veth' as const), who, a: dev, b: dev }),
  fc.record({ op: fc.constant('up' as const), who, dev, up: fc.boolean() }),
  fc.record({ op: fc.constant('move' as const), who, dev, to: who }),
  fc.record({ op: fc.constant('addr' as const), who, dev, addr: fc.nat(ADDRS.length - 1) }),
  fc.record({ op: fc.constant('route' as const), who, addr: fc.nat(ADDRS.length - 1) }),
  fc.record({ op: fc.constant('del' as const), who, dev }),
  fc.record({ op: fc.constant('clone' as const), who }),
  fc.record({ op: fc.constant('exit' as const), who }),
);

/** Runs a call (tasks by position among the live ones, init first; init never exits). */
function run(kernel: Kernel, c: Call): string {
  const tasks = kernel.tasks().filter((t) => t.alive);
  const task = (n: number): Task => tasks[n % tasks.length] as Task;
  const t = task(c.who);
  const ns = netNsOf(kernel, t);
  return outcome(() => {
    switch (c.op) {
      case 'veth': return createVeth(t.cred, ns, NAMES[c.a] as string, NAMES[c.b] as string).map((d) => d.ifindex);
      case 'up': return setLinkUp(t.cred, ns, NAMES[c.dev] as string, c.up);
      case 'move': return moveLink(t.cred, ns, NAMES[c.dev] as string, netNsOf(kernel, task(c.to)));
      case 'addr': return addAddress(t.cred, ns, NAMES[c.dev] as string, ADDRS[c.addr] as string);
      case 'route': return addDefaultRoute(t.cred, ns, (ADDRS[c.addr] as string).split('/')[0] as string);
      case 'del': return delLink(t.cred, ns, NAMES[c.dev] as string);
      case 'clone': return kernel.clone(t, CLONE_NEWNET).serial;
      case 'exit': return t === kernel.initTask ? null : kernel.exit(t, 0);
    }
  });
}

describe('net snapshots, property', () => {
  fcTest.prop([fc.array(call, { maxLength: 30 }), fc.nat()], { numRuns: propertyRuns(80) })(
    'a snapshot and restore at any point of a sequence of calls changes nothing that follows',
    (calls, cut) => {
      const at = cut % (calls.length + 1);
      const straight = boot().kernel;
      const straightOut = calls.map((c) => run(straight, c));
      let broken = boot().kernel;
      const brokenOut = calls.map((c, i) => {
        if (i === at) broken = restored(broken);
        return run(broken, c);
      });
      expect(brokenOut).toEqual(straightOut);
      expect(fingerprint(restored(broken))).toBe(fingerprint(straight));
      for (const t of straight.tasks().filter((x) => x.alive)) {
        const u = bySerial(broken, t.serial);
        expect(links(broken, u)).toEqual(links(straight, t));
        expect(routeList(netNsOf(broken, u))).toEqual(routeList(netNsOf(straight, t)));
      }
    },
  );
});
