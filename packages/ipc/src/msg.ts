/**
 * System V messages: msgsnd and msgrcv in the task's ipc namespace. Mirrors
 * ipc/msg.c (do_msgsnd, msg_fits_inqueue, do_msgrcv, convert_mode, testmsg,
 * find_msg, prepare_copy) and ipc/msgutil.c (copy_msg) of Linux 6.18.
 *
 * The checks come in the kernel's order and all of them before any change,
 * so a call that fails leaves the queue as it was. There are no waiting
 * senders or receivers: where Linux would sleep, the model throws
 * `WouldBlockError` (see blocking.ts). EIDRM, which Linux returns only to a
 * caller that slept while the queue was removed, cannot happen.
 */
import { badArgument, checkInt, fail, utf8Decode, utf8Encode } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { IPC_NOWAIT, MSG_COPY, MSG_EXCEPT, MSG_NOERROR, S_IRUGO, S_IWUGO } from './constants.ts';
import { WouldBlockError } from './blocking.ts';
import { ipcperms } from './ids.ts';
import type { MsgMsg } from './objects.ts';
import { checkInts, ipcNamespaceOf } from './sysv.ts';

/** The text of a message: a size (that many zero bytes), a string (its UTF-8 bytes) or bytes. */
export type MsgText = number | string | Uint8Array;

/** What msgrcv returns: the message's type and the `size` bytes copied out. */
export interface MsgReceived {
  readonly mtype: number;
  /** The bytes copied out: the message's size, or less with MSG_NOERROR. */
  readonly size: number;
  /** Those bytes. */
  readonly data: Uint8Array;
  /** Those bytes up to the first NUL, as UTF-8. */
  readonly text: string;
}

function bytesOf(mtext: MsgText): Uint8Array {
  if (typeof mtext === 'number') return new Uint8Array(0);
  return typeof mtext === 'string' ? utf8Encode(mtext) : mtext;
}

/**
 * msgsnd(2): puts a message of type `mtype` on the queue. `mtext` is the
 * buffer and `msgsz` the bytes sent from it (default: the buffer's length; a
 * number is a buffer of that many zero bytes; bytes past the buffer are zero).
 *
 * EINVAL when msgsz is above the namespace's kernel.msgmax or negative, or
 * msqid negative; EINVAL when mtype < 1; EINVAL for an id nobody has (or a
 * stale one); EACCES without write permission (ipcperms); a message that
 * would take the queue past q_qbytes bytes (kernel.msgmnb when the queue was
 * made) or past q_qbytes messages: EAGAIN with IPC_NOWAIT, else Linux sleeps
 * (`WouldBlockError`).
 */
export function msgsnd(kernel: Kernel, task: Task, msqid: number, mtype: number, mtext: MsgText, msgflg = 0, msgsz?: number): void {
  const sys = 'msgsnd';
  checkInts(sys, { msqid, mtype, msgflg });
  if (msgsz !== undefined) checkInt(msgsz, sys, 'msgsz');
  if (typeof mtext === 'number') checkInt(mtext, sys, 'mtext');
  else if (typeof mtext !== 'string' && !(mtext instanceof Uint8Array)) badArgument(sys, 'mtext', 'a size, a string or a Uint8Array', mtext);
  const ns = ipcNamespaceOf(kernel, task, sys);
  const bytes = bytesOf(mtext);
  const size = Math.trunc(msgsz ?? (typeof mtext === 'number' ? mtext : bytes.length));
  // msgsz is a size_t: a negative one is above every msgmax, and (long) msgsz < 0.
  if (!(size >= 0) || size > ns.limits.msgCtlmax || msqid < 0) fail('EINVAL', sys, `msgsz ${size} is outside [0, msgmax ${ns.limits.msgCtlmax}] or the id is negative`, 'Q1.28');
  if (mtype < 1) fail('EINVAL', sys, `mtype ${mtype} is below 1`, 'Q1.29');
  const q = ns.msg.obtainObjectCheck(msqid, sys);
  if (!ipcperms(ns.userNs, task.cred, q, S_IWUGO)) fail('EACCES', sys, `no write permission on ${msqid}`, 'Q1.15');
  // msg_fits_inqueue: q_qbytes bounds both the bytes and the number of messages.
  if (size + q.cbytes > q.qbytes || 1 + q.qnum > q.qbytes) {
    if (msgflg & IPC_NOWAIT) fail('EAGAIN', sys, `queue ${msqid} is full (${q.cbytes} bytes, ${q.qnum} messages, q_qbytes ${q.qbytes})`, 'Q1.30');
    throw new WouldBlockError(sys, `queue ${msqid} is full`);
  }
  q.messages.push({ mtype, size, data: bytes.slice(0, size) });
  q.cbytes += size;
}

/** The search modes of convert_mode. */
const SEARCH_ANY = 1;
const SEARCH_EQUAL = 2;
const SEARCH_NOTEQUAL = 3;
const SEARCH_LESSEQUAL = 4;
const SEARCH_NUMBER = 5;

