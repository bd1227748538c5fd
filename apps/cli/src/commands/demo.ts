/**
 * `nsproxy demo`
 *
 * The README's main job: a short session on the simulated kernel with the
 * user, pid, uts and ipc namespace types, printed one system call per line the
 * way a scenario transcript reads (`task[pid]: call => result`), ending in the
 * namespace listing `lsns` prints for root in the initial namespaces.
 *
 * What it shows is what `unshare --user --map-root-user --uts --ipc --pid
 * --fork` does for an unprivileged user on Linux: no privilege is needed to
 * make the namespaces, the new user namespace's root holds every capability
 * over them and none over the machine's.
 */

import type { CAC } from 'cac';
import { CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, Kernel, KernelError, SIGCHLD } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { IPC_CREAT, IPC_PRIVATE, ipcCount, ipcNamespaceType, shmget } from '@nsproxy/ipc';
import { pidNamespaceType } from '@nsproxy/pid';
import { lsns } from '@nsproxy/shell';
import { getuid, userNamespaceType, writeGidMap, writeSetgroups, writeUidMap } from '@nsproxy/user';
import { sethostname, uname, utsNamespaceType } from '@nsproxy/uts';
import { EXIT_OK } from '../context.ts';
import type { CliCommand } from '../context.ts';

/** A result as the transcript shows it: `ok`, a number, a text, or the errno name. */
type Shown = string | number | void;

/**
 * Runs the demo session on a fresh simulated kernel and returns its lines.
 * Every value printed is computed by the model; nothing is written in advance.
 */
export function demoSession(): string[] {
  const kernel = new Kernel({ namespaces: [userNamespaceType, pidNamespaceType, utsNamespaceType, ipcNamespaceType], initComm: 'init' });
  const init = kernel.initTask;
  // init reaps its children at once, as if it ignored SIGCHLD.
  kernel.sigaction(init, SIGCHLD, 'ignore');
  const lines: string[] = [];
  const steps: [string, string, string | undefined][] = [];

  /** Records `who: call => result` (the errno name when the call fails; then the demo goes on). */
  const step = (who: Task, call: string, run: () => Shown, note?: string): void => {
    let shown: string;
    try {
      const value = run();
      shown = typeof value === 'string' || typeof value === 'number' ? String(value) : 'ok';
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      shown = error.code;
    }
    steps.push([`${who.comm}[${kernel.pidOf(who, init)}]: ${call}`, shown, note]);
  };
  const flush = (): void => {
    const width = Math.max(...steps.map(([left]) => left.length));
    for (const [left, shown, note] of steps) {
      const line = `${left.padEnd(width)} => ${shown}`;
      lines.push(note === undefined ? line : `${line.padEnd(width + 12)} # ${note}`);
    }
    steps.length = 0;
  };

  lines.push('nsproxy demo: a simulated Linux 6.18 machine with user, pid, uts and ipc namespaces.');
  lines.push('Each line is one system call: task[pid as the initial namespace sees it]: call => result.');
  lines.push('');

  step(init, 'sethostname("nsproxy")', () => sethostname(kernel, init, 'nsproxy'));
  let bash = init;
  step(init, 'clone(0) as bash', () => kernel.getpid((bash = kernel.clone(init, 0, { comm: 'bash' }))), 'a login shell, still root');
  let fd = -1;
  step(bash, 'open("/proc/self/ns/uts")', () => (fd = kernel.open(bash, '/proc/self/ns/uts')), 'kept across what follows');
  step(bash, 'setresgid(1000, 1000, 1000)', () => kernel.setresgid(bash, 1000, 1000, 1000));
  step(bash, 'setresuid(1000, 1000, 1000)', () => kernel.setresuid(bash, 1000, 1000, 1000), 'alice, without privilege');
  step(bash, 'prctl(PR_SET_DUMPABLE, 1)', () => kernel.setDumpable(bash, 1), 'as the execve of her shell does');
  step(bash, 'unshare(CLONE_NEWUSER|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID)', () => kernel.unshare(bash, CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID));
  step(bash, 'write /proc/self/uid_map "0 1000 1"', () => void writeUidMap(kernel, bash, bash, '0 1000 1'));
  step(bash, 'write /proc/self/setgroups "deny"', () => void writeSetgroups(kernel, bash, bash, 'deny'));
  step(bash, 'write /proc/self/gid_map "0 1000 1"', () => void writeGidMap(kernel, bash, bash, '0 1000 1'));
  step(bash, 'getuid()', () => getuid(bash), 'root in her user namespace');
  step(bash, 'sethostname("box")', () => sethostname(kernel, bash, 'box'), 'CAP_SYS_ADMIN over her own uts namespace');
  let sh = bash;
  step(bash, 'clone(0) as sh', () => kernel.pidOf((sh = kernel.clone(bash, 0, { comm: 'sh' })), bash), 'she stays in the initial pid namespace');
  step(sh, 'getpid()', () => kernel.getpid(sh), 'init of the new pid namespace');
  step(sh, 'getppid()', () => kernel.getppid(sh), 'its parent is outside');
  step(sh, 'uname().nodename', () => uname(kernel, sh).nodename);
  step(sh, 'shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600)', () => shmget(kernel, sh, IPC_PRIVATE, 4096, IPC_CREAT | 0o600));
  step(sh, 'ipcs -m (segments)', () => ipcCount(kernel, sh, 'shm'));
  step(sh, 'readlink("/proc/self/ns/uts")', () => kernel.readlink(sh, '/proc/self/ns/uts'));
  step(init, 'uname().nodename', () => uname(kernel, init).nodename, 'the machine is untouched');
  step(init, 'ipcs -m (segments)', () => ipcCount(kernel, init, 'shm'));
  step(init, 'readlink("/proc/self/ns/uts")', () => kernel.readlink(init, '/proc/self/ns/uts'));
  step(bash, `open("/proc/${kernel.pidOf(init, bash)}/ns/uts")`, () => kernel.open(bash, `/proc/${kernel.pidOf(init, bash)}/ns/uts`), 'ptrace read check: root\'s task');
  step(bash, `setns(${fd}, CLONE_NEWUTS)`, () => kernel.setns(bash, fd, CLONE_NEWUTS), 'the fd names it; entering needs CAP_SYS_ADMIN there');
  step(sh, 'sethostname(65 bytes)', () => sethostname(kernel, sh, 'x'.repeat(65)), 'over __NEW_UTS_LEN');
  flush();

  lines.push('');
  lines.push('lsns, as root in the initial namespaces sees the machine:');
  lines.push(lsns(kernel, { viewer: init }));
  return lines;
}

/** `nsproxy demo`. */
export const demoCommand: CliCommand = {
  name: 'demo',
  register(cli: CAC, ctx) {
    cli
      .command('demo', 'A short session on the simulated kernel, ending in a namespace listing')
      // cac itself refuses extra arguments ("Unused args"): a usage error, exit 2.
      .action((): Promise<number> => {
        for (const line of demoSession()) ctx.write(`${line}\n`);
        return Promise.resolve(EXIT_OK);
      });
  },
};
