/**
 * msgsnd and msgrcv: every errno in the kernel's order (ipc/msg.c do_msgsnd,
 * do_msgrcv), the limits of the caller's namespace (kernel.msgmax, and
 * kernel.msgmnb as the queue's q_qbytes), msgtyp and the flags, messages per
 * namespace and their end with the queue or the namespace. The edge cases
 * were checked on the 6.18.44 reference machine.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWIPC, CLONE_NEWUSER, Kernel } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_NOWAIT, IPC_PRIVATE, IPC_RMID, MSG_COPY, MSG_EXCEPT, MSG_NOERROR, WouldBlockError, ipcNamespaceOf, ipcNamespaceType, ipcStat,
  ipcSysctlWrite, msgctl, msgget, msgrcv, msgsnd,
} from './index.ts';
import type { IpcNamespace } from './index.ts';
import { boot, errno, toyUserType, user } from '../test/helpers.ts';

const C = IPC_CREAT | 0o600;
const NW = IPC_NOWAIT;

/** A queue of init's namespace holding "three" (type 3), "one" (type 1), "two" (type 2), as on the reference machine. */
function threeMessages() {
  const { kernel, init } = boot();
  const q = msgget(kernel, init, IPC_PRIVATE, C);
  msgsnd(kernel, init, q, 3, 'three', NW);
  msgsnd(kernel, init, q, 1, 'one', NW);
  msgsnd(kernel, init, q, 2, 'two', NW);
  return { kernel, init, q };
}

describe('msgsnd', () => {
  it('puts a message on the queue; IPC_STAT counts its messages and bytes', () => {
    const { kernel, init, q } = threeMessages();
    expect(ipcStat(kernel, init, 'msg', q)).toMatchObject({ qnum: 3, cbytes: 11, size: 16384 });
    msgsnd(kernel, init, q, 9, 100);
    msgsnd(kernel, init, q, 9, 'abcdef', 0, 4); // msgsz bytes of the buffer
    msgsnd(kernel, init, q, 9, 'ab', 0, 4); // past the buffer: zeros
    expect(ipcStat(kernel, init, 'msg', q)).toMatchObject({ qnum: 6, cbytes: 119 });
  });

  it('EINVAL for msgsz above msgmax or negative, or a negative id, before anything else; then mtype < 1', () => {
    const { kernel, init } = boot();
    const q = msgget(kernel, init, IPC_PRIVATE, C);
    expect(errno(() => msgsnd(kernel, init, q, 1, 8193, NW))).toBe('EINVAL');
    expect(errno(() => msgsnd(kernel, init, q, 1, 'x', NW, -1))).toBe('EINVAL');
    expect(errno(() => msgsnd(kernel, init, -1, 1, 3, NW))).toBe('EINVAL');
    expect(errno(() => msgsnd(kernel, init, q, 0, 3, NW))).toBe('EINVAL');
    expect(errno(() => msgsnd(kernel, init, q, -5, 3, NW))).toBe('EINVAL');
    msgsnd(kernel, init, q, 1, 8192, NW);
    ipcSysctlWrite(kernel, init, 'kernel.msgmax', '4');
    expect(errno(() => msgsnd(kernel, init, q, 1, 'hello', NW))).toBe('EINVAL');
    msgsnd(kernel, init, q, 1, 'hell', NW);
    ipcSysctlWrite(kernel, init, 'kernel.msgmax', '0');
    msgsnd(kernel, init, q, 1, '', NW); // an empty message is fine
    expect(ipcStat(kernel, init, 'msg', q)).toMatchObject({ qnum: 3, cbytes: 8196 });
  });

  it('EINVAL for an id nobody has, a stale one, or one of another namespace', () => {
    const { kernel, init } = boot();
    const q = msgget(kernel, init, IPC_PRIVATE, C);
    expect(errno(() => msgsnd(kernel, init, q + 1, 1, 3, NW))).toBe('EINVAL');
    msgctl(kernel, init, q, IPC_RMID);
    const again = msgget(kernel, init, IPC_PRIVATE, C);
    expect(errno(() => msgsnd(kernel, init, again + 32768, 1, 3, NW))).toBe('EINVAL');
    const other = kernel.clone(init, CLONE_NEWIPC);
    expect(errno(() => msgsnd(kernel, other, again, 1, 3, NW))).toBe('EINVAL');
  });

  it('EACCES without write permission (ipcperms)', () => {
    const { kernel, init } = boot();
    const q = msgget(kernel, init, 7, IPC_CREAT | 0o644);
    const other = user(kernel, init, 1000);
    expect(errno(() => msgsnd(kernel, other, q, 1, 'x', NW))).toBe('EACCES');
    const r = msgget(kernel, init, 8, IPC_CREAT | 0o622);
    msgsnd(kernel, other, r, 1, 'x', NW);
    expect(errno(() => msgrcv(kernel, other, r, 10, 0, NW))).toBe('EACCES');
  });

  it('a full queue: EAGAIN with IPC_NOWAIT, WouldBlockError without; q_qbytes is msgmnb when the queue was made', () => {
    const { kernel, init } = boot();
    ipcSysctlWrite(kernel, init, 'kernel.msgmnb', '8');
    const q = msgget(kernel, init, IPC_PRIVATE, C);
    ipcSysctlWrite(kernel, init, 'kernel.msgmnb', '16384'); // the queue keeps 8
    expect(ipcStat(kernel, init, 'msg', q).size).toBe(8);
    msgsnd(kernel, init, q, 1, 'abcde', NW);
    expect(errno(() => msgsnd(kernel, init, q, 1, 'abcd', NW))).toBe('EAGAIN');
    expect(() => msgsnd(kernel, init, q, 1, 'abcd')).toThrow(WouldBlockError);
    msgsnd(kernel, init, q, 1, 'abc', NW); // exactly 8 bytes
    // q_qbytes also bounds the number of messages: 8 empty messages at most.
    const r = msgget(kernel, init, IPC_PRIVATE, C);
    ipcSysctlWrite(kernel, init, 'kernel.msgmnb', '2');
    const s = msgget(kernel, init, IPC_PRIVATE, C);
    msgsnd(kernel, init, s, 1, 0, NW);
    msgsnd(kernel, init, s, 1, 0, NW);
    expect(errno(() => msgsnd(kernel, init, s, 1, 0, NW))).toBe('EAGAIN');
    expect(ipcStat(kernel, init, 'msg', r).size).toBe(16384);
    expect(ipcStat(kernel, init, 'msg', s)).toMatchObject({ qnum: 2, cbytes: 0, size: 2 });
  });
});

