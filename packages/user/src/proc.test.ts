import { describe, expect, it } from 'vitest';
import { CAP_FULL_SET, CAP_SETFCAP, CAP_SETUID, CAP_SYS_ADMIN, CLONE_NEWUSER, capBit, fromKuid } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import {
  openUserNsFile, procInodeOwner, readIdMap, readIdMapFile, readSetgroups, writeGidMap, writeIdMapFile, writeProjidMap,
  writeSetgroups, writeSetgroupsFile, writeUidMap,
} from './index.ts';
import { boot, errno, state } from '../test/helpers.ts';

/** A task that dropped to `uid` (and gid) in the initial namespace, made dumpable again, without capabilities. */
function unprivileged(k: Kernel, init: Task, uid: number, gid = uid): Task {
  const t = k.clone(init, 0);
  k.setresgid(t, gid, gid, gid);
  k.setresuid(t, uid, uid, uid);
  k.setDumpable(t, 1);
  return t;
}

const lines = (...l: string[]): string => l.join('\n');
const read = (k: Kernel, reader: Task, target: Task, file: 'uid_map' | 'gid_map' = 'uid_map'): string[] =>
  readIdMap(k, reader, target, file).split('\n').filter((l) => l !== '').map((l) => l.trim().split(/\s+/).join(' '));

describe('opening /proc/PID/{uid_map,gid_map,setgroups} (fs/proc/base.c)', () => {
  it('the files belong to the task\'s euid and egid, or to root when it is not dumpable (U2.1)', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.setresgid(t, 7, 7, 7);
    expect(t.dumpable).toBe(false);
    expect(procInodeOwner(t)).toEqual({ uid: 0, gid: 0, mode: 0o644 });
    k.setDumpable(t, 1);
    expect(procInodeOwner(t)).toEqual({ uid: 0, gid: 7, mode: 0o644 });
  });

  it('a non-dumpable task cannot write its own map after unshare: EACCES (root owns the file)', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    k.unshare(t, CLONE_NEWUSER);
    const before = state(k);
    expect(errno(() => writeUidMap(k, t, t, '0 1000 1'))).toBe('EACCES');
    expect(errno(() => writeSetgroups(k, t, t, 'deny'))).toBe('EACCES');
    expect(state(k)).toBe(before);
    expect(writeUidMap(k, init, t, '0 1000 1')).toBe(8);
  });

  it('another uid may read, not write (EACCES); CAP_DAC_OVERRIDE needs the owner mapped in the opener\'s namespace', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const u = unprivileged(k, init, 1000);
    expect(errno(() => writeUidMap(k, u, a, '0 1000 1'))).toBe('EACCES');
    expect(read(k, u, a)).toEqual([]);
    const b = k.clone(init, 0);
    k.setresuid(b, 5, 5, 5);
    k.unshare(b, CLONE_NEWUSER); // full caps in its namespace, but root (uid 0) has no mapping there
    expect(errno(() => openUserNsFile(k, b, a, 'uid_map', { write: true }))).toBe('EACCES');
  });

  it('opening setgroups for writing needs CAP_SYS_ADMIN in the namespace: EACCES (U2.18)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(errno(() => openUserNsFile(k, a, init, 'setgroups', { write: true }))).toBe('EACCES');
    expect(openUserNsFile(k, a, init, 'setgroups', { read: true }).ns).toBe(k.initUserNs);
  });

  it('a task that is gone has no files: ENOENT', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    k.exit(a);
    expect(errno(() => writeUidMap(k, init, a, '0 0 1'))).toBe('ENOENT');
    expect(errno(() => readIdMap(k, init, a, 'uid_map'))).toBe('ENOENT');
  });
});

