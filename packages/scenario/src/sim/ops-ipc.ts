/**
 * Simulated ops of the format's IPC section, through @nsproxy/ipc, and the IPC
 * extension ops (`ipcrm`, `ipcstat`, `mq_open`, `mq_unlink`, `sysctl`).
 */
import {
  IPC_CREAT, IPC_PRIVATE, IPC_SYSCTL_NAMES, O_CREAT, O_EXCL, O_RDONLY, ipcCount, ipcRmid, ipcStat, ipcSysctlRead, ipcSysctlWrite, msgget, mqOpen,
  mqUnlink, semget, shmget,
} from '@nsproxy/ipc';
import type { IpcKind } from '@nsproxy/ipc';
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
    return { kind: 'text', value: `uid=${st.uid} gid=${st.gid} mode=${(st.mode & 0o777).toString(8)}` };
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
