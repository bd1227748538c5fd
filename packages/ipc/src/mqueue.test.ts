/**
 * POSIX message queues per ipc namespace (Q1.3): names, create/exclusive/
 * unlink, permissions, queues_max and RLIMIT_MSGQUEUE. Expectations recorded
 * on the 6.18.44 reference machine.
 */
import { describe, expect, it } from 'vitest';
import { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FULL_SET, CAP_SYS_RESOURCE, CLONE_NEWIPC, CLONE_NEWUSER, capBit } from '@nsproxy/core';
import { MQ_BYTES_MAX, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_WRONLY, ipcSysctlWrite, mqNames, mqOpen, mqQueueBytes, mqUnlink } from './index.ts';
import { boot, errno, user } from '../test/helpers.ts';

describe('names', () => {
  it('follow glibc and the kernel: a leading /, no / inside, not . or .., at most 255 bytes', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, CLONE_NEWIPC);
    expect(errno(() => mqOpen(kernel, t, 'q', O_CREAT))).toBe('EINVAL');
    expect(errno(() => mqOpen(kernel, t, '/', O_CREAT))).toBe('ENOENT');
    expect(errno(() => mqOpen(kernel, t, '/.', O_CREAT))).toBe('EACCES');
    expect(errno(() => mqOpen(kernel, t, '/..', O_CREAT))).toBe('EACCES');
    expect(errno(() => mqOpen(kernel, t, '//x', O_CREAT))).toBe('EACCES');
    expect(errno(() => mqOpen(kernel, t, '/a/b', O_CREAT))).toBe('EACCES');
    mqOpen(kernel, t, '/...', O_CREAT);
    mqOpen(kernel, t, `/${'a'.repeat(255)}`, O_CREAT);
    expect(errno(() => mqOpen(kernel, t, `/${'b'.repeat(256)}`, O_CREAT))).toBe('ENAMETOOLONG');
    expect(errno(() => mqUnlink(kernel, t, `/${'b'.repeat(256)}`))).toBe('ENAMETOOLONG');
    expect(errno(() => mqUnlink(kernel, t, 'q'))).toBe('EINVAL');
    expect(errno(() => mqUnlink(kernel, t, '/'))).toBe('ENOENT');
    expect(errno(() => mqUnlink(kernel, t, '/.'))).toBe('EACCES');
    expect(mqNames(kernel, t)).toEqual(['/...', `/${'a'.repeat(255)}`]);
  });
});

