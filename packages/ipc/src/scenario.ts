/**
 * `@nsproxy/ipc/scenario`: the ipc scenario area, the format's IPC section
 * (`shmget`, `msgget`, `semget`, `ipcs`) and nsproxy's ipc extension ops
 * (`ipcrm`, `ipcstat`, `ipcctl`, `mq_open`, `mq_unlink`, `msgsnd`, `msgrcv`,
 * `semop`; `excl`, sizes and counts, access modes)
 * on the simulated kernel, and the ipc sysctls (`kernel.shm*`, `kernel.msg*`,
 * `kernel.sem`, `fs.mqueue.*`), which core's `sysctl` op serves.
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimSysctl, SimWorld } from '@nsproxy/core/scenario';
import type { Task } from '@nsproxy/core';
import type { StepResult } from '@nsproxy/scenario/contract';
import { IPC_CTL_COMMANDS, IPC_GET_FLAGS, MQ_OPEN_FLAGS, MSGRCV_FLAG_BITS, OPEN_ACCMODES, cIntArg, cIntProblem, semOpItemProblem, semOpsArg, showWord } from '@nsproxy/scenario/contract';
import type { CIntType } from '@nsproxy/scenario/contract';
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';
import {
  IPC_NOWAIT, IPC_PRIVATE, IPC_RMID, IPC_SYSCTL_NAMES, SEM_UNDO, ipcCount, ipcNamespaceType, ipcRmid, ipcStat,
  ipcRules, ipcSysctlRead, ipcSysctlWrite, msgctl, msgget, msgrcv, msgsnd, mqOpen, mqUnlink, semctl, semget, semop, shmctl, shmget,
} from './index.ts';
import type { IpcKind, SemBuf } from './index.ts';

const IPC_KIND: ArgKind = { oneOf: ['shm', 'msg', 'sem'] };
/** An ipc key: decimal, 0x-hex, or IPC_PRIVATE; a key_t (a 32-bit int, written signed or unsigned: 0xdeadbeef). */
const IPC_KEY: ArgKind = {
  describe: 'an ipc key (decimal, 0x-hex or IPC_PRIVATE)',
  validate: (value) => {
    if (value === 'IPC_PRIVATE') return undefined;
    if (!/^(?:-?[0-9]+|0[xX][0-9a-fA-F]+)$/.test(value)) return { message: `expected an ipc key (decimal, 0x-hex or IPC_PRIVATE), found '${showWord(value)}'` };
    const message = cIntProblem(value, 'i32', 'key_t');
    return message === undefined ? undefined : { message };
  },
};
/** The C types of the ipc ops' integer arguments (ipc/msg.c, ipc/sem.c). */
const ID: ArgKind = { int: 'i32', ctype: 'int' };
const MTYPE: ArgKind = { int: 'i64', ctype: 'long' };
const SIZE: ArgKind = { int: 'u64', ctype: 'size_t' };
/** The get flags: the format's `create`, and the extensions `excl` (IPC_CREAT|IPC_EXCL) and `-` (none). */
const GET_FLAGS: ArgKind = { oneOf: Object.keys(IPC_GET_FLAGS) };
/** The semaphore count of `semget` (an int). */
const NSEMS: ArgKind = { int: 'i32', ctype: 'int' };
/** A ctl command number (an int). */
const CMD: ArgKind = { int: 'i32', ctype: 'int' };
/** The msgrcv flags of the `msgrcv` extension (MSG_NOERROR, MSG_EXCEPT, MSG_COPY; IPC_NOWAIT is always set). */
const MSG_FLAGS = Object.keys(MSGRCV_FLAG_BITS);
/** The operations of `semop`: comma-joined `<num>:<op>` (e.g. `0:1,1:-1`), or `-` for none. */
const SEM_OPS: ArgKind = {
  describe: 'semaphore operations <num>:<op>[,<num>:<op>...] or -',
  validate: (value) => {
    if (value === '-') return undefined;
    let offset = 0;
    for (const item of value.split(',')) {
      const message = semOpItemProblem(item);
      if (message !== undefined) return { message, offset };
      offset += item.length + 1;
    }
    return undefined;
  },
};

