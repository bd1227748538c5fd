/**
 * More of util-linux 2.38.1: ipcmk(1), ipcs(1) and ipcrm(1) (sys-utils/
 * ipcmk.c, ipcs.c, ipcrm.c) over the System V objects of the caller's IPC
 * namespace; findmnt(8) (misc-utils/findmnt.c) over its mount table; and
 * setpriv(1) (setpriv.ts) for credential changes before a program.
 */
import { KernelError } from '@nsproxy/core';
import { IPC_CREAT, IPC_EXCL, ipcList, ipcRmid, msgget, semget, shmget } from '@nsproxy/ipc';
import type { IpcKind, IpcStat } from '@nsproxy/ipc';
import { mountInfo } from '@nsproxy/mnt';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandDef } from '../command.ts';
import { strerror } from '../machine.ts';
import type { Machine } from '../machine.ts';
import { userName } from './coreutils.ts';
import { setprivCommand } from './setpriv.ts';

const UTIL_LINUX = 'util-linux 2.38.1';

/** ipcmk's key: random in util-linux (masked when compared with Linux); here a sequence that looks like one, per machine (the same on every run; saved with the machine). */
const KEY_SEED = 0x2545f491;
const keySeeds = new WeakMap<Machine, number>();
function randomKey(machine: Machine): number {
  const seed = keySeeds.get(machine) ?? KEY_SEED;
  const next = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
  keySeeds.set(machine, next);
  return next | 0;
}

/** @internal The state of a machine's ipcmk keys (state.ts saves it). */
export function ipcmkSeed(machine: Machine): number {
  return keySeeds.get(machine) ?? KEY_SEED;
}

/** @internal Sets it (state.ts loads it). */
export function setIpcmkSeed(machine: Machine, seed: number): void {
  keySeeds.set(machine, seed >>> 0);
}