/** convert_mode: how msgtyp and the flags pick a message; msgtyp < 0 becomes its absolute value. */
function convertMode(msgtyp: number, msgflg: number): { mode: number; type: number } {
  if (msgflg & MSG_COPY) return { mode: SEARCH_NUMBER, type: msgtyp };
  if (msgtyp === 0) return { mode: SEARCH_ANY, type: 0 };
  if (msgtyp < 0) return { mode: SEARCH_LESSEQUAL, type: -msgtyp };
  return { mode: msgflg & MSG_EXCEPT ? SEARCH_NOTEQUAL : SEARCH_EQUAL, type: msgtyp };
}

function testmsg(msg: MsgMsg, type: number, mode: number): boolean {
  switch (mode) {
    case SEARCH_ANY:
    case SEARCH_NUMBER:
      return true;
    case SEARCH_LESSEQUAL:
      return msg.mtype <= type;
    case SEARCH_EQUAL:
      return msg.mtype === type;
    case SEARCH_NOTEQUAL:
      return msg.mtype !== type;
    default:
      return false;
  }
}

/**
 * find_msg: the index of the first matching message; for SEARCH_LESSEQUAL the
 * first one of the lowest type, for SEARCH_NUMBER (MSG_COPY) the one at
 * position `type`; -1 when none.
 */
function findMsg(messages: readonly MsgMsg[], msgtyp: number, mode: number): number {
  let type = msgtyp;
  let found = -1;
  let count = 0;
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i] as MsgMsg;
    if (!testmsg(msg, type, mode)) continue;
    if (mode === SEARCH_LESSEQUAL && msg.mtype !== 1) {
      type = msg.mtype - 1;
      found = i;
    } else if (mode === SEARCH_NUMBER) {
      if (type === count) return i;
    } else {
      return i;
    }
    count++;
  }
  return found;
}

function received(msg: MsgMsg, size: number): MsgReceived {
  const data = new Uint8Array(size);
  data.set(msg.data.subarray(0, size));
  const nul = data.indexOf(0);
  return { mtype: msg.mtype, size, data, text: utf8Decode(nul < 0 ? data : data.subarray(0, nul)) };
}

/**
 * msgrcv(2): takes a message off the queue. msgtyp 0 takes the first one; a
 * positive msgtyp the first of that type (with MSG_EXCEPT the first of another
 * type); a negative one the first of the lowest type at most |msgtyp|. With
 * MSG_COPY (which needs IPC_NOWAIT and excludes MSG_EXCEPT: EINVAL) msgtyp is
 * a position and the message is copied, not taken.
 *
 * EINVAL for a negative msqid or msgsz; EINVAL for an id nobody has; EACCES
 * without read permission; no matching message: ENOMSG with IPC_NOWAIT, else
 * Linux sleeps (`WouldBlockError`); a message longer than msgsz: E2BIG, unless
 * MSG_NOERROR cuts it to msgsz (the rest is lost); MSG_COPY of a message longer
 * than min(msgsz, msgmax): EINVAL (copy_msg).
 */
export function msgrcv(kernel: Kernel, task: Task, msqid: number, msgsz: number, msgtyp: number, msgflg = 0): MsgReceived {
  const sys = 'msgrcv';
  checkInts(sys, { msqid, msgsz, msgtyp, msgflg });
  const ns = ipcNamespaceOf(kernel, task, sys);
  const bufsz = Math.trunc(msgsz);
  if (msqid < 0 || !(bufsz >= 0)) fail('EINVAL', sys, 'negative id or size', 'Q1.31');
  let copyLimit = -1;
  if (msgflg & MSG_COPY) {
    if (msgflg & MSG_EXCEPT || !(msgflg & IPC_NOWAIT)) fail('EINVAL', sys, 'MSG_COPY needs IPC_NOWAIT and excludes MSG_EXCEPT', 'Q1.32');
    copyLimit = Math.min(bufsz, ns.limits.msgCtlmax); // prepare_copy
  }
  const { mode, type } = convertMode(msgtyp, msgflg);
  const q = ns.msg.obtainObjectCheck(msqid, sys);
  if (!ipcperms(ns.userNs, task.cred, q, S_IRUGO)) fail('EACCES', sys, `no read permission on ${msqid}`, 'Q1.15');
  const i = findMsg(q.messages, type, mode);
  if (i < 0) {
    if (msgflg & IPC_NOWAIT) fail('ENOMSG', sys, `no message of type ${msgtyp} on ${msqid}`, 'Q1.33');
    throw new WouldBlockError(sys, `no message of type ${msgtyp} on ${msqid}`);
  }
  const msg = q.messages[i] as MsgMsg;
  if (bufsz < msg.size && !(msgflg & MSG_NOERROR)) fail('E2BIG', sys, `the message has ${msg.size} bytes, the buffer ${bufsz}`, 'Q1.34');
  if (copyLimit >= 0) {
    if (msg.size > copyLimit) fail('EINVAL', sys, `the message has ${msg.size} bytes, the copy ${copyLimit}`, 'Q1.35');
    return received(msg, msg.size);
  }
  q.messages.splice(i, 1);
  q.cbytes -= msg.size;
  return received(msg, Math.min(bufsz, msg.size));
}
