/**
 * The machine's user and group databases: Debian 12's /etc/passwd and
 * /etc/group as base-passwd installs them, with one login user (uid 1000,
 * as the installer makes), and /etc/subuid and /etc/subgid with that user's
 * range (useradd's SUB_UID_MIN 100000, SUB_UID_COUNT 65536). The files are
 * written at boot (`installPasswd`); getpwnam(3) and friends read them
 * through the caller's root as glibc's files backend does (`getpwnam`,
 * `getpwuid`, `getgrnam`, `getgrgid`, `getgrouplist`), so a tmpfs over /etc
 * or a chroot changes who exists. The static tables (`PASSWD`, `GROUP`)
 * are the same entries, for the tools that print a name without a process
 * to read as.
 */
import { KernelError, type Task } from '@nsproxy/core';
import { mkdir } from '@nsproxy/mnt';
import type { Machine } from './machine.ts';

/** One /etc/passwd entry (struct passwd). */
export interface Passwd {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly gecos: string;
  readonly dir: string;
  readonly shell: string;
}

/** One /etc/group entry (struct group). */
export interface Group {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** Debian 12's /etc/passwd (base-passwd 3.6.1) and the installer's first user. */
export const PASSWD_TEXT = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
user:x:1000:1000:user,,,:/home/user:/bin/bash
`;

/** Debian 12's /etc/group, with the first user's group and its usual memberships. */
export const GROUP_TEXT = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:user
floppy:x:25:user
tape:x:26:
sudo:x:27:
audio:x:29:user
dip:x:30:user
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:user
sasl:x:45:
plugdev:x:46:user
staff:x:50:
games:x:60:
users:x:100:user
nogroup:x:65534:
user:x:1000:
`;

/** /etc/subuid and /etc/subgid: the first user's subordinate range. */
export const SUBID_TEXT = 'user:100000:65536\n';

/** Parses /etc/passwd text (lines of 7 colon-separated fields; others skipped, as fgetpwent does). */
export function parsePasswd(text: string): Passwd[] {
  const out: Passwd[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length !== 7 || !/^[0-9]+$/.test(f[2] ?? '') || !/^[0-9]+$/.test(f[3] ?? '')) continue;
    out.push({ name: f[0] ?? '', uid: Number(f[2]), gid: Number(f[3]), gecos: f[4] ?? '', dir: f[5] ?? '', shell: f[6] ?? '' });
  }
  return out;
}

/** Parses /etc/group text. */
export function parseGroupFile(text: string): Group[] {
  const out: Group[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length !== 4 || !/^[0-9]+$/.test(f[2] ?? '')) continue;
    out.push({ name: f[0] ?? '', gid: Number(f[2]), members: (f[3] ?? '').split(',').filter((m) => m !== '') });
  }
  return out;
}

/** The boot-time entries. */
export const PASSWD: readonly Passwd[] = parsePasswd(PASSWD_TEXT);
export const GROUP: readonly Group[] = parseGroupFile(GROUP_TEXT);

/** Writes the databases at boot (as the installer leaves them). */
export function installPasswd(machine: Machine): void {
  try {
    mkdir(machine.kernel, machine.init, '/etc');
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'EEXIST')) throw e;
  }
  machine.writeFile(machine.init, '/etc/passwd', PASSWD_TEXT);
  machine.writeFile(machine.init, '/etc/group', GROUP_TEXT);
  machine.writeFile(machine.init, '/etc/subuid', SUBID_TEXT);
  machine.writeFile(machine.init, '/etc/subgid', SUBID_TEXT);
}

/** A file of the caller's root, or '' when it cannot be read (glibc then finds nobody). */
function readEtc(machine: Machine, task: Task, path: string): string {
  try {
    return machine.readFile(task, path);
  } catch (e) {
    if (e instanceof KernelError) return '';
    throw e;
  }
}

/** getpwnam(3): the first entry of the caller's /etc/passwd with that name. */
export function getpwnam(machine: Machine, task: Task, name: string): Passwd | undefined {
  return parsePasswd(readEtc(machine, task, '/etc/passwd')).find((p) => p.name === name);
}

/** getpwuid(3). */
export function getpwuid(machine: Machine, task: Task, uid: number): Passwd | undefined {
  return parsePasswd(readEtc(machine, task, '/etc/passwd')).find((p) => p.uid === uid);
}

/** getgrnam(3). */
export function getgrnam(machine: Machine, task: Task, name: string): Group | undefined {
  return parseGroupFile(readEtc(machine, task, '/etc/group')).find((g) => g.name === name);
}

/** getgrgid(3). */
export function getgrgid(machine: Machine, task: Task, gid: number): Group | undefined {
  return parseGroupFile(readEtc(machine, task, '/etc/group')).find((g) => g.gid === gid);
}

/** getgrouplist(3): the user's primary group first, then each group that lists the user, in file order, without repeats. */
export function getgrouplist(machine: Machine, task: Task, user: string, group: number): number[] {
  const out = [group];
  for (const g of parseGroupFile(readEtc(machine, task, '/etc/group'))) if (g.members.includes(user) && !out.includes(g.gid)) out.push(g.gid);
  return out;
}
