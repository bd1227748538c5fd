/**
 * The linux backend on the real kernel, driven through the Backend interface.
 * Needs root (or unprivileged user namespaces) on Linux; elsewhere the tests
 * skip with one line saying why, except under CI=true, where they fail.
 */
import { hostname } from 'node:os';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { userSysctlRefusal } from '@nsproxy/scenario/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { agentsBelow, Run } from '../test/harness.ts';
import { createLinuxBackend } from './index.ts';
import { normalizeMap } from './session.ts';

const linux = createLinuxBackend();
const unavailable = await linux.unavailable();
const skip = unavailable !== undefined && process.env.CI !== 'true';
if (skip) console.log(`@nsproxy/linux: real-kernel tests skipped: ${unavailable}`);
// Without root the world's user namespace maps one uid (the CLI skips the scenarios that changes: nestedWorld).
const notRoot = process.geteuid?.() !== 0;
if (notRoot && !skip) console.log('@nsproxy/linux: 2 real-kernel tests of uid maps and user.* sysctls skipped: not root, so the world maps only one uid');

/** Sessions a test opened; closed after it whatever happened. */
const open: Run[] = [];
async function start(options?: Parameters<typeof Run.open>[0]): Promise<Run> {
  const run = await Run.open(options);
  open.push(run);
  return run;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((run) => run.close()));
});

/** Runs a script and expects its transcript to be exactly as written. */
async function expectScript(run: Run, script: string): Promise<void> {
  const { actual, expected } = await run.transcript(script);
  expect(actual).toEqual(expected);
}

describe('pure helpers', () => {
  it('normalizes map files as the format prints them', () => {
    expect(normalizeMap('         0          0 4294967295\n')).toBe('0 0 4294967295');
    expect(normalizeMap('  0 1000 1\n  1  100000   65536\n')).toBe('0 1000 1;1 100000 65536');
    expect(normalizeMap('')).toBe('-');
  });

  it('says in one line why it cannot run, and will not open then', async () => {
    const broken = createLinuxBackend({ agentPath: '/bin/false' });
    const why = await broken.unavailable();
    expect(why).toMatch(/^[^\n]+$/);
    await expect(broken.open()).rejects.toThrow(/cannot run here/);
  });

  it('describes itself', () => {
    expect(linux.name).toBe('linux');
    expect(linux.types).toEqual(['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts']);
    expect(linux.supportsOp('setns-pidfd')).toBe(true);
    expect(linux.supportsOp('mount')).toBe(true);
    expect(linux.supportsOp('pivot-root')).toBe(true);
    expect(linux.supportsOp('veth')).toBe(true);
    expect(linux.supportsOp('frobnicate')).toBe(false);
  });
});