describe('writing uid_map and gid_map: each errno in the kernel\'s order (F4.4)', () => {
  it('the initial namespace: EPERM before anything else (U2.3)', () => {
    const { k, init } = boot();
    const before = state(k);
    expect(errno(() => writeUidMap(k, init, init, '0 0 1'))).toBe('EPERM');
    expect(errno(() => writeGidMap(k, init, init, 'junk'))).toBe('EPERM');
    expect(errno(() => writeProjidMap(k, init, init, 'x'.repeat(5000)))).toBe('EPERM');
    expect(state(k)).toBe(before);
  });

  it('an opener neither in the namespace nor in its parent: EPERM before the text (U2.4)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const s = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 1');
    writeGidMap(k, init, a, '0 0 1');
    const g = k.clone(a, CLONE_NEWUSER);
    expect(errno(() => writeUidMap(k, s, a, 'junk'))).toBe('EPERM');
    expect(errno(() => writeUidMap(k, init, g, '0 0 1'))).toBe('EPERM');
    expect(writeUidMap(k, a, g, '0 0 1')).toBe(5);
  });

  it('a write of 4096 bytes or more: EINVAL, before "written once" (U2.5)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(errno(() => writeUidMap(k, init, a, `0 0 1${' '.repeat(4091)}`))).toBe('EINVAL');
    expect(writeUidMap(k, init, a, `0 0 1${' '.repeat(4090)}`)).toBe(4095);
    expect(errno(() => writeUidMap(k, init, a, `0 0 1${' '.repeat(4091)}`))).toBe('EINVAL');
    expect(errno(() => writeUidMap(k, init, a, '0 0 1'))).toBe('EPERM');
  });

  it('a map written once: EPERM, before CAP_SYS_ADMIN and the text (U2.6)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 1');
    const before = state(k);
    expect(errno(() => writeUidMap(k, init, a, 'junk'))).toBe('EPERM');
    expect(errno(() => writeUidMap(k, init, a, '1 1 1'))).toBe('EPERM');
    expect(state(k)).toBe(before);
  });

  it('an opener without CAP_SYS_ADMIN over the namespace: EPERM, before the text (U2.7)', () => {
    const { k, init } = boot();
    const owner = k.clone(init, 0);
    k.setresuid(owner, 2000, 2000, 2000);
    const a = k.clone(owner, CLONE_NEWUSER); // owned by 2000, not dumpable: its files belong to root
    // A uid-0 task of the initial namespace without capabilities passes the file's permission bits.
    const r = k.clone(init, 0);
    k.capset(r, { effective: 0n, permitted: 0n });
    const before = state(k);
    expect(errno(() => writeUidMap(k, r, a, 'junk'))).toBe('EPERM');
    expect(state(k)).toBe(before);
  });

  it('every way the text is wrong: EINVAL, before the permission rules (U2.8-U2.13)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const before = state(k);
    for (const text of ['', '\n', '0 0', '0 0 1 x', '4294967295 0 1', '0 4294967295 1', '0 0 0', '1 0 4294967295', '0 0 1\n0 1 1', '0 0 1\n1 0 1']) {
      expect(errno(() => writeUidMap(k, a, a, text)), JSON.stringify(text)).toBe('EINVAL');
    }
    expect(errno(() => writeUidMap(k, a, a, Array.from({ length: 341 }, (_, i) => `${i} ${i} 1`).join('\n')))).toBe('EINVAL');
    expect(errno(() => writeUidMap(k, a, a, '0 5 2'))).toBe('EPERM'); // valid text: the permission rules decide
    expect(state(k)).toBe(before);
  });

  it('a lower range not inside one extent of the parent\'s map: EPERM, last (U2.15)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, lines('0 0 10', '100 100 10'));
    writeGidMap(k, init, a, '0 0 1');
    const x = k.clone(a, CLONE_NEWUSER);
    const before = state(k);
    for (const text of ['0 50 1', '0 0 20', '0 5 10', '0 9 92', '0 0 1\n1 50 1']) {
      expect(errno(() => writeUidMap(k, a, x, text)), text).toBe('EPERM');
    }
    expect(state(k)).toBe(before);
    writeUidMap(k, a, x, lines('0 0 10', '10 100 10'));
    expect(x.cred.userNs.uidMap).toEqual([{ first: 0, lowerFirst: 0, count: 10 }, { first: 10, lowerFirst: 100, count: 10 }]);
  });
});