describe('open and unlink', () => {
  it('ENOENT without O_CREAT, EEXIST with O_CREAT|O_EXCL, EINVAL for access mode 3 on an existing queue', () => {
    const { kernel, init } = boot();
    expect(errno(() => mqOpen(kernel, init, '/q', O_RDONLY))).toBe('ENOENT');
    mqOpen(kernel, init, '/q', O_RDWR | O_WRONLY | O_CREAT); // mode 3 is only checked for an existing queue
    mqOpen(kernel, init, '/q', O_CREAT);
    mqOpen(kernel, init, '/q', O_RDONLY);
    expect(errno(() => mqOpen(kernel, init, '/q', O_CREAT | O_EXCL))).toBe('EEXIST');
    expect(errno(() => mqOpen(kernel, init, '/q', 3))).toBe('EINVAL');
    mqUnlink(kernel, init, '/q');
    expect(errno(() => mqUnlink(kernel, init, '/q'))).toBe('ENOENT');
    mqOpen(kernel, init, '/q', O_CREAT | O_EXCL);
  });

  it('a name lives in one ipc namespace only (LTP containers/mqns/mqns_01.c; LTP mqns_02.c)', () => {
    const { kernel, init } = boot();
    mqOpen(kernel, init, '/MQ1', O_CREAT | O_EXCL);
    const plain = kernel.clone(init, 0);
    mqOpen(kernel, plain, '/MQ1', O_RDONLY);
    expect(errno(() => mqOpen(kernel, plain, '/MQ1', O_CREAT | O_EXCL))).toBe('EEXIST');
    const iso = kernel.clone(init, CLONE_NEWIPC);
    expect(errno(() => mqOpen(kernel, iso, '/MQ1', O_RDONLY))).toBe('ENOENT');
    mqOpen(kernel, iso, '/MQ1', O_CREAT | O_EXCL);
    mqUnlink(kernel, iso, '/MQ1');
    expect(mqNames(kernel, init)).toEqual(['/MQ1']);
  });

  it('opening needs the access asked for: owner, group, other bits, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH for reading', () => {
    const { kernel, init } = boot();
    mqOpen(kernel, init, '/b', O_CREAT, 0o600);
    mqOpen(kernel, init, '/pub', O_CREAT, 0o644);
    const u = user(kernel, init, 1000);
    expect(errno(() => mqOpen(kernel, u, '/b', O_RDONLY))).toBe('EACCES');
    expect(errno(() => mqOpen(kernel, u, '/b', O_CREAT))).toBe('EACCES'); // exists: O_CREAT alone opens it
    mqOpen(kernel, u, '/pub', O_RDONLY);
    expect(errno(() => mqOpen(kernel, u, '/pub', O_WRONLY))).toBe('EACCES');
    const caps = (cap: number) => {
      const t = kernel.clone(init, 0);
      kernel.setresuid(t, 0, 0, 0);
      kernel.capset(t, { effective: capBit(cap), permitted: capBit(cap) });
      return t;
    };
    // uid 0 owns /b: use a queue of uid 1000 instead.
    mqOpen(kernel, u, '/u', O_CREAT, 0o600);
    const dac = caps(CAP_DAC_OVERRIDE);
    mqOpen(kernel, dac, '/u', O_RDWR);
    const search = caps(CAP_DAC_READ_SEARCH);
    mqOpen(kernel, search, '/u', O_RDONLY);
    expect(errno(() => mqOpen(kernel, search, '/u', O_WRONLY))).toBe('EACCES');
    const fowner = caps(CAP_FOWNER);
    expect(errno(() => mqOpen(kernel, fowner, '/u', O_RDONLY))).toBe('EACCES');
  });

  it('unlink in the sticky root: the queue\'s owner, the root directory\'s owner, or CAP_FOWNER over the queue; else EPERM', () => {
    const { kernel, init } = boot();
    mqOpen(kernel, init, '/a', O_CREAT, 0o666);
    const u = user(kernel, init, 1000);
    expect(errno(() => mqUnlink(kernel, u, '/a'))).toBe('EPERM');
    mqOpen(kernel, u, '/mine', O_CREAT);
    mqUnlink(kernel, u, '/mine');
    const stranger = user(kernel, init, 1001);
    expect(errno(() => mqUnlink(kernel, stranger, '/a'))).toBe('EPERM');
    // A namespace created by uid 1000 (with its own user namespace): its mqueue root belongs to 1000.
    const c = kernel.clone(u, CLONE_NEWUSER | CLONE_NEWIPC);
    const enter = (caps: bigint, uid = 0) => {
      const t = kernel.clone(init, 0);
      kernel.setns(t, kernel.openNs(t, c, 'ipc'), CLONE_NEWIPC);
      if (uid !== 0) kernel.setresuid(t, uid, uid, uid);
      else kernel.capset(t, { effective: caps, permitted: caps });
      return t;
    };
    const j = enter(CAP_FULL_SET);
    // The toy user type maps only its creator (0 -> kuid 1000): a queue of kuid 0 cannot be made there, its owner
    // would be unmapped in the user namespace owning the ipc namespace (may_create: EOVERFLOW).
    expect(errno(() => mqOpen(kernel, j, '/root-owned', O_CREAT))).toBe('EOVERFLOW');
    // Maps of every id, as outside (what uid_map and gid_map writes would give), and then it can.
    const all = [{ first: 0, lowerFirst: 0, count: 4294967295 }];
    c.cred.userNs.uidMap = all;
    c.cred.userNs.gidMap = all;
    mqOpen(kernel, j, '/root-owned', O_CREAT);
    mqOpen(kernel, enter(0n, 2000), '/q2000', O_CREAT, 0o666);
    // c is uid 1000, the directory's owner: without CAP_FOWNER, being the directory's owner is enough.
    const noFowner = CAP_FULL_SET & ~capBit(CAP_FOWNER);
    kernel.capset(c, { effective: noFowner, permitted: noFowner });
    mqUnlink(kernel, c, '/root-owned');
    expect(errno(() => mqUnlink(kernel, enter(0n, 1001), '/q2000'))).toBe('EPERM');
    expect(errno(() => mqUnlink(kernel, enter(0n), '/q2000'))).toBe('EPERM'); // uid 0: owns neither
    expect(errno(() => mqUnlink(kernel, enter(capBit(CAP_DAC_OVERRIDE)), '/q2000'))).toBe('EPERM');
    mqUnlink(kernel, enter(capBit(CAP_FOWNER)), '/q2000');
  });
});

