/**
 * The network ops: what each asks the agent and how its answer reads,
 * without a kernel; then on the real kernel, the teardown wait (a namespace's
 * death takes its veths' peers along before the next step, every time) and
 * the host left alone.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { StepResult } from '@nsproxy/scenario/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { Run } from '../test/harness.ts';
import { createLinuxBackend } from './index.ts';
import type { NetContext } from './net.ts';
import { IFF, NET_OP_NAMES, givesNetnsId, mayEndNetNamespace, movesLink, runNetOp } from './net.ts';
import { SUPPORTED_OPS } from './tables.ts';

/** A context whose agent answers from a table, recording the requests. */
function fakeContext(answers: Record<string, StepResult>, pids: Record<string, number> = {}): { ctx: NetContext; asked: (string | number)[][] } {
  const asked: (string | number)[][] = [];
  const ctx: NetContext = {
    ask: (op, args) => {
      asked.push([op, ...args]);
      return Promise.resolve(answers[op] ?? { kind: 'ok' });
    },
    nsFile: (task, file) => (task === 'gone' ? { result: { kind: 'errno', code: 'ENOENT' } } : { path: `/proc/100/ns/${file}` }),
    visiblePid: (task) => Promise.resolve(pids[task] ?? 0),
  };
  return { ctx, asked };
}

describe('net ops', () => {
  it('are all supported: the format\'s and the extensions (@nsproxy/net\'s NET_OPS)', () => {
    for (const op of NET_OP_NAMES) expect(SUPPORTED_OPS.has(op), op).toBe(true);
    expect(NET_OP_NAMES).toHaveLength(33);
  });

  it('ask the agent for rtnetlink requests by name', async () => {
    const { ctx, asked } = fakeContext({}, { a: 7 });
    await runNetOp('veth', ['v0', 'v1'], ctx);
    await runNetOp('link-netns', ['v1', 'a'], ctx);
    await runNetOp('link-netns-pid', ['v1', 'a'], ctx);
    await runNetOp('link-netns-pid', ['v1', 'hidden'], ctx);
    await runNetOp('link-up', ['v0'], ctx);
    await runNetOp('link-down', ['v0'], ctx);
    await runNetOp('link-del', ['v0'], ctx);
    await runNetOp('addr-add', ['v0', '10.0.0.1/24'], ctx);
    await runNetOp('addr-add', ['v0', 'fd00::1'], ctx);
    await runNetOp('route-add', ['default', '10.0.0.254'], ctx);
    await runNetOp('route-change', ['10.1.0.0/24', 'v0'], ctx);
    expect(asked).toEqual([
      ['veth', 'v0', 'v1'],
      ['link-netns', 'v1', '/proc/100/ns/net'],
      ['link-netns-pid', 'v1', 7],
      // Not visible: pid 0, which the kernel answers with ESRCH after its permission check.
      ['link-netns-pid', 'v1', 0],
      ['link-set', 'v0', 1],
      ['link-set', 'v0', 0],
      ['link-del', 'v0'],
      ['addr-add', 'v0', '10.0.0.1', 24],
      ['addr-add', 'v0', 'fd00::1', -1],
      ['route-add-default', '10.0.0.254'],
      // RTM_NEWROUTE with NLM_F_REPLACE and no NLM_F_CREATE (agent.c op_route).
      ['route-change-dev', '10.1.0.0', 24, 'v0'],
    ]);
  });

  it('open the target\'s ns file first: ENOENT for a task gone, without asking the agent', async () => {
    const { ctx, asked } = fakeContext({});
    expect(await runNetOp('link-netns', ['nosuch', 'gone'], ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
    expect(asked).toEqual([]);
  });

  it('read link flags, lists and texts', async () => {
    const up = fakeContext({ link: { kind: 'text', value: `3 ${IFF.UP | IFF.LOWER_UP | 0x1002}` } });
    expect(await runNetOp('link-state', ['v0'], up.ctx)).toEqual({ kind: 'text', value: 'UP' });
    expect(await runNetOp('link-carrier', ['v0'], up.ctx)).toEqual({ kind: 'text', value: 'yes' });
    expect(await runNetOp('ifindex', ['v0'], up.ctx)).toEqual({ kind: 'int', value: 3 });
    const down = fakeContext({ link: { kind: 'text', value: '1 8' } });
    expect(await runNetOp('link-state', ['lo'], down.ctx)).toEqual({ kind: 'text', value: 'DOWN' });
    expect(await runNetOp('link-carrier', ['lo'], down.ctx)).toEqual({ kind: 'text', value: 'no' });
    const missing = fakeContext({ link: { kind: 'errno', code: 'ENODEV' } });
    expect(await runNetOp('link-state', ['x'], missing.ctx)).toEqual({ kind: 'errno', code: 'ENODEV' });
    const lists = fakeContext({ links: { kind: 'text', value: 'lo\nv0' }, addrs: { kind: 'text', value: '' }, routes: { kind: 'text', value: '10.0.0.0/24 dev v0\ndefault via 10.0.0.254 dev v0' } });
    expect(await runNetOp('links', [], lists.ctx)).toEqual({ kind: 'list', items: ['lo', 'v0'] });
    expect(await runNetOp('addrs', ['v0'], lists.ctx)).toEqual({ kind: 'list', items: [] });
    expect(await runNetOp('routes', [], lists.ctx)).toEqual({ kind: 'list', items: ['10.0.0.0/24 dev v0', 'default via 10.0.0.254 dev v0'] });
  });

  it('ask for socket calls on kept names', async () => {
    const { ctx, asked } = fakeContext({});
    await runNetOp('bind', ['tcp', '80', 's'], ctx);
    await runNetOp('bind', ['udp', '53', 's6', '::1'], ctx);
    await runNetOp('listen', ['s'], ctx);
    await runNetOp('connect', ['tcp', '127.0.0.1', '80', 'c'], ctx);
    await runNetOp('accept', ['s', 'c2'], ctx);
    await runNetOp('send', ['c', 'hello'], ctx);
    await runNetOp('recv', ['c2'], ctx);
    await runNetOp('sockns', ['c2'], ctx);
    await runNetOp('close-sock', ['c2'], ctx);
    expect(asked).toEqual([
      ['sock-bind', 'tcp', 80, 's', ''],
      ['sock-bind', 'udp', 53, 's6', '::1'],
      ['sock-listen', 's'],
      ['sock-connect', 'tcp', '127.0.0.1', 80, 'c'],
      ['sock-accept', 's', 'c2'],
      ['sock-send', 'c', 'hello'],
      ['sock-recv', 'c2'],
      ['sockns', 'c2'],
      ['close', 'c2'],
    ]);
  });

  it('refuse malformed steps, and leave other ops alone', async () => {
    const { ctx, asked } = fakeContext({});
    await expect(runNetOp('bind', ['sctp', '80', 's'], ctx)).rejects.toThrow(/tcp or udp/);
    await expect(runNetOp('bind', ['tcp', '65536', 's'], ctx)).rejects.toThrow(/port/);
    await expect(runNetOp('bind', ['tcp', '80', 's', '10.0.0.1/24'], ctx)).rejects.toThrow(/address/);
    await expect(runNetOp('route-add', ['10.0.0.1', '10.0.0.1'], ctx)).rejects.toThrow(/default/);
    await expect(runNetOp('addr-add', ['v0', 'nonsense'], ctx)).rejects.toThrow(/address/);
    await expect(runNetOp('links', ['x'], ctx)).rejects.toThrow(/usage/);
    expect(asked).toEqual([]);
    expect(await runNetOp('mount', ['tmpfs', '/tmp/nss/a'], ctx)).toBeUndefined();
  });

  it('name the steps after which a namespace may die, and the one that links two namespaces', () => {
    for (const op of ['exit', 'kill', 'close', 'close-sock', 'umount', 'umount-lazy', 'setns', 'setns-fd', 'setns-pidfd', 'setns-path', 'unshare', 'bind', 'open']) {
      expect(mayEndNetNamespace(op), op).toBe(true);
    }
    for (const op of ['links', 'veth', 'clone', 'link-netns', 'pin', 'mount']) expect(mayEndNetNamespace(op), op).toBe(false);
    expect(movesLink('link-netns', { kind: 'ok' })).toBe(true);
    expect(movesLink('link-netns-pid', { kind: 'ok' })).toBe(true);
    expect(movesLink('link-netns', { kind: 'errno', code: 'EEXIST' })).toBe(false);
    expect(movesLink('veth', { kind: 'ok' })).toBe(false);
    expect(givesNetnsId('nsid-set', { kind: 'ok' })).toBe(true);
    expect(givesNetnsId('nsid-set', { kind: 'errno', code: 'EEXIST' })).toBe(false);
    expect(givesNetnsId('nsid', { kind: 'int', value: 0 })).toBe(false);
  });
});

const linux = createLinuxBackend();
const skip = (await linux.unavailable()) !== undefined && process.env.CI !== 'true';

const open: Run[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((run) => run.close()));
});