describe('msgrcv', () => {
  it('msgtyp 0 takes the first message, a positive one the first of that type, MSG_EXCEPT the first of another', () => {
    const { kernel, init, q } = threeMessages();
    expect(msgrcv(kernel, init, q, 64, 2, NW)).toMatchObject({ mtype: 2, size: 3, text: 'two' });
    expect(msgrcv(kernel, init, q, 64, 3, NW | MSG_EXCEPT)).toMatchObject({ mtype: 1, text: 'one' });
    expect(msgrcv(kernel, init, q, 64, 0, NW)).toMatchObject({ mtype: 3, text: 'three' });
    expect(ipcStat(kernel, init, 'msg', q)).toMatchObject({ qnum: 0, cbytes: 0 });
  });

  it('a negative msgtyp takes the first message of the lowest type at most |msgtyp|', () => {
    const { kernel, init, q } = threeMessages();
    msgsnd(kernel, init, q, 2, 'deux', NW);
    expect(msgrcv(kernel, init, q, 64, -2, NW)).toMatchObject({ mtype: 1, text: 'one' });
    expect(msgrcv(kernel, init, q, 64, -2, NW)).toMatchObject({ mtype: 2, text: 'two' });
    expect(msgrcv(kernel, init, q, 64, -2, NW)).toMatchObject({ mtype: 2, text: 'deux' });
    expect(errno(() => msgrcv(kernel, init, q, 64, -2, NW))).toBe('ENOMSG');
    expect(msgrcv(kernel, init, q, 64, -3, NW)).toMatchObject({ mtype: 3 });
  });

  it('no matching message: ENOMSG with IPC_NOWAIT, WouldBlockError without', () => {
    const { kernel, init, q } = threeMessages();
    expect(errno(() => msgrcv(kernel, init, q, 64, 5, NW))).toBe('ENOMSG');
    expect(() => msgrcv(kernel, init, q, 64, 5, 0)).toThrow(WouldBlockError);
    const empty = msgget(kernel, init, IPC_PRIVATE, C);
    expect(errno(() => msgrcv(kernel, init, empty, 64, 0, NW))).toBe('ENOMSG');
  });

  it('E2BIG for a message longer than msgsz, which stays; MSG_NOERROR cuts it', () => {
    const { kernel, init, q } = threeMessages();
    expect(errno(() => msgrcv(kernel, init, q, 2, 0, NW))).toBe('E2BIG');
    expect(ipcStat(kernel, init, 'msg', q).qnum).toBe(3);
    const r = msgrcv(kernel, init, q, 2, 0, NW | MSG_NOERROR);
    expect(r).toMatchObject({ mtype: 3, size: 2, text: 'th' });
    expect(ipcStat(kernel, init, 'msg', q)).toMatchObject({ qnum: 2, cbytes: 6 }); // the rest is gone with it
  });

  it('EINVAL for a negative id or msgsz, an id nobody has; EACCES without read permission', () => {
    const { kernel, init, q } = threeMessages();
    expect(errno(() => msgrcv(kernel, init, -1, 64, 0, NW))).toBe('EINVAL');
    expect(errno(() => msgrcv(kernel, init, q, -1, 0, NW))).toBe('EINVAL');
    expect(errno(() => msgrcv(kernel, init, q + 1, 64, 0, NW))).toBe('EINVAL');
    const other = user(kernel, init, 1000);
    expect(errno(() => msgrcv(kernel, other, q, 64, 0, NW))).toBe('EACCES');
  });

  it('MSG_COPY copies the message at position msgtyp; it needs IPC_NOWAIT and excludes MSG_EXCEPT', () => {
    const { kernel, init, q } = threeMessages();
    expect(msgrcv(kernel, init, q, 64, 1, NW | MSG_COPY)).toMatchObject({ mtype: 1, text: 'one' });
    expect(ipcStat(kernel, init, 'msg', q).qnum).toBe(3);
    expect(errno(() => msgrcv(kernel, init, q, 64, 5, NW | MSG_COPY))).toBe('ENOMSG');
    expect(errno(() => msgrcv(kernel, init, q, 64, -1, NW | MSG_COPY))).toBe('ENOMSG');
    expect(errno(() => msgrcv(kernel, init, q, 64, 0, MSG_COPY))).toBe('EINVAL');
    expect(errno(() => msgrcv(kernel, init, q, 64, 0, NW | MSG_COPY | MSG_EXCEPT))).toBe('EINVAL');
    expect(errno(() => msgrcv(kernel, init, q, 2, 0, NW | MSG_COPY))).toBe('E2BIG');
    expect(errno(() => msgrcv(kernel, init, q, 2, 0, NW | MSG_COPY | MSG_NOERROR))).toBe('EINVAL'); // copy_msg
    ipcSysctlWrite(kernel, init, 'kernel.msgmax', '4');
    expect(errno(() => msgrcv(kernel, init, q, 64, 0, NW | MSG_COPY))).toBe('EINVAL'); // the copy holds min(msgsz, msgmax)
    expect(msgrcv(kernel, init, q, 64, 0, NW)).toMatchObject({ mtype: 3, text: 'three' }); // a plain receive ignores msgmax
  });

  it('returns the bytes sent: zeros past the buffer, text up to the first NUL, UTF-8', () => {
    const { kernel, init } = boot();
    const q = msgget(kernel, init, IPC_PRIVATE, C);
    msgsnd(kernel, init, q, 1, 'hé', NW, 5);
    const r = msgrcv(kernel, init, q, 100, 0, NW);
    expect([...r.data]).toEqual([0x68, 0xc3, 0xa9, 0, 0]);
    expect(r).toMatchObject({ size: 5, text: 'hé' });
    msgsnd(kernel, init, q, 1, Uint8Array.of(0x41, 0xff), NW);
    expect(msgrcv(kernel, init, q, 100, 0, NW).text).toBe('A\uFFFD');
  });
});