export const ipcmkCommand: CommandDef = {
  name: 'ipcmk',
  summary: 'Create various IPC resources (in the caller\'s IPC namespace).',
  usage: ['ipcmk [options]'],
  options: [
    { short: 'M', long: 'shmem', arg: 'required', argName: '<size>', help: 'create shared memory segment of size <size>' },
    { short: 'S', long: 'semaphore', arg: 'required', argName: '<number>', help: 'create semaphore array with <number> elements' },
    { short: 'Q', long: 'queue', help: 'create message queue' },
    { short: 'p', long: 'mode', arg: 'required', argName: '<mode>', help: 'permission for the resource (default is 0644)' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} ipcmk(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const modeText = optionValue(args, 'mode');
    const mode = typeof modeText === 'string' ? parseInt(modeText, 8) : 0o644;
    const k = ctx.machine.kernel;
    let made = false;
    for (const [key, value] of args.options) {
      try {
        if (key === 'shmem') {
          ctx.stdout.write(`Shared memory id: ${shmget(k, ctx.task, randomKey(ctx.machine), Number(value ?? '0'), IPC_CREAT | IPC_EXCL | mode)}\n`);
          made = true;
        } else if (key === 'queue') {
          ctx.stdout.write(`Message queue id: ${msgget(k, ctx.task, randomKey(ctx.machine), IPC_CREAT | IPC_EXCL | mode)}\n`);
          made = true;
        } else if (key === 'semaphore') {
          ctx.stdout.write(`Semaphore id: ${semget(k, ctx.task, randomKey(ctx.machine), Number(value ?? '0'), IPC_CREAT | IPC_EXCL | mode)}\n`);
          made = true;
        }
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        const what = key === 'shmem' ? 'shared memory segment' : key === 'queue' ? 'message queue' : 'semaphore';
        ctx.stderr.write(`ipcmk: create ${what} failed: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
    }
    if (!made) {
      ctx.stderr.write("ipcmk: bad usage\nTry 'ipcmk --help' for more information.\n");
      return 1;
    }
    return 0;
  },
};

const hexKey = (key: number): string => `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
const owner = (s: IpcStat): string => userName(s.uid) ?? String(s.uid);

/** ipcs's three sections, in its order, with its printf widths (trailing blanks included). */
function ipcsSection(kind: IpcKind, list: readonly IpcStat[]): string {
  const row = (cells: readonly string[], widths: readonly number[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
  const perms = (s: IpcStat): string => (s.mode & 0o777).toString(8);
  if (kind === 'msg') {
    const w = [10, 10, 10, 10, 12, 12];
    return ['------ Message Queues --------', row(['key', 'msqid', 'owner', 'perms', 'used-bytes', 'messages'], w), ...list.map((s) => row([hexKey(s.key), String(s.id), owner(s), perms(s), String(s.cbytes ?? 0), String(s.qnum ?? 0)], w))].join('\n');
  }
  if (kind === 'shm') {
    const w = [10, 10, 10, 10, 10, 10, 12];
    return ['------ Shared Memory Segments --------', row(['key', 'shmid', 'owner', 'perms', 'bytes', 'nattch', 'status'], w), ...list.map((s) => row([hexKey(s.key), String(s.id), owner(s), perms(s), String(s.size), '0', `${(s.mode & 0o1000) !== 0 ? 'dest' : ''}`.padEnd(6), ''], [10, 10, 10, 10, 10, 10, 6, 6]))].join('\n');
  }
  const w = [10, 10, 10, 10, 10];
  return ['------ Semaphore Arrays --------', row(['key', 'semid', 'owner', 'perms', 'nsems'], w), ...list.map((s) => row([hexKey(s.key), String(s.id), owner(s), perms(s), String(s.size)], w))].join('\n');
}

export const ipcsCommand: CommandDef = {
  name: 'ipcs',
  summary: 'Show information on IPC facilities (those of the caller\'s IPC namespace).',
  usage: ['ipcs [resource-option...] [output-option]'],
  options: [
    { short: 'q', long: 'queues', help: 'message queues' },
    { short: 'm', long: 'shmems', help: 'shared memory segments' },
    { short: 's', long: 'semaphores', help: 'semaphores' },
    { short: 'a', long: 'all', help: 'all (this is the default)' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} ipcs(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const want: IpcKind[] = [];
    if (optionValue(args, 'queues') !== undefined) want.push('msg');
    if (optionValue(args, 'shmems') !== undefined) want.push('shm');
    if (optionValue(args, 'semaphores') !== undefined) want.push('sem');
    const kinds: IpcKind[] = want.length === 0 || optionValue(args, 'all') !== undefined ? ['msg', 'shm', 'sem'] : (['msg', 'shm', 'sem'] as const).filter((x) => want.includes(x));
    // Each section after a blank line, and one more at the end (ipcs.c print_*).
    ctx.stdout.write(`${kinds.map((kind) => `\n${ipcsSection(kind, ipcList(ctx.machine.kernel, ctx.task, kind))}\n`).join('')}\n`);
    return 0;
  },
};

export const ipcrmCommand: CommandDef = {
  name: 'ipcrm',
  summary: 'Remove certain IPC resources (by id: -m, -q, -s; by key: -M, -Q, -S).',
  usage: ['ipcrm [options]'],
  options: [
    { short: 'm', long: 'shmem-id', arg: 'required', argName: '<id>', help: 'remove shared memory segment by id' },
    { short: 'M', long: 'shmem-key', arg: 'required', argName: '<key>', help: 'remove shared memory segment by key' },
    { short: 'q', long: 'queue-id', arg: 'required', argName: '<id>', help: 'remove message queue by id' },
    { short: 'Q', long: 'queue-key', arg: 'required', argName: '<key>', help: 'remove message queue by key' },
    { short: 's', long: 'semaphore-id', arg: 'required', argName: '<id>', help: 'remove semaphore by id' },
    { short: 'S', long: 'semaphore-key', arg: 'required', argName: '<key>', help: 'remove semaphore by key' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} ipcrm(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const k = ctx.machine.kernel;
    let status = 0;
    for (const [key, value] of args.options) {
      const kind: IpcKind = key.startsWith('shmem') ? 'shm' : key.startsWith('queue') ? 'msg' : 'sem';
      const byKey = key.endsWith('-key');
      let id = Number(value);
      if (byKey) {
        const wanted = Number(value);
        const found = ipcList(k, ctx.task, kind).find((s) => (s.key >>> 0) === (wanted >>> 0));
        if (!found) {
          ctx.stderr.write(`ipcrm: invalid key (${value ?? ''})\n`);
          status = 1;
          continue;
        }
        id = found.id;
      }
      try {
        ipcRmid(k, ctx.task, kind, id);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        const what = byKey ? `key (${value ?? ''})` : `id (${value ?? ''})`;
        ctx.stderr.write(e.code === 'EPERM' || e.code === 'EACCES' ? `ipcrm: permission denied for ${what}\n` : e.code === 'EINVAL' || e.code === 'EIDRM' ? `ipcrm: invalid ${what}\n` : `ipcrm: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 1;
      }
    }
    return status;
  },
};

export const findmntCommand: CommandDef = {
  name: 'findmnt',
  summary: 'Find a filesystem: the mount table of the caller\'s mount namespace as a tree (TARGET SOURCE FSTYPE OPTIONS), or the mount at a mountpoint.',
  usage: ['findmnt [options]', 'findmnt [options] <mountpoint>'],
  options: [
    { short: 'l', long: 'list', help: 'use list format output' },
    { short: 'n', long: 'noheadings', help: 'don\'t print column headings' },
    { short: 'o', long: 'output', arg: 'required', argName: '<list>', help: 'the output columns to be shown (TARGET, SOURCE, FSTYPE, OPTIONS, PROPAGATION, ID, PARENT)' },
    { short: 'T', long: 'target', arg: 'required', argName: '<path>', help: 'the path to the filesystem to use' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} findmnt(8)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const mounts = mountInfo(ctx.machine.kernel, ctx.task);
    const target = optionValue(args, 'target');
    const at = typeof target === 'string' ? target : args.operands[0];
    const outputOpt = optionValue(args, 'output');
    const columns = typeof outputOpt === 'string' ? outputOpt.split(',').map((c) => c.toUpperCase()) : ['TARGET', 'SOURCE', 'FSTYPE', 'OPTIONS'];
    const known = ['TARGET', 'SOURCE', 'FSTYPE', 'OPTIONS', 'PROPAGATION', 'ID', 'PARENT'];
    const bad = columns.find((c) => !known.includes(c));
    if (bad !== undefined) {
      ctx.stderr.write(`findmnt: unknown column: ${bad}\n`);
      return 1;
    }
    const options = (m: (typeof mounts)[number]): string => [...m.options.split(','), ...m.superOptions.split(',').filter((o) => o !== 'rw' && o !== 'ro' && o !== '')].join(',');
    const propagation = (m: (typeof mounts)[number]): string => {
      const shared = m.optional.some((o) => o.startsWith('shared:'));
      const slave = m.optional.some((o) => o.startsWith('master:'));
      return shared && slave ? 'shared,slave' : shared ? 'shared' : slave ? 'private,slave' : m.optional.includes('unbindable') ? 'unbindable' : 'private';
    };
    const cell = (m: (typeof mounts)[number], c: string): string => {
      switch (c) {
        case 'TARGET': return m.mountPoint;
        case 'SOURCE': return m.root !== '/' && m.fstype !== 'nsfs' ? `${m.source}[${m.root}]` : m.fstype === 'nsfs' ? `nsfs[${m.root}]` : m.source;
        case 'FSTYPE': return m.fstype;
        case 'OPTIONS': return options(m);
        case 'PROPAGATION': return propagation(m);
        case 'ID': return String(m.id);
        case 'PARENT': return String(m.parentId);
        default: return '';
      }
    };
    let rows: { m: (typeof mounts)[number]; prefix: string }[];
    if (at !== undefined) {
      const m = [...mounts].reverse().find((x) => x.mountPoint === at.replace(/(.)\/+$/, '$1'));
      if (!m) return 1;
      rows = [{ m, prefix: '' }];
    } else if (optionValue(args, 'list') !== undefined) rows = mounts.map((m) => ({ m, prefix: '' }));
    else {
      // The tree: each mount under its parent, the root first (the mount that is its own parent or whose parent is not visible).
      rows = [];
      const ids = new Set(mounts.map((m) => m.id));
      const walk = (m: (typeof mounts)[number], lead: string, branch: string): void => {
        rows.push({ m, prefix: lead + branch });
        const kids = mounts.filter((x) => x.parentId === m.id && x.id !== m.id);
        kids.forEach((kid, i) => walk(kid, lead + (branch === '' ? '' : branch === '└─' ? '  ' : '│ '), i === kids.length - 1 ? '└─' : '├─'));
      };
      for (const m of mounts) if (m.parentId === m.id || !ids.has(m.parentId)) walk(m, '', '');
    }
    const table = rows.map(({ m, prefix }) => columns.map((c, i) => (i === 0 ? prefix : '') + cell(m, c)));
    const all = optionValue(args, 'noheadings') !== undefined ? table : [columns, ...table];
    // libsmartcols sizes a column by its header too, printed or not (-n).
    const widths = columns.map((_, i) => Math.max(...[columns, ...table].map((r) => [...(r[i] ?? '')].length)));
    ctx.stdout.write(`${all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length))).join(' ')).join('\n')}\n`);
    return 0;
  },
};

export const MORE_COMMANDS: readonly CommandDef[] = [ipcmkCommand, ipcsCommand, ipcrmCommand, findmntCommand, setprivCommand];