describe.skipIf(skip)('linux backend on the real kernel', () => {
  it('is available here', () => {
    // Under CI=true an unavailable backend fails here, with the reason.
    expect(unavailable).toBeUndefined();
  });

  it('starts the world of the format: init is pid 1 in fresh namespaces of every type but user', async () => {
    const run = await start();
    // pid and pid_for_children are the same namespace, time and time_for_children too.
    expect(run.initLabels).toEqual(['cgroup:1', 'ipc:1', 'mnt:1', 'net:1', 'pid:1', 'pid:1', 'time:1', 'time:1', 'user:1', 'uts:1']);
    await expectScript(
      run,
      `
      init: getpid     => 1
      init: getppid    => 0
      init: hostname   => nsproxy
      init: domainname => (none)
      init: id         => uid=0 gid=0
      init: ipcs shm   => 0
      init: ipcs msg   => 0
      init: ipcs sem   => 0
      init: ns user    => user:1
      init: alive init => yes
      `,
    );
    const caps = await run.session.initCaps();
    expect(await run.step('init: caps')).toBe(caps.toString(16).padStart(16, '0'));
  });

  it('runs the example of scenario-format.md step by step', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a uts            => 2
      a: sethostname alpha         => ok
      init: clone b -              => 3
      b: setns a uts               => ok
      b: hostname                  => alpha
      b: ns uts                    => uts:2
      init: clone c user           => 4
      c: setns a uts               => EACCES   # opening a's ns file fails the ptrace check
      init: clone d -              => 5
      d: open a uts fa             => ok
      d: unshare user              => ok
      d: setns-fd fa               => EPERM    # no CAP_SYS_ADMIN over a's uts namespace
      `,
    );
  });

  it('leaves the host alone: hostname, domainname, ipc, mounts', async () => {
    const before = hostname();
    const domainBefore = readFileSync('/proc/sys/kernel/domainname', 'utf8');
    const mountsBefore = readFileSync('/proc/self/mountinfo', 'utf8');
    const shmBefore = readFileSync('/proc/sysvipc/shm', 'utf8');
    const run = await start();
    await expectScript(
      run,
      `
      init: sethostname changed => ok
      init: setdomainname changed => ok
      init: shmget 0x4e535058 create => 0
      init: hostname => changed
      `,
    );
    expect(hostname()).toBe(before);
    expect(readFileSync('/proc/sys/kernel/domainname', 'utf8')).toBe(domainBefore);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toBe(mountsBefore);
    expect(mountsBefore).not.toContain(' /tmp/nss ');
    expect(readFileSync('/proc/sysvipc/shm', 'utf8')).toBe(shmBefore);
  });

  it.skipIf(notRoot)('leaves the host\'s /proc/sys/user alone: a user.* write from the world\'s initial user namespace is a runner error', async () => {
    const before = readFileSync('/proc/sys/user/max_uts_namespaces', 'utf8').trim();
    const run = await start();
    // The same value as the host's: harmless even if the guard failed.
    // Exactly the simulated backend's text, so that a `both` run shows no false disagreement.
    await expect(run.step(`init: sysctl user.max_uts_namespaces ${before}`)).rejects.toThrow(new Error(userSysctlRefusal('user.max_uts_namespaces')));
    await expectScript(
      run,
      `
      init: clone a -                        => 2
      a: unshare user                        => ok
      a: sysctl user.max_uts_namespaces 0    => ok
      a: sysctl user.max_uts_namespaces      => 0
      a: unshare uts                         => ENOSPC
      init: sysctl user.max_uts_namespaces   => ${before}
      `,
    );
    expect(readFileSync('/proc/sys/user/max_uts_namespaces', 'utf8').trim()).toBe(before);
  });

  it('clone with a new pid namespace: pid 1 inside, the clone result outside', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a pid        => 2
      a: getpid                => 1
      a: getppid               => 0
      init: pid a              => 2
      a: pid a                 => 1
      a: pid init              => 0    # init is not visible from below
      a: clone b -             => 2
      b: getpid                => 2
      b: getppid               => 1
      init: pid b              => 3
      a: pid b                 => 2
      b: ns pid                => pid:2
      a: ns pid                => pid:2
      init: ns pid_for_children => pid:1
      a: ns pid_for_children   => pid:2
      init: unshare pid        => ok
      init: ns pid_for_children => ENOENT  # no init in the new namespace yet
      init: getpid             => 1         # the caller does not move
      init: clone c -          => 4         # the pid as the caller sees it
      init: ns pid_for_children => pid:3
      init: pid c              => 4
      c: getppid               => 0
      init: unshare pid        => EINVAL
      `,
    );
  });

  it('time namespaces: clone and unshare create them for children', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone t time           => 2
      t: ns time                   => time:2
      t: ns time_for_children      => time:2
      init: ns time                => time:1
      init: unshare time           => ok
      init: ns time                => time:1     # the caller stays
      init: ns time_for_children   => time:3
      init: clone u -              => 3
      u: ns time                   => time:3
      init: unshare time           => ok         # unlike pid, again and again
      init: ns time_for_children   => time:4
      init: exit                   => ok         # init's exit ends its pid namespace
      t: getpid                    => ENOTASK
      `,
    );
  });

  it('kill: init of a child pid ns ignores SIGTERM, dies of SIGKILL from its parent ns, taking its namespace', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a pid       => 2
      a: clone b -            => 2
      b: clone c pid          => 3
      b: kill a SIGKILL       => ok     # from inside: init of the ns is protected
      a: kill a SIGTERM       => ok
      init: kill a SIGTERM    => ok     # default action, not forced: dropped
      init: alive a           => yes
      init: kill b SIGUSR1    => ok
      init: alive b           => no
      init: alive c           => yes    # reparented to a, still alive
      c: getppid              => 0
      init: kill a SIGKILL    => ok
      init: alive a           => no
      init: alive c           => no
      init: pid a             => 0
      init: kill a SIGKILL    => ESRCH
      a: getpid               => ENOTASK
      init: nsof a uts        => ENOENT
      init: setns a uts       => ENOENT
      init: setns-pidfd a uts => ESRCH
      `,
    );
  });

  it('kill: stop and continue, and a task that kills or stops itself', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a -        => 2
      init: clone b -        => 3
      init: kill a SIGSTOP   => ok
      init: alive a          => yes
      init: kill a SIGTERM   => ok     # stays pending while stopped
      init: alive a          => yes
      init: kill a SIGCONT   => ok
      init: alive a          => no     # the pending SIGTERM is delivered
      b: kill b SIGKILL      => ok
      init: alive b          => no
      init: clone s -        => 4
      s: kill s SIGSTOP      => ok
      init: alive s          => yes
      init: pid s            => 4
      `,
    );
    await expectScript(
      run,
      `
      s: getpid              => ESTOPPED   # a stopped task cannot act; no call is made
      init: kill s SIGCONT   => ok
      s: getpid              => 4
      init: kill init SIGKILL => ok   # its own pid 1: not forced, no effect
      init: alive init       => yes
      `,
    );
  });

  it('exit: ok once gone; orphans go to the reaper; init exit ends everything', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a -     => 2
      a: clone b -        => 3
      b: getppid          => 2
      a: exit 3           => ok
      init: alive a       => no
      b: getppid          => 1
      a: getpid           => ENOTASK
      nobody: getpid      => ENOTASK
      init: alive nobody  => no
      init: pid nobody    => 0        # a target that never existed is like one that is gone
      init: kill nobody SIGKILL => ESRCH
      init: nsof nobody uts => ENOENT
      init: open nobody uts f => ENOENT
      init: clone p pid   => 4
      p: clone q -        => 2
      p: exit             => ok       # init of a pid ns: its namespace dies with it
      init: alive q       => no
      init: clone r -     => 6        # q had pid 5 in init's ns too
      init: exit          => ok
      r: getpid           => ENOTASK
      init: alive init    => ENOTASK
      `,
    );
  });

  it.skipIf(notRoot)('uid_map: written once, then EPERM; ids and caps in a user namespace', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone u user                  => 2
      u: id                               => uid=65534 gid=65534
      u: caps                             => 000001ffffffffff
      u: read uid_map u                   => -
      init: uid_map u "0 1000 1;1 2000 10" => ok
      init: uid_map u "0 0 1"             => EPERM
      init: read uid_map u                => 0 1000 1;1 2000 10
      u: read uid_map u                   => 0 1000 1;1 2000 10
      u: id                               => uid=65534 gid=65534
      u: setgroups u deny                 => ok
      init: gid_map u "0 1000 1"          => ok
      init: setgroups u allow             => EPERM
      init: read gid_map u                => 0 1000 1
      init: uid_map init "0 0 1"          => EPERM
      init: read uid_map init             => 0 0 4294967295
      u: sethostname x                    => EPERM   # init's uts ns belongs to the initial user ns
      u: unshare uts                      => ok
      u: sethostname x                    => ok
      u: open u user fu                   => ok
      u: ioctl fu NS_GET_OWNER_UID        => 65534   # owner kuid 0 is not mapped in u's ns
      init: open u user iu                => ok
      init: ioctl iu NS_GET_OWNER_UID     => 0
      init: ioctl iu NS_GET_NSTYPE        => user
      init: ioctl iu NS_GET_PARENT ip     => ok
      init: fdns ip                       => user:1
      u: ioctl fu NS_GET_USERNS fp        => EPERM   # the parent is above the caller's user ns
      `,
    );
  });

  it('ipc: objects are per ipc namespace', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: shmget 0x1234 create  => 0
      init: msgget 42 create      => 0
      init: semget IPC_PRIVATE create => 0
      init: ipcs shm              => 1
      init: ipcs msg              => 1
      init: ipcs sem              => 1
      init: shmget 0x1234         => 0
      init: shmget 0x9999         => ENOENT
      init: clone a ipc           => 2
      a: ipcs shm                 => 0
      a: ipcs msg                 => 0
      a: shmget 0x1234            => ENOENT
      a: shmget 0x1234 create     => 0
      a: shmget 0x5678 create     => 1
      a: ipcs shm                 => 2
      init: ipcs shm              => 1
      init: clone b -             => 3
      b: shmget 0x1234            => 0
      b: setns a ipc              => ok
      b: ipcs shm                 => 2
      b: ns ipc                   => ipc:2
      `,
    );
  });

  it('fds are inherited by children cloned later, under the same names', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a uts,net       => 2
      init: open a uts fa         => ok
      init: open a net fn         => ok
      init: clone b -             => 3
      init: open a uts late       => ok
      b: fdns fa                  => uts:2
      b: fdns fn                  => net:2
      b: fdns late                => EBADF
      b: ioctl fa NS_GET_NSTYPE   => uts
      b: ioctl fa NS_GET_USERNS u => ok
      b: fdns u                   => user:1
      b: ioctl fa NS_GET_PARENT x => EINVAL
      b: setns-fd fa              => ok
      b: ns uts                   => uts:2
      b: setns-fd fn uts          => EINVAL
      b: setns-fd fn any          => ok
      b: ns net                   => net:2
      b: close fa                 => ok
      b: close fa                 => EBADF
      init: fdns fa               => uts:2   # the parent's copy is still open
      a: exit                     => ok
      init: fdns fa               => uts:2   # and keeps the namespace alive
      init: clone c -             => 4
      c: setns-fd fa              => ok
      c: ns uts                   => uts:2
      `,
    );
  });

  it('setns-pidfd and setns by /proc file', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a uts,ipc,net   => 2
      init: clone b -             => 3
      b: setns-pidfd a uts,ipc    => ok
      b: ns uts                   => uts:2
      b: ns ipc                   => ipc:2
      b: ns net                   => net:1
      b: setns-pidfd a -          => EINVAL
      b: setns a net any          => ok
      b: ns net                   => net:2
      b: setns a pid_for_children => ok     # a has no child: its pid ns is init's
      init: clone p pid           => 4
      p: setns-pidfd init uts     => ESRCH  # init is not visible from p's pid ns
      init: nsof p pid            => pid:2
      init: nsof a uts            => uts:2
      `,
    );
  });
});

