/**
 * The tools unshare(1)'s EXAMPLES needed on the machine (issue 18), each
 * against what the real one prints on Debian 12: ps's BSD syntax and pid
 * lists, pidof, whoami, touch, chown, ls -l/-n, a minimal bash, set's option
 * flags, newuidmap's refusals, unshare --kill-child's signal names and
 * the parent's blocked SIGTERM.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, UIDMAP_COMMANDS, runScript } from './index.ts';
import { signameToSignum } from './commands/signames.ts';

const sh = (script: string, uidmap = false): Promise<{ stdout: string; stderr: string; status: number }> =>
  runScript(script, uidmap ? { commands: [...COMMANDS, ...UIDMAP_COMMANDS] } : {});

describe('ps (procps-ng 4.0.2)', () => {
  it('BSD ax: every process, STAT (R for ps itself) and TIME m:ss, COMMAND the arguments', async () => {
    const r = await sh('sleep 100 &\nps ax\n');
    expect(r.stdout).toBe([
      '    PID TTY      STAT   TIME COMMAND',
      '      1 ?        S      0:00 /sbin/init',
      '      2 ?        S      0:00 sh',
      '      3 ?        S      0:00 sleep 100',
      '      4 ?        R      0:00 ps ax',
      '',
    ].join('\n'));
  });

  it('BSD a alone selects the processes with a terminal: none on the machine, the header only, and status 1', async () => {
    expect(await sh('ps a\n')).toEqual({ stdout: '    PID TTY      STAT   TIME COMMAND\n', stderr: '', status: 1 });
  });

  it('h drops the header; a bare number is a pid list; no such pid is status 1', async () => {
    const r = await sh("ps h -o 'comm' 1\nps -o comm,pid 2\nps h -o comm 99\necho $?\nps -p 99\necho $?\n");
    expect(r.stdout).toBe('init\nCOMMAND             PID\nsh                    2\n1\n    PID TTY          TIME CMD\n1\n');
  });

  it('an unknown option or column is procps\'s error with its usage block, status 1', async () => {
    const r = await sh('ps -W\nps -o nosuch\n');
    expect(r.stderr.split('\n')[0]).toBe('error: unsupported SysV option');
    expect(r.stderr).toContain('error: unknown user-defined format specifier "nosuch"\n\nUsage:\n ps [options]\n');
    expect(r.status).toBe(1);
  });
});

describe('pidof (sysvinit-utils 3.06)', () => {
  it('prints the matching pids highest first, skips zombies unless -z, and fails when none', async () => {
    const r = await sh('sleep 100 &\nsleep 200 &\nsleep 1\npidof sleep\npidof -s sleep\npidof nosuch\necho $?\n');
    expect(r.stdout).toBe('4 3\n4\n1\n');
    // /bin/true exits and is left a zombie of the namespace's init, sleep 999, which never waits: found only with -z.
    const z = await sh("unshare --pid --fork --mount-proc bash --norc -c '(/bin/true &) && sleep 999' &\nsleep 1\npidof true\necho $?\npidof -z true\n");
    expect(z.stdout).toMatch(/^1\n[0-9]+\n$/);
  });
});

describe('whoami, touch, chown, ls -l (coreutils 9.1)', () => {
  it('whoami names the effective uid from /etc/passwd, or says it cannot', async () => {
    const r = await sh('whoami\nsetpriv --reuid=1000 --regid=1000 --clear-groups whoami\nsetpriv --reuid=5555 --regid=5555 --clear-groups whoami\necho $?\n');
    expect(r).toEqual({ stdout: 'root\nuser\n1\n', stderr: 'whoami: cannot find name for user ID 5555\n', status: 0 });
  });

  it('touch makes an empty file; chown takes names and numbers; ls -l names, ls -n numbers', async () => {
    const r = await sh("mount -t tmpfs tmpfs /run\ncd /run\ntouch f\nchown daemon: f\nls -l --time-style=+ f\nchown 100000:5 f\nls -ln --time-style=+%Y f\n");
    expect(r).toEqual({ stdout: '-rw-r--r-- 1 daemon daemon 0  f\n-rw-r--r-- 1 100000 5 0 2026 f\n', stderr: '', status: 0 });
  });

  it('ls -l of a directory: total, widths over the listing, names left and numbers right', async () => {
    const r = await sh("mount -t tmpfs tmpfs /run\ncd /run\ntouch a\necho hello > b\nmkdir d\nchown 100000:100000 a\nls -ln --time-style=+\nls -l --time-style=+ a b\n");
    expect(r.stdout).toBe([
      'total 4',
      '-rw-r--r-- 1 100000 100000  0  a',
      '-rw-r--r-- 1      0      0  6  b',
      'drwxr-xr-x 2      0      0 40  d',
      '-rw-r--r-- 1 100000 100000 0  a',
      '-rw-r--r-- 1 root   root   6  b',
      '',
    ].join('\n'));
  });

  it('errors: an unknown user, an unprivileged chown, touch in a missing directory', async () => {
    const r = await sh("mount -t tmpfs tmpfs /run\ncd /run\ntouch f\nchown nosuch f\nchown 1:nosuch f\nsetpriv --reuid=1000 --regid=1000 --clear-groups chown 1000 f\ntouch /nonexistent/x\nchown 5 nof\nchown 5\n");
    expect(r.stderr).toBe([
      "chown: invalid user: 'nosuch'",
      "chown: invalid group: '1:nosuch'",
      "chown: changing ownership of 'f': Operation not permitted",
      "touch: cannot touch '/nonexistent/x': No such file or directory",
      "chown: cannot access 'nof': No such file or directory",
      "chown: missing operand after '5'",
      "Try 'chown --help' for more information.",
      '',
    ].join('\n'));
  });
});

describe('bash (5.2, as far as the machine has it) and set', () => {
  it('execs a -c string\'s last simple command in place, also after && (dash forks it)', async () => {
    const r = await sh("bash --norc -c 'true && ps -o pid,ppid,comm'\nsh -c 'true && ps -o pid,ppid,comm'\n");
    // bash is pid 3 and becomes ps; sh -c is pid 4 and forks ps as 5.
    expect(r.stdout).toBe('    PID    PPID COMMAND\n      1       0 init\n      2       1 sh\n      3       2 ps\n    PID    PPID COMMAND\n      1       0 init\n      2       1 sh\n      4       2 sh\n      5       4 ps\n');
  });

  it('says `command not found`, with `NAME: line N:` only when $0 is not bash', async () => {
    const r = await sh("bash -c nosuch\necho $?\nbash -c 'echo a; nosuch' x\n");
    expect(r).toEqual({ stdout: '127\na\n', stderr: 'bash: nosuch: command not found\nx: line 1: nosuch: command not found\n', status: 127 });
  });

  it('set takes option flags without touching the parameters, and refuses a letter dash does not have', async () => {
    const r = await sh("set -- a b\nset +m\necho $# $1\nset -Z\necho not reached\n");
    expect(r).toEqual({ stdout: '2 a\n', stderr: 'sh: 4: set: Illegal option -Z\n', status: 2 });
  });
});

describe('newuidmap and newgidmap (shadow 4.13)', () => {
  // As unshare runs them: from the parent user namespace, on a process that unshared its own.
  const USER = 'setpriv --reuid=1000 --regid=1000 --clear-groups';
  it('refuse a range the caller has no subordinate ids for, and a target owned by another user', async () => {
    const r = await sh(`${USER} unshare --user sleep 100 &\nsleep 1\n${USER} sh -c 'newuidmap $1 0 5 1; echo $?; newuidmap 1 0 1000 1; newuidmap' sh $!\n`, true);
    expect(r.stderr).toBe([
      'newuidmap: uid range [0-1) -> [5-6) not allowed',
      'newuidmap: Target process 1 is owned by a different user: uid:1000 pw_uid:1000 st_uid:0, gid:1000 pw_gid:1000 st_gid:0',
      'usage: newuidmap <pid> <uid> <loweruid> <count> [ <uid> <loweruid> <count> ] ... ',
      '',
    ].join('\n'));
    expect(r.stdout).toBe('1\n');
  });

  it('map the caller\'s own id and its /etc/subuid range; newgidmap without a granted range sets setgroups to deny', async () => {
    const r = await sh(`${USER} unshare --user sleep 100 &\nsleep 1\n${USER} newuidmap $! 0 1000 1 1 100000 10\n${USER} newgidmap $! 0 1000 1\ncat /proc/$!/uid_map /proc/$!/setgroups\n`, true);
    expect(r).toEqual({ stdout: '         0       1000          1\n         1     100000         10\ndeny\n', stderr: '', status: 0 });
  });
});

describe('unshare --kill-child', () => {
  it('takes signal names as util-linux does (signame_to_signum): no numbers, RT forms', async () => {
    expect(signameToSignum('KILL')).toBe(9);
    expect(signameToSignum('sigterm')).toBe(15);
    expect(signameToSignum('cld')).toBe(17);
    expect(signameToSignum('9')).toBe(-1);
    expect(signameToSignum('rtmin+1')).toBe(35);
    expect(signameToSignum('RTMAX-0')).toBe(64);
    expect(signameToSignum('RTMIN')).toBe(-1);
    expect(await sh('unshare --kill-child=9 true\n')).toEqual({ stdout: '', stderr: 'unshare: unknown signal: 9\n', status: 1 });
  });

  it('a SIGTERM to a waiting unshare is blocked; the signal given reaches the child when unshare dies', async () => {
    const r = await sh('unshare --fork --kill-child=TERM sleep 100 &\nsleep 1\nkill $!\nsleep 1\npidof sleep\nkill -KILL $!\nsleep 1\npidof sleep\necho $?\n');
    // unshare is 3, the script's sleep 1 is 4 (the shell goes on first), unshare's child 5.
    expect(r.stdout).toBe('5\n1\n');
  });
});