describe('namespaces', () => {
  it('a message sent in one namespace is not receivable by id in another (LTP mesgq_nstest.c; LTP msg_comm.c)', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const b = kernel.clone(init, CLONE_NEWIPC);
    const qa = msgget(kernel, a, 124426, C);
    const qb = msgget(kernel, b, 124426, C);
    expect([qa, qb]).toEqual([0, 0]);
    msgsnd(kernel, a, qa, 1, 'from a', NW);
    msgsnd(kernel, b, qb, 2, 'from b', NW);
    expect(errno(() => msgrcv(kernel, a, qa, 64, 2, NW))).toBe('ENOMSG');
    expect(errno(() => msgrcv(kernel, init, qa, 64, 0, NW))).toBe('EINVAL'); // init's namespace has no queue 0
    expect(msgrcv(kernel, b, qb, 64, 0, NW).text).toBe('from b');
    const plain = kernel.clone(a, 0); // a plain child shares a's namespace, and its messages
    expect(msgrcv(kernel, plain, qa, 64, 0, NW).text).toBe('from a');
  });

  it('kernel.msgmax and kernel.msgmnb of one namespace do not limit another', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    ipcSysctlWrite(kernel, a, 'kernel.msgmax', '1');
    ipcSysctlWrite(kernel, a, 'kernel.msgmnb', '1');
    const qa = msgget(kernel, a, IPC_PRIVATE, C);
    const q = msgget(kernel, init, IPC_PRIVATE, C);
    expect(errno(() => msgsnd(kernel, a, qa, 1, 'xy', NW))).toBe('EINVAL');
    msgsnd(kernel, init, q, 1, 'xy', NW);
    expect(ipcStat(kernel, init, 'msg', q).size).toBe(16384);
  });

  it('messages go with their queue (IPC_RMID) and with the namespace\'s last reference', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const q = msgget(kernel, a, 1, C);
    msgsnd(kernel, a, q, 1, 'x', NW);
    const ns = ipcNamespaceOf(kernel, a);
    const queue = ns.msg.objects()[0];
    msgctl(kernel, a, q, IPC_RMID);
    expect(queue?.deleted).toBe(true);
    const again = msgget(kernel, a, 1, C);
    expect(errno(() => msgrcv(kernel, a, again, 64, 0, NW))).toBe('ENOMSG'); // a new queue, empty
    msgsnd(kernel, a, again, 1, 'y', NW);
    const fd = kernel.openNs(init, a, 'ipc');
    kernel.exit(a);
    const pinned = kernel.nsOfFd(init, fd) as IpcNamespace;
    expect(pinned.msg.objects()[0]?.qnum).toBe(1);
    kernel.close(init, fd);
    expect(pinned.freed).toBe(true);
    expect(pinned.msg.inUse).toBe(0);
  });

  it('uses the caller\'s user namespace for ipcperms: root of a child user namespace has no access to another\'s queue', () => {
    const { kernel, init } = boot();
    const q = msgget(kernel, init, 1, C);
    const c = kernel.clone(user(kernel, init, 1000), CLONE_NEWUSER);
    expect(errno(() => msgsnd(kernel, c, q, 1, 'x', NW))).toBe('EACCES');
  });

  it('snapshots keep the messages', () => {
    const { kernel, init, q } = threeMessages();
    msgsnd(kernel, init, q, 4, 'zz', NW, 4);
    const snap = kernel.snapshot();
    const copy = Kernel.restore(snap, { namespaces: [ipcNamespaceType, toyUserType] });
    expect(copy.snapshot()).toEqual(snap);
    const init2 = copy.tasks().find((t) => t.serial === init.serial);
    if (!init2) throw new Error('no restored task');
    expect(ipcStat(copy, init2, 'msg', q)).toMatchObject({ qnum: 4, cbytes: 15 });
    expect([...msgrcv(copy, init2, q, 64, 4, NW).data]).toEqual([0x7a, 0x7a, 0, 0]);
  });
});