/** The specs of the ipc area's ops. */
export const IPC_OPS: readonly OpSpec[] = [
  // The format's get ops; as extensions, `excl` and `-` besides `create`, and the size and semaphore count.
  opSpec('ipc', 'shmget <key> [create|excl|-] [<size>]', 1, [IPC_KEY, GET_FLAGS, SIZE]),
  opSpec('ipc', 'msgget <key> [create|excl|-]', 1, [IPC_KEY, GET_FLAGS]),
  opSpec('ipc', 'semget <key> [create|excl|-] [<nsems>]', 1, [IPC_KEY, GET_FLAGS, NSEMS]),
  opSpec('ipc', 'ipcs shm|msg|sem', 1, [IPC_KIND]),
  // Extensions: IPC_RMID and IPC_STAT by id, POSIX message queues, messages, semop.
  opSpec('ipc', 'ipcrm shm|msg|sem <id>', 2, [IPC_KIND, ID]),
  opSpec('ipc', 'ipcstat shm|msg|sem <id>', 2, [IPC_KIND, ID]),
  // shmctl, msgctl or semctl with any command number and no buffer (IPC_RMID, or one the kernel does not know).
  // The kernel's commands that need a buffer are refused before any step runs, on both kernels (the op passes none).
  opSpec('ipc', 'ipcctl shm|msg|sem <id> <cmd>', 3, [IPC_KIND, ID, CMD], (args) => {
    const kind = args[0] as IpcKind;
    const cmd = Number(args[2]);
    if (cmd === IPC_RMID || !IPC_CTL_COMMANDS[kind].includes(cmd)) return undefined;
    return { index: 2, message: `ipcctl: command ${cmd} of ${kind}ctl takes a buffer, which the op does not pass (IPC_RMID and unknown commands only; IPC_STAT is the ipcstat op)` };
  }),
  opSpec('ipc', 'mq_open <name> [create|excl|-] [rdonly|wronly|rdwr|wronly,rdwr]', 1, ['word', { oneOf: Object.keys(MQ_OPEN_FLAGS) }, { oneOf: Object.keys(OPEN_ACCMODES) }]),
  opSpec('ipc', 'mq_unlink <name>', 1, ['word']),
  // System V messages and semaphore operations, always with IPC_NOWAIT (the model has no blocking).
  opSpec('ipc', 'msgsnd <id> <mtype> <size> [<text>]', 3, [ID, MTYPE, SIZE, 'text']),
  opSpec('ipc', 'msgrcv <id> <size> <msgtyp> [noerror|except|copy]...', 3, [ID, SIZE, MTYPE, { oneOf: MSG_FLAGS }, { oneOf: MSG_FLAGS }], (args) => {
    if (args.length > 4 && args[3] === args[4]) return { index: 4, message: `msgrcv flag '${args[4] ?? ''}' given twice` };
    return undefined;
  }),
  opSpec('ipc', 'semop <id> <num>:<op>[,<num>:<op>...] [undo]', 2, [ID, SEM_OPS, { oneOf: ['undo'] }]),
];