describe('new_idmap_permitted (U2.14)', () => {
  it('an unprivileged owner maps its own euid, one id, nothing else (U2.14b, U2.16)', () => {
    const { k, init } = boot();
    const u = unprivileged(k, init, 1000);
    k.unshare(u, CLONE_NEWUSER);
    k.setDumpable(u, 1);
    for (const text of ['0 1001 1', '0 1000 2', '0 999 2', '0 1000 1\n1 1001 1', '0 0 1']) {
      expect(errno(() => writeUidMap(k, u, u, text)), text).toBe('EPERM');
    }
    writeUidMap(k, u, u, '0 1000 1');
    expect(u.cred.userNs.uidMap).toEqual([{ first: 0, lowerFirst: 1000, count: 1 }]);
  });

  it('gid_map: the own egid only once setgroups is deny (U2.14b)', () => {
    const { k, init } = boot();
    const u = unprivileged(k, init, 1000, 1500);
    k.unshare(u, CLONE_NEWUSER);
    k.setDumpable(u, 1);
    expect(errno(() => writeGidMap(k, u, u, '0 1500 1'))).toBe('EPERM');
    writeSetgroups(k, u, u, 'deny');
    expect(errno(() => writeGidMap(k, u, u, '0 1000 1'))).toBe('EPERM');
    writeGidMap(k, u, u, '0 1500 1');
    expect(u.cred.userNs.gidMap).toEqual([{ first: 0, lowerFirst: 1500, count: 1 }]);
  });

  it('the self-mapping needs the opener\'s euid to be the owner, whichever task that is', () => {
    const { k, init } = boot();
    const owner = unprivileged(k, init, 1000);
    const child = k.clone(owner, CLONE_NEWUSER);
    k.setDumpable(child, 1);
    const other = unprivileged(k, init, 1000); // same uid, but it is the owner too: euid decides
    expect(writeUidMap(k, other, child, '0 1000 1')).toBe(8);
    const c2 = k.clone(owner, CLONE_NEWUSER);
    k.setDumpable(c2, 1);
    const stranger = unprivileged(k, init, 1001);
    expect(errno(() => writeUidMap(k, stranger, c2, '0 1001 1'))).toBe('EACCES'); // the file is 1000's
  });

  it('CAP_SETUID over the parent allows any ranges mapped there (U2.14d)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, lines('2 0 2', '4 6 2'));
    expect(read(k, init, a)).toEqual(['2 0 2', '4 6 2']);
  });

  it('the privileged rule needs the capability in both the writer and the opener (U2.14d)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const weak = k.clone(init, 0);
    k.capset(weak, { effective: CAP_FULL_SET & ~capBit(CAP_SETUID), permitted: CAP_FULL_SET });
    // opened by init (privileged), written by weak: the writer lacks CAP_SETUID
    const f = openUserNsFile(k, init, a, 'uid_map', { write: true });
    expect(errno(() => writeIdMapFile(k, weak, f, '5 5 5'))).toBe('EPERM');
    // opened by weak, written by init: the opener lacks it
    const g = openUserNsFile(k, weak, a, 'uid_map', { write: true });
    expect(errno(() => writeIdMapFile(k, init, g, '5 5 5'))).toBe('EPERM');
    expect(writeIdMapFile(k, init, f, '5 5 5')).toBe(5);
  });

  it('a file opened in the parent keeps the opener\'s rights after the opener moves (U2.4)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const t = k.clone(init, 0);
    const f = openUserNsFile(k, t, a, 'uid_map', { write: true });
    k.unshare(t, CLONE_NEWUSER);
    expect(writeIdMapFile(k, t, f, '0 0 1')).toBe(5);
  });

  it('mapping parent uid 0 from outside needs the opener\'s CAP_SETFCAP in the parent (U2.14a)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const w = k.clone(init, 0);
    k.capset(w, { effective: CAP_FULL_SET & ~capBit(CAP_SETFCAP), permitted: CAP_FULL_SET });
    const before = state(k);
    expect(errno(() => writeUidMap(k, w, a, '0 0 1'))).toBe('EPERM');
    expect(errno(() => writeUidMap(k, w, a, '5 5 1\n0 0 1'))).toBe('EPERM');
    expect(state(k)).toBe(before);
    expect(writeUidMap(k, w, a, '0 1 1')).toBe(5); // parent uid 1: no root mapping
    const b = k.clone(init, CLONE_NEWUSER);
    expect(writeGidMap(k, w, b, '0 0 1')).toBe(5); // gid_map has no such rule
  });

  it('mapping parent uid 0 from inside needs the creator\'s CAP_SETFCAP at creation (U2.14a)', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.capset(t, { effective: CAP_FULL_SET & ~capBit(CAP_SETFCAP), permitted: CAP_FULL_SET });
    k.unshare(t, CLONE_NEWUSER);
    expect(t.cred.userNs.parentCouldSetfcap).toBe(false);
    expect(errno(() => writeUidMap(k, t, t, '0 0 1'))).toBe('EPERM');
    expect(writeUidMap(k, init, t, '0 0 1')).toBe(5); // from the parent, init's own CAP_SETFCAP counts
    const s = k.clone(init, 0);
    k.unshare(s, CLONE_NEWUSER);
    expect(writeUidMap(k, s, s, '0 0 1')).toBe(5);
  });

  it('projid_map needs no capability, only valid ranges mapped in the parent (U2.14c)', () => {
    const { k, init } = boot();
    const u = unprivileged(k, init, 1000);
    k.unshare(u, CLONE_NEWUSER);
    k.setDumpable(u, 1);
    expect(writeProjidMap(k, u, u, lines('0 0 100', '500 7000 3'))).toBe(18);
    expect(readIdMap(k, u, u, 'projid_map')).toBe(`${'0'.padStart(10)} ${'0'.padStart(10)} ${'100'.padStart(10)}\n${'500'.padStart(10)} ${'7000'.padStart(10)} ${'3'.padStart(10)}\n`);
    expect(errno(() => writeProjidMap(k, u, u, '0 0 1'))).toBe('EPERM');
  });

  it('a failed write changes nothing; a successful one changes only that map', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const ns = a.cred.userNs;
    expect(errno(() => writeGidMap(k, a, a, '0 0 1'))).toBe('EPERM');
    expect(ns.gidMap).toEqual([]);
    writeUidMap(k, a, a, '0 0 1');
    expect(ns.gidMap).toEqual([]);
    expect(fromKuid(ns, 0)).toBe(0);
  });
});

