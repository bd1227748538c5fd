import { describe, expect, it } from 'vitest';
import { Kernel, NsCommon, SIGCHLD, defineNamespaceType } from '@nsproxy/core';
import type { NamespaceOperations, UserNamespace } from '@nsproxy/core';
import { lsns, lsnsRows, userName } from './index.ts';

class Flat extends NsCommon {}
const flat: NamespaceOperations<Flat> = defineNamespaceType<Flat>({
  name: 'uts', type: 0x04000000, order: 20,
  createInitial: (_k, owner: UserNamespace) => new Flat(flat, owner, null),
  copy: (ctx) => new Flat(flat, ctx.userNs, ctx.chargeUcount()),
  install: (nsset, ns) => nsset.set(flat, ns),
  owner: (ns) => ns.ownerNs,
});

describe('lsns', () => {
  it('lists each namespace once with its process count, lowest pid, user and command, sorted by inode', () => {
    const k = new Kernel({ namespaces: [flat] });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const a = k.clone(k.initTask, 0x04000000, { comm: 'sh' });
    k.clone(a, 0, { comm: 'sleep' });
    k.setresuid(a, 1000, 1000, 1000);
    const out = lsns(k, { type: 'uts' }).split('\n');
    expect(out).toEqual([
      '        NS TYPE NPROCS PID USER COMMAND',
      '4026531838 uts       1   1 root init',
      '4026531840 uts       2   2 1000 sh',
    ]);
    // Types not registered (the built-in user and pid) have no ns files, so lsns does not see them.
    expect(lsnsRows(k).map((r) => r.type)).toEqual(['uts', 'uts']);
    expect(userName(0)).toBe('root');
  });
});