/** An ipc key of the format: decimal (maybe negative), 0x-hex, or IPC_PRIVATE; as a 32-bit key_t. */
export function parseIpcKey(word: string): number {
  if (word === 'IPC_PRIVATE') return IPC_PRIVATE;
  try {
    return Number(cIntArg(word, 'i32', 'key_t'));
  } catch (error) {
    throw new Error(`not an ipc key: '${word}' (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

function kindOf(word: string): IpcKind {
  if (word === 'shm' || word === 'msg' || word === 'sem') return word;
  throw new Error(`not an ipc kind: '${word}'`);
}

function idOf(word: string): number {
  return Number(cIntArg(word, 'i32'));
}

/**
 * A 64-bit argument (a long, or a size_t) as the model's ipc functions take it:
 * a JS number with the value of a C long (a size_t above LONG_MAX is the
 * negative long of its bits, which is what ipc/msg.c checks). A size may be
 * rounded (every size past 2^53 is far above msgmax, and the sign is kept); a
 * message type that a number cannot hold exactly (2^53 + 1, LONG_MAX) is a
 * runner error, never a rounded type.
 */
function long(word: string, type: CIntType): number {
  const n = BigInt.asIntN(64, cIntArg(word, type));
  const value = Number(n);
  if (type === 'i64' && BigInt(value) !== n) throw new Error(`the simulated kernel keeps a message type as a JS number, which cannot hold ${n} exactly`);
  return value;
}

/** `semop` operations: `-` (none) or `<num>:<op>,...`, each with IPC_NOWAIT (and SEM_UNDO with `undo`). */
function semOps(word: string, undo: boolean): SemBuf[] {
  const ops = semOpsArg(word);
  if (!ops) throw new Error(`bad semaphore operations '${word}'`);
  const semFlg = undo ? IPC_NOWAIT | SEM_UNDO : IPC_NOWAIT;
  return ops.map(({ num: semNum, op: semOp }) => ({ semNum, semOp, semFlg }));
}

/** The get flags: IPC_CREAT|0600 with `create`, IPC_CREAT|IPC_EXCL|0600 with `excl`, else 0. */
function getFlags(how: string | undefined): number {
  return IPC_GET_FLAGS[how ?? '-'] ?? 0;
}

/**
 * `ipcctl`: shmctl, msgctl or semctl with the command and no buffer. IPC_RMID
 * and the commands the kernel does not know (EINVAL, Q1.26) are modelled; the
 * kernel's other commands are a runner error, never a made-up errno.
 */
function ipcctl(world: SimWorld, actor: Task, kind: IpcKind, id: number, cmd: number): StepResult {
  if (cmd !== IPC_RMID && IPC_CTL_COMMANDS[kind].includes(cmd)) {
    throw new Error(`ipcctl: command ${cmd} of ${kind}ctl is not modelled (IPC_RMID is; IPC_STAT is the ipcstat op)`);
  }
  if (kind === 'shm') shmctl(world.kernel, actor, id, cmd);
  else if (kind === 'msg') msgctl(world.kernel, actor, id, cmd);
  else semctl(world.kernel, actor, id, cmd);
  return OK;
}

/** The ipc sysctls, of the actor's ipc namespace. */
export const ipcSysctls: SimSysctl = {
  names: IPC_SYSCTL_NAMES,
  // /proc/sys/fs/mqueue is the ipc namespace's alone (setup_mq_sysctls): another name there is ENOENT (Q1.55).
  dirs: ['fs.mqueue'],
  read: (world, actor, name) => ipcSysctlRead(world.kernel, actor, name),
  write: (world, actor, name, value) => ipcSysctlWrite(world.kernel, actor, name, value),
};

/** The ipc scenario area. */
export const ipcArea: SimArea = defineSimArea({
  name: 'ipc',
  types: [ipcNamespaceType],
  ops: IPC_OPS,
  sysctls: [ipcSysctls],
  rules: ipcRules,
  sim: {
    shmget(world, actor, [key = '', how, size]) {
      const sz = size === undefined ? 4096 : cIntArg(size, 'u64', 'size_t');
      return { kind: 'int', value: shmget(world.kernel, actor, parseIpcKey(key), sz, getFlags(how)) };
    },
    msgget(world, actor, [key = '', how]) {
      return { kind: 'int', value: msgget(world.kernel, actor, parseIpcKey(key), getFlags(how)) };
    },
    semget(world, actor, [key = '', how, nsems]) {
      return { kind: 'int', value: semget(world.kernel, actor, parseIpcKey(key), nsems === undefined ? 1 : idOf(nsems), getFlags(how)) };
    },
    ipcs(world, actor, [kind = '']) {
      return { kind: 'int', value: ipcCount(world.kernel, actor, kindOf(kind)) };
    },
    ipcrm(world, actor, [kind = '', id = '']) {
      ipcRmid(world.kernel, actor, kindOf(kind), idOf(id));
      return OK;
    },
    ipcctl(world, actor, [kind = '', id = '', cmd = '']) {
      return ipcctl(world, actor, kindOf(kind), idOf(id), idOf(cmd));
    },
    ipcstat(world, actor, [kind = '', id = '']) {
      const st = ipcStat(world.kernel, actor, kindOf(kind), idOf(id));
      const msg = st.kind === 'msg' ? ` qbytes=${st.size} qnum=${st.qnum ?? 0} cbytes=${st.cbytes ?? 0}` : '';
      return { kind: 'text', value: `uid=${st.uid} gid=${st.gid} mode=${(st.mode & 0o777).toString(8)}${msg}` };
    },
    msgsnd(world, actor, [id = '', mtype = '', size = '', text]) {
      msgsnd(world.kernel, actor, idOf(id), long(mtype, 'i64'), text ?? long(size, 'u64'), IPC_NOWAIT, long(size, 'u64'));
      return OK;
    },
    msgrcv(world, actor, [id = '', size = '', msgtyp = '', ...flags]) {
      const flg = flags.reduce((f, w) => f | (MSGRCV_FLAG_BITS[w] ?? 0), IPC_NOWAIT);
      const m = msgrcv(world.kernel, actor, idOf(id), long(size, 'u64'), long(msgtyp, 'i64'), flg);
      // BigInt prints a large type in full (a number prints 2^62 as 4611686018427388000).
      return { kind: 'text', value: `mtype=${BigInt(m.mtype)} size=${m.size}${m.text === '' ? '' : ` text=${m.text}`}` };
    },
    semop(world, actor, [id = '', sops = '', undo]) {
      semop(world.kernel, actor, idOf(id), semOps(sops, undo === 'undo'));
      return OK;
    },
    mq_open(world, actor, [name = '', how, mode]) {
      const oflag = (OPEN_ACCMODES[mode ?? 'rdonly'] ?? 0) | (MQ_OPEN_FLAGS[how ?? '-'] ?? 0);
      mqOpen(world.kernel, actor, name, oflag, 0o600);
      return OK;
    },
    mq_unlink(world, actor, [name = '']) {
      mqUnlink(world.kernel, actor, name);
      return OK;
    },
  },
});