describe('reading maps (U2.2)', () => {
  it('shows lower ids in the reader\'s namespace, in the parent from inside, 4294967295 when unmapped', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const b = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 1');
    writeUidMap(k, init, b, '200 0 1');
    const c = k.clone(init, CLONE_NEWUSER);
    expect(read(k, a, a)).toEqual(['0 0 1']);
    expect(read(k, b, b)).toEqual(['200 0 1']);
    expect(read(k, b, a)).toEqual(['0 200 1']);
    expect(read(k, c, a)).toEqual(['0 4294967295 1']);
    expect(read(k, b, init)).toEqual(['0 200 4294967295']);
    expect(readIdMap(k, init, a, 'uid_map')).toBe('         0          0          1\n');
    expect(readIdMap(k, init, c, 'uid_map')).toBe('');
  });

  it('a file needs the right mode: EBADF otherwise', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const w = openUserNsFile(k, init, a, 'uid_map', { write: true });
    const r = openUserNsFile(k, init, a, 'uid_map', { read: true });
    expect(errno(() => readIdMapFile(w))).toBe('EBADF');
    expect(errno(() => writeIdMapFile(k, init, r, '0 0 1'))).toBe('EBADF');
    const rw = openUserNsFile(k, init, a, 'uid_map', { read: true, write: true });
    writeIdMapFile(k, init, rw, '0 0 1');
    expect(readIdMapFile(rw)).toContain('1\n');
  });
});