describe.skipIf(skip)('linux backend: mounts', () => {
  it('mounts in the world\'s namespaces only; nothing shows in the host\'s mountinfo, nothing is left', async () => {
    const mountsBefore = readFileSync('/proc/self/mountinfo', 'utf8');
    const run = await start();
    await expectScript(
      run,
      `
      init: mkdir /tmp/nss/a             => ok
      init: mount tmpfs /tmp/nss/a       => ok
      init: make-shared /tmp/nss/a       => ok
      init: clone b user,pid,mnt         => 2
      init: uid_map b "0 0 1"            => ok
      init: gid_map b "0 0 1"            => ok
      b: mkdir /tmp/nss/p                => ok
      b: mount proc /tmp/nss/p           => ok
      b: pids /tmp/nss/p                 => 1
      b: umount /tmp/nss/a               => EINVAL
      init: pin b net /tmp/nss/n         => ok
      init: mounts /tmp/nss              => /tmp/nss,/tmp/nss/a,/tmp/nss/n
      `,
    );
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toBe(mountsBefore);
    await run.close();
    expect(agentsBelow(process.pid)).toEqual([]);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toBe(mountsBefore);
  });

  it('gives a peer-group id that was freed and reused a new generation', async () => {
    const run = await start();
    for (const line of ['mkdir /tmp/nss/a', 'mount tmpfs /tmp/nss/a', 'mkdir /tmp/nss/b', 'mount tmpfs /tmp/nss/b', 'make-shared /tmp/nss/a']) {
      expect(await run.step(`init: ${line}`)).toBe('ok');
    }
    const first = await run.step('init: propagation /tmp/nss/a');
    expect(first).toMatch(/^shared:\d+$/);
    expect(await run.step('init: make-private /tmp/nss/a')).toBe('ok');
    expect(await run.step('init: make-shared /tmp/nss/b')).toBe('ok');
    const second = await run.step('init: propagation /tmp/nss/b');
    // The kernel may hand out the same number again: then it is the next generation.
    expect(second === `${first}.2` || /^shared:\d+$/.test(second)).toBe(true);
    expect(second).not.toBe(first);
    // A group still in use keeps its id.
    expect(await run.step('init: mkdir /tmp/nss/c')).toBe('ok');
    expect(await run.step('init: mount bind /tmp/nss/b /tmp/nss/c')).toBe('ok');
    expect(await run.step('init: umount /tmp/nss/b')).toBe('ok');
    expect(await run.step('init: propagation /tmp/nss/c')).toBe(second);
  });

  it('works after chroot and pivot_root: the world\'s procfs is reached through an fd', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: mkdir /tmp/nss/r             => ok
      init: clone a -                    => 2
      a: chroot /tmp/nss/r               => ok
      a: clone b uts                     => 3
      b: ns uts                          => uts:2
      init: clone c mnt                  => 4
      c: mkdir /tmp/nss/s                => ok
      c: mount tmpfs /tmp/nss/s          => ok
      c: mkdir /tmp/nss/s/old            => ok
      c: pivot-root /tmp/nss/s /tmp/nss/s/old => ok
      c: umount-lazy /tmp/nss/s          => ENOENT
      c: mounts /old/tmp                 => /old/tmp,/old/tmp/nss
      c: mounted /tmp/nss/s              => ENOENT
      `,
    );
  });

  it('refuses to make a file on a file system of the host, or to run outside /tmp/nss', async () => {
    const run = await start();
    const probe = `nsproxy-must-not-exist-${process.pid}`;
    await expectScript(
      run,
      `
      init: clone a mnt                  => 2
      a: mkdir /tmp/nss/r                => ok
      a: mount tmpfs /tmp/nss/r          => ok
      a: mkdir /tmp/nss/r/tmp            => ok
      a: mkdir /tmp/nss/r/tmp/nss        => ok
      a: pivot-root /tmp/nss/r /tmp/nss/r/tmp/nss => ok
      `,
    );
    // /tmp/nss is now the host's root file system (a's old root): no file may be made there.
    await expect(run.step(`a: mkdir /tmp/nss/${probe}`)).rejects.toThrow(/refused/);
    await expect(run.step(`a: touch /tmp/nss/${probe}`)).rejects.toThrow(/refused/);
    await expect(run.step(`a: pin a uts /tmp/nss/${probe}`)).rejects.toThrow(/refused/);
    expect(existsSync(`/${probe}`)).toBe(false);
    // The world's own tmpfs below it is fine.
    expect(await run.step('a: mkdir /tmp/nss/tmp/nss/ok')).toBe('ok');
    await expect(run.step('init: mkdir /etc/nsproxy')).rejects.toThrow(/not under \/tmp\/nss/);
    await expect(run.step('init: setns-path /proc/1/ns/mnt')).rejects.toThrow(/process of the host/);
    expect(await run.step('init: getpid')).toBe('1'); // the session is still usable
  });
});

describe.skipIf(skip)('linux backend: processes and clean-up', () => {
  it('leaves no agent process after close()', async () => {
    const run = await start();
    await run.step('init: clone a pid');
    await run.step('a: clone b user');
    await run.step('init: clone c -');
    expect(agentsBelow(process.pid).length).toBe(5); // host agent, init, a, b, c
    await run.close();
    expect(agentsBelow(process.pid)).toEqual([]);
  });

  it('threads (the thread extension): steps of their own, exit alone, a leader waits for them as a zombie; none is left after close()', async () => {
    const run = await start();
    await expectScript(
      run,
      `
      init: clone a -          => 2
      a: thread t              => 3
      a: thread u              => 4
      t: getpid                => 2
      u: exit                  => ok
      init: alive u            => no
      a: exit                  => ok      # the leader: a zombie while t lives
      init: alive a            => no
      init: alive t            => yes
      t: getpid                => 2
      t: thread v              => 5
      init: clone b pid        => 6
      b: thread w              => 2
      b: thread p sighand,vm   => 3      # a process sharing b's memory and signal handlers
      p: getppid               => 1
      `,
    );
    // Every thread of every process below us, as the host sees them; the zombie leader a counts (its thread lives).
    const parent = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // gone
      }
    }
    const below = (pid: number): boolean => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    const tids = [...parent.keys()].filter(below).flatMap((pid) => {
      try {
        return readdirSync(`/proc/${pid}/task`).map(Number);
      } catch {
        return [];
      }
    });
    expect(tids.length).toBeGreaterThanOrEqual(7); // host agent, init, t and v (and a, a zombie), b, w, p
    await run.close();
    await sleep(10);
    expect(tids.filter((tid) => existsSync(`/proc/${tid}`))).toEqual([]);
  });

  it('leaves no agent process after init exits, or after a step that times out', async () => {
    const first = await start();
    await first.step('init: clone a -');
    await first.step('init: exit');
    await first.close();
    expect(agentsBelow(process.pid)).toEqual([]);

    const run = await start({ stepTimeoutMs: 400 });
    await run.step('init: clone a -');
    // Freeze the host agent (the only agent that is our direct child): steps
    // that need it hang, and must fail after the step timeout.
    const [hostAgent] = agentsBelow(process.pid).filter((pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(process.pid));
    expect(hostAgent).toBeDefined();
    process.kill(hostAgent ?? 0, 'SIGSTOP');
    const started = Date.now();
    await expect(run.step('init: pid a')).rejects.toThrow(/no answer after 400 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(run.step('init: getpid')).rejects.toThrow(/unusable/);
    await run.close();
    await sleep(10);
    expect(agentsBelow(process.pid)).toEqual([]);
  });

  it('runs sessions side by side, each in its own world', async () => {
    const [one, two] = await Promise.all([start(), start()]);
    if (one === undefined || two === undefined) throw new Error('no session');
    await one.step('init: sethostname one');
    await two.step('init: sethostname two');
    expect(await one.step('init: hostname')).toBe('one');
    expect(await two.step('init: hostname')).toBe('two');
  });
});
