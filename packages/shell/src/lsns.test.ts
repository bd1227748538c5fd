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

  it('shows the effective uid, the owner of /proc/PID (lsns stats the directory), as the viewer\'s user namespace maps it', () => {
    const k = new Kernel({ namespaces: [flat] });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const su = k.clone(k.initTask, 0x04000000, { comm: 'su' });
    k.setresuid(su, 1000, 0, 0); // real uid 1000, effective root
    const daemon = k.clone(k.initTask, 0x04000000, { comm: 'daemon' });
    k.setresuid(daemon, 0, 1000, 0); // real root, effective 1000
    expect(lsns(k, { type: 'uts' }).split('\n')).toEqual([
      '        NS TYPE NPROCS PID USER COMMAND',
      '4026531838 uts       1   1 root init',
      '4026531840 uts       1   2 root su',
      '4026531841 uts       1   3 1000 daemon',
    ]);
  });

  it('as an unprivileged viewer, counts only the processes whose ns links it may read (EACCES is skipped)', () => {
    const k = new Kernel({ namespaces: [flat] });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const sh = k.clone(k.initTask, 0, { comm: 'sh' });
    k.setresuid(sh, 1000, 1000, 1000);
    k.setDumpable(sh, 1);
    const ed = k.clone(sh, 0, { comm: 'ed' });
    k.clone(k.initTask, 0, { comm: 'cron' });
    expect(lsns(k, { viewer: k.initTask }).split('\n').slice(1)).toEqual(['4026531838 uts       4   1 root init']);
    expect(lsns(k, { viewer: ed }).split('\n').slice(1)).toEqual(['4026531838 uts       2   2 1000 sh']);
  });
});
