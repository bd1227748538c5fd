/**
 * Simulated ops of the format's IPC section, through @nsproxy/ipc, and the IPC
 * extension ops (`ipcrm`, `ipcstat`, `mq_open`, `mq_unlink`, `sysctl`,
 * `msgsnd`, `msgrcv`, `semop`).
 */
import {
  IPC_CREAT, IPC_NOWAIT, IPC_PRIVATE, IPC_SYSCTL_NAMES, O_CREAT, O_EXCL, O_RDONLY, ipcCount, ipcRmid, ipcStat,
  ipcSysctlRead, ipcSysctlWrite, msgget, msgrcv, msgsnd, mqOpen, mqUnlink, semget, semop, shmget,
} from '@nsproxy/ipc';
import type { SemBuf } from '@nsproxy/ipc';
import type { IpcKind } from '@nsproxy/ipc';
import { MSGRCV_FLAG_BITS, integerArg, semOpsArg } from '../args.ts';
import type { SimOpTable } from './world.ts';
import { OK } from './world.ts';

/** An ipc key of the format: decimal (maybe negative), 0x-hex, or IPC_PRIVATE; as a 32-bit key_t. */
export function parseIpcKey(word: string): number {
  if (word === 'IPC_PRIVATE') return IPC_PRIVATE;
  if (/^0[xX][0-9a-fA-F]+$/.test(word)) return Number.parseInt(word.slice(2), 16) | 0;
  if (/^-?[0-9]+$/.test(word)) return Number(word) | 0;
  throw new Error(`not an ipc key: '${word}'`);
}

function kindOf(word: string): IpcKind {
  if (word === 'shm' || word === 'msg' || word === 'sem') return word;
  throw new Error(`not an ipc kind: '${word}'`);
}

function idOf(word: string): number {
  if (/^0[xX][0-9a-fA-F]+$/.test(word)) return Number.parseInt(word.slice(2), 16) | 0;
  if (/^-?[0-9]+$/.test(word)) return Number(word) | 0;
  throw new Error(`not an ipc id: '${word}'`);
}

/** An integer argument (decimal, maybe negative, or 0x-hex), as a JS number (a C long keeps its value). */
function num(word: string): number {
  const n = integerArg(word);
  if (n === undefined) throw new Error(`not an integer: '${word}'`);
  return n;
}

/** `semop` operations: `-` (none) or `<num>:<op>,...`, each with IPC_NOWAIT. */
function semOps(word: string): SemBuf[] {
  const ops = semOpsArg(word);
  if (!ops) throw new Error(`bad semaphore operations '${word}'`);
  return ops.map(({ num: semNum, op: semOp }) => ({ semNum, semOp, semFlg: IPC_NOWAIT }));
}

/** The get flags of the format: IPC_CREAT|0600 with `create`, else 0. */
function getFlags(create: string | undefined): number {
  return create === 'create' ? IPC_CREAT | 0o600 : 0;
}

export const ipcOps: SimOpTable = {
  shmget(world, actor, [key = '', create]) {
    return { kind: 'int', value: shmget(world.kernel, actor, parseIpcKey(key), 4096, getFlags(create)) };
  },
  msgget(world, actor, [key = '', create]) {
    return { kind: 'int', value: msgget(world.kernel, actor, parseIpcKey(key), getFlags(create)) };
  },
  semget(world, actor, [key = '', create]) {
    return { kind: 'int', value: semget(world.kernel, actor, parseIpcKey(key), 1, getFlags(create)) };
  },
  ipcs(world, actor, [kind = '']) {
    return { kind: 'int', value: ipcCount(world.kernel, actor, kindOf(kind)) };
  },
  // Extensions.
  ipcrm(world, actor, [kind = '', id = '']) {
    ipcRmid(world.kernel, actor, kindOf(kind), idOf(id));
    return OK;
  },
  ipcstat(world, actor, [kind = '', id = '']) {
    const st = ipcStat(world.kernel, actor, kindOf(kind), idOf(id));
    const msg = st.kind === 'msg' ? ` qbytes=${st.size} qnum=${st.qnum ?? 0} cbytes=${st.cbytes ?? 0}` : '';
    return { kind: 'text', value: `uid=${st.uid} gid=${st.gid} mode=${(st.mode & 0o777).toString(8)}${msg}` };
  },
  msgsnd(world, actor, [id = '', mtype = '', size = '', text]) {
    msgsnd(world.kernel, actor, idOf(id), num(mtype), text ?? num(size), IPC_NOWAIT, num(size));
    return OK;
  },
  msgrcv(world, actor, [id = '', size = '', msgtyp = '', ...flags]) {
    const flg = flags.reduce((f, w) => f | (MSGRCV_FLAG_BITS[w] ?? 0), IPC_NOWAIT);
    const m = msgrcv(world.kernel, actor, idOf(id), num(size), num(msgtyp), flg);
    return { kind: 'text', value: `mtype=${m.mtype} size=${m.size}${m.text === '' ? '' : ` text=${m.text}`}` };
  },
  semop(world, actor, [id = '', sops = '']) {
    semop(world.kernel, actor, idOf(id), semOps(sops));
    return OK;
  },
  mq_open(world, actor, [name = '', how]) {
    const oflag = O_RDONLY | (how === 'create' ? O_CREAT : how === 'excl' ? O_CREAT | O_EXCL : 0);
    mqOpen(world.kernel, actor, name, oflag, 0o600);
    return OK;
  },
  mq_unlink(world, actor, [name = '']) {
    mqUnlink(world.kernel, actor, name);
    return OK;
  },
  sysctl(world, actor, [name = '', value]) {
    // Only the ipc sysctls are modelled; another name is a runner error, not a fake errno.
    if (!IPC_SYSCTL_NAMES.includes(name)) throw new Error(`sysctl ${name} is not modelled by the simulated backend`);
    if (value === undefined) return { kind: 'text', value: ipcSysctlRead(world.kernel, actor, name) };
    ipcSysctlWrite(world.kernel, actor, name, value);
    return OK;
  },
};