describe('limits', () => {
  it('queues_max gives ENOSPC, except with CAP_SYS_RESOURCE in the initial user namespace', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, CLONE_NEWIPC);
    ipcSysctlWrite(kernel, t, 'fs.mqueue.queues_max', '1');
    mqOpen(kernel, t, '/a', O_CREAT);
    mqOpen(kernel, t, '/b', O_CREAT); // init's caps include CAP_SYS_RESOURCE
    const noRes = kernel.clone(t, 0);
    const caps = CAP_FULL_SET & ~capBit(CAP_SYS_RESOURCE);
    kernel.capset(noRes, { effective: caps, permitted: caps });
    expect(errno(() => mqOpen(kernel, noRes, '/c', O_CREAT))).toBe('ENOSPC');
    mqOpen(kernel, noRes, '/a', O_RDONLY); // opening an existing one is fine
    const inUserNs = kernel.clone(t, CLONE_NEWUSER); // full caps, but not in the initial user namespace
    expect(errno(() => mqOpen(kernel, inUserNs, '/c', O_CREAT))).toBe('ENOSPC');
  });

  it('RLIMIT_MSGQUEUE: the 10th default queue of one user is EMFILE, across ipc namespaces', () => {
    const { kernel, init } = boot();
    expect(mqQueueBytes(10, 8192)).toBe(82880);
    expect(Math.floor(MQ_BYTES_MAX / 82880)).toBe(9);
    const a = kernel.clone(init, CLONE_NEWIPC);
    const b = kernel.clone(init, CLONE_NEWIPC);
    for (let i = 0; i < 5; i++) mqOpen(kernel, a, `/r${i}`, O_CREAT);
    for (let i = 0; i < 4; i++) mqOpen(kernel, b, `/r${i}`, O_CREAT);
    expect(errno(() => mqOpen(kernel, b, '/r9', O_CREAT))).toBe('EMFILE');
    const other = user(kernel, init, 1000); // another uid has its own budget
    kernel.unshare(other, CLONE_NEWUSER | CLONE_NEWIPC);
    mqOpen(kernel, other, '/x', O_CREAT);
    mqUnlink(kernel, a, '/r0');
    mqOpen(kernel, b, '/r9', O_CREAT);
    // A namespace's queues stop counting when it is freed.
    kernel.exit(a);
    mqOpen(kernel, b, '/r10', O_CREAT);
  });

  it('a child user namespace\'s queues are charged to its creator in the parent as well', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    const c = kernel.clone(u, CLONE_NEWUSER | CLONE_NEWIPC);
    for (let i = 0; i < 5; i++) mqOpen(kernel, c, `/c${i}`, O_CREAT);
    kernel.unshare(u, CLONE_NEWUSER | CLONE_NEWIPC); // uid 1000 again, in another user namespace
    for (let i = 0; i < 4; i++) mqOpen(kernel, u, `/u${i}`, O_CREAT);
    expect(errno(() => mqOpen(kernel, u, '/u4', O_CREAT))).toBe('EMFILE');
  });
});
