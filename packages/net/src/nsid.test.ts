/**
 * Network namespace ids (nsid.ts) and the operational state of links
 * (link.ts): RTM_NEWNSID's checks, the ids the kernel gives by itself
 * (peernet2id_alloc on a move, on a link's notification, in a dump), their
 * end with the namespace, and operstate as linkwatch computes it on carrier
 * changes. Each case is what Linux 6.18 does (the scenarios nsid-set.nss,
 * nsid-auto.nss and link-operstate.nss show it on both backends).
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNET } from '@nsproxy/core';
import {
  IF_OPER, NSID_NOT_ASSIGNED, OPER_STATES, createVeth, deviceByName, linkNetnsid, moveLink, netNsById, netNsOf, netnsIdList, peernet2id,
  peernet2idAlloc, setLinkUp, setNetnsId,
} from './index.ts';
import { extackOf } from './extack.ts';
import { boot, kernelErrorOf, unprivilegedTask } from '../test/helpers.ts';

function world(): ReturnType<typeof boot> & { a: ReturnType<typeof netNsOf>; b: ReturnType<typeof netNsOf>; mine: ReturnType<typeof netNsOf>; tb: ReturnType<ReturnType<typeof boot>['kernel']['clone']> } {
  const w = boot();
  const ta = w.kernel.clone(w.init, CLONE_NEWNET);
  const tb = w.kernel.clone(w.init, CLONE_NEWNET);
  return { ...w, a: netNsOf(w.kernel, ta), b: netNsOf(w.kernel, tb), mine: netNsOf(w.kernel, w.init), tb };
}

describe('namespace ids (T5.3-T5.6)', () => {
  it('RTM_NEWNSID gives an id once; a second id or an id in use is EEXIST with the kernel\'s message; -1 is the lowest free', () => {
    const { init, a, b, mine } = world();
    expect(peernet2id(mine, a)).toBe(NSID_NOT_ASSIGNED);
    expect(setNetnsId(init.cred, mine, a, 12)).toBe(12);
    const twice = kernelErrorOf(() => setNetnsId(init.cred, mine, a, 13));
    expect([twice.code, twice.rule, extackOf(twice)]).toEqual(['EEXIST', 'T5.3', 'Peer netns already has a nsid assigned']);
    const used = kernelErrorOf(() => setNetnsId(init.cred, mine, b, 12));
    expect([used.code, extackOf(used)]).toEqual(['EEXIST', 'The specified nsid is already used']);
    expect(setNetnsId(init.cred, mine, b, -1)).toBe(0);
    expect(netnsIdList(mine).map((e) => e.id)).toEqual([0, 12]);
    // Not symmetric: a gave mine none.
    expect(peernet2id(a, mine)).toBe(NSID_NOT_ASSIGNED);
    expect(setNetnsId(init.cred, a, a, 22)).toBe(22);
  });

  it('needs CAP_NET_ADMIN over the owner of the namespace that gives the id (T6.1)', () => {
    const { kernel, init, a, mine } = world();
    const u = unprivilegedTask(kernel, init, 1000);
    expect(kernelErrorOf(() => setNetnsId(u.cred, mine, a, 1)).rule).toBe('T6.1');
  });

  it('a move gives the old namespace an id for the new one, and the new one an id for the peer\'s (the link\'s notification there) (T5.4)', () => {
    const { init, a, b, mine } = world();
    createVeth(init.cred, mine, 'v0', 'v1');
    moveLink(init.cred, mine, 'v1', a);
    expect([peernet2id(mine, a), peernet2id(a, mine)]).toEqual([0, 0]);
    moveLink(init.cred, a, 'v1', b);
    expect([peernet2id(a, b), peernet2id(b, mine), peernet2id(mine, b), peernet2id(b, a)]).toEqual([1, 0, NSID_NOT_ASSIGNED, NSID_NOT_ASSIGNED]);
    // A dump in mine reports v0, whose peer is in b: mine gives b the lowest free id.
    expect(linkNetnsid(mine, deviceByName(mine, 'v0', 'test'))).toBe(1);
    expect(peernet2id(mine, b)).toBe(1);
  });

  it('a veth made across namespaces: only the device\'s namespace gives an id (the peer\'s notification went out before the two were joined)', () => {
    const { init, a, b } = world();
    createVeth(init.cred, a, 'x', 'y', { peerNs: b });
    expect([peernet2id(a, b), peernet2id(b, a)]).toEqual([0, NSID_NOT_ASSIGNED]);
    expect([deviceByName(b, 'y', 'test').ifindex, deviceByName(a, 'x', 'test').ifindex]).toEqual([2, 2]);
  });

  it('ids go when the namespace they name dies; a dying namespace gets none (T5.6)', () => {
    const { kernel, init, a, b, mine, tb } = world();
    setNetnsId(init.cred, mine, b, 7);
    setNetnsId(init.cred, a, b, 3);
    kernel.exit(tb);
    expect([netNsById(mine, 7), netNsById(a, 3), b.netnsIds.size]).toEqual([undefined, undefined, 0]);
    expect(peernet2idAlloc(mine, b)).toBe(NSID_NOT_ASSIGNED);
  });
});

describe('operstate (T6.9)', () => {
  const state = (ns: ReturnType<typeof netNsOf>, name: string): string => OPER_STATES[deviceByName(ns, name, 'test').reportedOperstate] ?? '?';

  it('lo is UNKNOWN when up; a veth end LOWERLAYERDOWN without a carrier while its peer has none, UP with one, DOWN while down', () => {
    const { init, mine } = world();
    setLinkUp(init.cred, mine, 'lo', true);
    createVeth(init.cred, mine, 'v0', 'v1');
    expect([state(mine, 'lo'), state(mine, 'v0')]).toEqual(['UNKNOWN', 'DOWN']);
    setLinkUp(init.cred, mine, 'v0', true);
    expect(state(mine, 'v0')).toBe('LOWERLAYERDOWN');
    setLinkUp(init.cred, mine, 'v1', true);
    expect([state(mine, 'v0'), state(mine, 'v1')]).toEqual(['UP', 'UP']);
    setLinkUp(init.cred, mine, 'v1', false);
    expect(state(mine, 'v0')).toBe('LOWERLAYERDOWN');
    expect(deviceByName(mine, 'eth0', 'test').operstate).toBe(IF_OPER.UP);
  });

  it('the state changes only on a carrier change, and looks up the iflink in the link\'s own namespace', () => {
    const { init, a, mine } = world();
    createVeth(init.cred, mine, 'v0', 'v1');
    setLinkUp(init.cred, mine, 'v0', true);
    moveLink(init.cred, mine, 'v1', a);
    expect(state(mine, 'v0')).toBe('LOWERLAYERDOWN');
    setLinkUp(init.cred, a, 'v1', true);
    expect(state(mine, 'v0')).toBe('UP');
    setLinkUp(init.cred, a, 'v1', false);
    // v1's index (3) names no link in init's namespace any more: DOWN, not LOWERLAYERDOWN.
    expect(state(mine, 'v0')).toBe('DOWN');
  });
});
