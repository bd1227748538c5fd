/**
 * `@nsproxy/ipc/scenario`: the ipc scenario area, the format's IPC section
 * (`shmget`, `msgget`, `semget`, `ipcs`) and nsproxy's ipc extension ops
 * (`ipcrm`, `ipcstat`, `mq_open`, `mq_unlink`, `msgsnd`, `msgrcv`, `semop`)
 * on the simulated kernel, and the ipc sysctls (`kernel.shm*`, `kernel.msg*`,
 * `kernel.sem`, `fs.mqueue.*`), which core's `sysctl` op serves.
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimSysctl } from '@nsproxy/core/scenario';
import { MSGRCV_FLAG_BITS, cIntArg, cIntProblem, semOpItemProblem, semOpsArg, showWord } from '@nsproxy/scenario/contract';
import type { CIntType } from '@nsproxy/scenario/contract';
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';
import {
  IPC_CREAT, IPC_NOWAIT, IPC_PRIVATE, IPC_SYSCTL_NAMES, O_CREAT, O_EXCL, O_RDONLY, ipcCount, ipcNamespaceType, ipcRmid, ipcStat,
  ipcRules, ipcSysctlRead, ipcSysctlWrite, msgget, msgrcv, msgsnd, mqOpen, mqUnlink, semget, semop, shmget,
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
  opSpec('ipc', 'shmget <key> [create]', 1, [IPC_KEY, { oneOf: ['create'] }]),
  opSpec('ipc', 'msgget <key> [create]', 1, [IPC_KEY, { oneOf: ['create'] }]),
  opSpec('ipc', 'semget <key> [create]', 1, [IPC_KEY, { oneOf: ['create'] }]),
  opSpec('ipc', 'ipcs shm|msg|sem', 1, [IPC_KIND]),
  // Extensions: IPC_RMID and IPC_STAT by id, POSIX message queues, messages, semop.
  opSpec('ipc', 'ipcrm shm|msg|sem <id>', 2, [IPC_KIND, ID]),
  opSpec('ipc', 'ipcstat shm|msg|sem <id>', 2, [IPC_KIND, ID]),
  opSpec('ipc', 'mq_open <name> [create|excl]', 1, ['word', { oneOf: ['create', 'excl'] }]),
  opSpec('ipc', 'mq_unlink <name>', 1, ['word']),
  // System V messages and semaphore operations, always with IPC_NOWAIT (the model has no blocking).
  opSpec('ipc', 'msgsnd <id> <mtype> <size> [<text>]', 3, [ID, MTYPE, SIZE, 'text']),
  opSpec('ipc', 'msgrcv <id> <size> <msgtyp> [noerror|except|copy]...', 3, [ID, SIZE, MTYPE, { oneOf: MSG_FLAGS }, { oneOf: MSG_FLAGS }], (args) => {
    if (args.length > 4 && args[3] === args[4]) return { index: 4, message: `msgrcv flag '${args[4] ?? ''}' given twice` };
    return undefined;
  }),
  opSpec('ipc', 'semop <id> <num>:<op>[,<num>:<op>...]', 2, [ID, SEM_OPS]),
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

/** The ipc sysctls, of the actor's ipc namespace. */
export const ipcSysctls: SimSysctl = {
  names: IPC_SYSCTL_NAMES,
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
      msgsnd(world.kernel, actor, idOf(id), long(mtype, 'i64'), text ?? long(size, 'u64'), IPC_NOWAIT, long(size, 'u64'));
      return OK;
    },
    msgrcv(world, actor, [id = '', size = '', msgtyp = '', ...flags]) {
      const flg = flags.reduce((f, w) => f | (MSGRCV_FLAG_BITS[w] ?? 0), IPC_NOWAIT);
      const m = msgrcv(world.kernel, actor, idOf(id), long(size, 'u64'), long(msgtyp, 'i64'), flg);
      // BigInt prints a large type in full (a number prints 2^62 as 4611686018427388000).
      return { kind: 'text', value: `mtype=${BigInt(m.mtype)} size=${m.size}${m.text === '' ? '' : ` text=${m.text}`}` };
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
  },
});