/** The host's links, addresses and routes as /proc shows them to this process (the host's net namespace). */
function hostNet(): string {
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const devs = read('/proc/net/dev').split('\n').map((line) => line.split(':')[0]?.trim()).join(' ');
  return [devs, readdirSync('/sys/class/net').sort().join(' '), read('/proc/net/route'), read('/proc/net/if_inet6'), read('/proc/net/ipv6_route'), read('/proc/sys/net/core/somaxconn'), read('/proc/sys/net/ipv4/ip_forward')].join('\n--\n');
}

describe.skipIf(skip)('linux backend: network', () => {
  it('waits for a dead namespace\'s veths to be gone before the next step, every time (50 runs)', async () => {
    const script = `
      init: veth v0 v1           => ok
      init: clone a net          => 2
      init: link-netns v1 a      => ok
      init: links                => lo,v0
      a: exit                    => ok
      init: links                => lo
      init: veth w0 w1           => ok
      init: clone b net          => 3
      init: link-netns w1 b      => ok
      b: bind udp 5000 s         => ok
      b: clone c -               => 4
      c: setns init net          => ok
      b: exit                    => ok
      init: links                => lo,w0
      c: close-sock s            => ok
      init: links                => lo
    `;
    for (let i = 0; i < 50; i++) {
      const run = await Run.open();
      open.push(run);
      const { actual, expected } = await run.transcript(script);
      expect(actual, `run ${i + 1}`).toEqual(expected);
      await run.close();
      open.pop();
    }
  }, 120_000);

  it('leaves the host\'s network alone: links, addresses, routes and sysctls', async () => {
    const before = hostNet();
    const run = await Run.open();
    open.push(run);
    const { actual, expected } = await run.transcript(`
      init: link-up lo                     => ok
      init: veth v0 v1                     => ok
      init: addr-add v0 10.0.0.1/24        => ok
      init: addr-add v0 fd00::1/64         => ok
      init: link-up v0                     => ok
      init: route-add default 10.0.0.254   => ok
      init: sysctl net.core.somaxconn 99   => ok
      init: sysctl net.ipv4.ip_forward 1   => ok
      init: bind tcp 80 s                  => ok
      init: clone a net                    => 2
      init: link-netns v1 a                => ok
    `);
    expect(actual).toEqual(expected);
    expect(hostNet()).toBe(before);
    await run.close();
    open.pop();
    expect(hostNet()).toBe(before);
  });
});
