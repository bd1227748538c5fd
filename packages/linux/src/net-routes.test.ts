/**
 * The net ops of routes, address deletion, operstate and namespace ids
 * (issue 18): what each asks the agent and how its answer reads, without a
 * kernel (the corpus runs them on the real one).
 */
import type { StepResult } from '@nsproxy/scenario/contract';
import { describe, expect, it } from 'vitest';
import type { NetContext } from './net.ts';
import { runNetOp } from './net.ts';

function fakeContext(answers: Record<string, StepResult>): { ctx: NetContext; asked: (string | number)[][] } {
  const asked: (string | number)[][] = [];
  const ctx: NetContext = {
    ask: (op, args) => {
      asked.push([op, ...args]);
      return Promise.resolve(answers[op] ?? { kind: 'ok' });
    },
    nsFile: (task, file) => (task === 'gone' ? { result: { kind: 'errno', code: 'ENOENT' } } : { path: `/proc/100/ns/${file}` }),
    visiblePid: () => Promise.resolve(0),
  };
  return { ctx, asked };
}

describe('route, address and id ops', () => {
  it('ask for route and address requests with the destination split into address and prefix length', async () => {
    const { ctx, asked } = fakeContext({});
    await runNetOp('route-add', ['10.1.0.0/16', '10.0.0.2'], ctx);
    await runNetOp('route-add', ['default', 'fd00::2'], ctx);
    await runNetOp('route-add-dev', ['10.2.0.0/24', 'v0'], ctx);
    await runNetOp('route-del', ['default'], ctx);
    await runNetOp('addr-del', ['v0', '10.0.0.1/24'], ctx);
    await runNetOp('nsid-set', ['a', '-1'], ctx);
    expect(asked).toEqual([
      ['route-add-via', '10.1.0.0', 16, '10.0.0.2'],
      ['route-add-default', 'fd00::2'],
      ['route-add-dev', '10.2.0.0', 24, 'v0'],
      ['route-del', '0.0.0.0', 0],
      ['addr-del', 'v0', '10.0.0.1', 24],
      ['nsid-set', '/proc/100/ns/net', '-1'],
    ]);
    await expect(runNetOp('route-del', ['10.0.0.1'], ctx)).rejects.toThrow(/prefix/);
    await expect(runNetOp('nsid-set', ['a', 'x'], ctx)).rejects.toThrow(/integer/);
  });

  it('read route get, the local table, operstate and ids as the sim gives them', async () => {
    const { ctx } = fakeContext({
      'route-get': { kind: 'text', value: '1 v0 10.0.0.2 10.0.0.1' },
      'routes-local': { kind: 'text', value: '2 10.0.0.1/32 v0\n3 10.0.0.255/32 v0\n2 127.0.0.0/8 lo' },
      'link-oper': { kind: 'int', value: 3 },
      nsids: { kind: 'text', value: '0\n12\n' },
    });
    expect(await runNetOp('route-get', ['10.2.3.4'], ctx)).toEqual({ kind: 'text', value: 'unicast dev v0 via 10.0.0.2 src 10.0.0.1' });
    expect(await runNetOp('routes-local', [], ctx)).toEqual({ kind: 'list', items: ['local 10.0.0.1 dev v0', 'broadcast 10.0.0.255 dev v0', 'local 127.0.0.0/8 dev lo'] });
    expect(await runNetOp('link-operstate', ['v0'], ctx)).toEqual({ kind: 'text', value: 'LOWERLAYERDOWN' });
    expect(await runNetOp('nsids', [], ctx)).toEqual({ kind: 'list', items: ['0', '12'] });
    const local = fakeContext({ 'route-get': { kind: 'text', value: '2 lo - 10.0.0.1' } });
    expect(await runNetOp('route-get', ['10.0.0.1'], local.ctx)).toEqual({ kind: 'text', value: 'local dev lo src 10.0.0.1' });
  });

  it('open the task\'s ns file first for ids: ENOENT for a task gone, without asking', async () => {
    const { ctx, asked } = fakeContext({});
    expect(await runNetOp('nsid', ['gone'], ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
    expect(asked).toEqual([]);
  });
});