describe('the setgroups file (U2.18, U2.19)', () => {
  it('reads allow or deny; starts as the parent\'s', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(readSetgroups(k, init, a)).toBe('allow\n');
    writeSetgroups(k, init, a, 'deny');
    expect(readSetgroups(k, a, a)).toBe('deny\n');
    writeUidMap(k, init, a, '0 0 1');
    writeGidMap(k, init, a, '0 0 1');
    const b = k.clone(a, CLONE_NEWUSER);
    expect(readSetgroups(k, a, b)).toBe('deny\n');
  });

  it('EINVAL for 8 bytes or more, another word, leading blanks or junk after the word', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const before = state(k);
    for (const text of ['deny    ', 'maybe', ' deny', 'denyx', 'allowed', '', 'DENY', 'den']) {
      expect(errno(() => writeSetgroups(k, init, a, text)), JSON.stringify(text)).toBe('EINVAL');
    }
    expect(state(k)).toBe(before);
    expect(writeSetgroups(k, init, a, 'deny\n')).toBe(5);
    expect(writeSetgroups(k, init, a, 'deny \t')).toBe(6);
    expect(writeSetgroups(k, init, a, 'deny\0xy')).toBe(7);
  });

  it('EPERM for deny once gid_map is written, and for allow after deny', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(writeSetgroups(k, init, a, 'allow')).toBe(5);
    writeSetgroups(k, init, a, 'deny');
    const before = state(k);
    expect(errno(() => writeSetgroups(k, init, a, 'allow'))).toBe('EPERM');
    expect(state(k)).toBe(before);
    writeSetgroups(k, init, a, 'deny');
    const b = k.clone(init, CLONE_NEWUSER);
    writeGidMap(k, init, b, '0 0 1');
    expect(errno(() => writeSetgroups(k, init, b, 'deny'))).toBe('EPERM');
    expect(errno(() => writeSetgroups(k, init, init, 'deny'))).toBe('EPERM');
    expect(writeSetgroups(k, init, init, 'allow')).toBe(5);
    expect(errno(() => writeSetgroups(k, init, b, 'junk'))).toBe('EINVAL'); // the text first
  });

  it('a setgroups file opened read-only cannot be written (EBADF), nor a map file through it', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const f = openUserNsFile(k, init, a, 'setgroups', { read: true });
    expect(errno(() => writeSetgroupsFile(k, init, f, 'deny'))).toBe('EBADF');
    expect(() => writeIdMapFile(k, init, f, '0 0 1')).toThrow(/not an id map file/);
  });

  it('CAP_SYS_ADMIN for writing setgroups is checked at open, with the opener\'s rights', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const r = k.clone(init, 0);
    k.capset(r, { effective: capBit(CAP_SYS_ADMIN), permitted: capBit(CAP_SYS_ADMIN) });
    const f = openUserNsFile(k, r, a, 'setgroups', { write: true });
    k.capset(r, { effective: 0n, permitted: 0n });
    expect(writeSetgroupsFile(k, r, f, 'deny')).toBe(4);
  });
});

describe('a map write of a string goes through one page, a write of bytes does not (map_write memdup_user_nul)', () => {
  it('a short write after a long one reads none of the long one', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const b = k.clone(init, CLONE_NEWUSER);
    const long = lines('0 100000 10', '10 200000 10', '20 300000 10', '30 400000 10', '40 500000 10', '50 600000 10', '');
    expect(writeUidMap(k, init, a, long)).toBe(long.length);
    expect(writeUidMap(k, init, b, '0 7 1')).toBe(5);
    expect(read(k, init, b)).toEqual(['0 7 1']);
    expect(read(k, init, a)).toHaveLength(6);
  });

  it('a string, its bytes, and a string outside ASCII are read alike', () => {
    const { k, init } = boot();
    const [s, u, x] = [k.clone(init, CLONE_NEWUSER), k.clone(init, CLONE_NEWUSER), k.clone(init, CLONE_NEWUSER)];
    expect(writeUidMap(k, init, s, '0 1000 5\n')).toBe(9);
    expect(writeUidMap(k, init, u, Uint8Array.from([...'0 1000 5\n'].map((c) => c.charCodeAt(0))))).toBe(9);
    expect(read(k, init, s)).toEqual(read(k, init, u));
    // 'é' is two bytes: the write's length is its bytes', and the text is junk to the parser.
    const before = state(k);
    expect(errno(() => writeUidMap(k, init, x, '0 0 1é'))).toBe('EINVAL');
    expect(state(k)).toBe(before);
    expect(errno(() => writeUidMap(k, init, x, 'é'.repeat(2048)))).toBe('EINVAL');
    expect(writeUidMap(k, init, x, '0 0 1')).toBe(5);
  });

  it('a string of a page or more is EINVAL (U2.5), ASCII or not', () => {
    const { k, init } = boot();
    const t = k.clone(init, CLONE_NEWUSER);
    // Trailing blanks are allowed on a line: 4,095 bytes are one good line, 4,096 are too many.
    const before = state(k);
    expect(errno(() => writeUidMap(k, init, t, `0 0 1${' '.repeat(4096 - 5)}`))).toBe('EINVAL');
    expect(state(k)).toBe(before);
    expect(writeUidMap(k, init, t, `0 0 1${' '.repeat(4095 - 5)}`)).toBe(4095);
    expect(read(k, init, t)).toEqual(['0 0 1']);
  });
});
