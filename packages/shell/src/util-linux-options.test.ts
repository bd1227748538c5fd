/**
 * The util-linux 2.38.1 options of issue 18 on the simulated machine:
 * setpriv's credential options and --dump, su(1) over the machine's
 * /etc/passwd, unshare --keep-caps and --map-users/--map-groups (with and
 * without shadow's newuidmap/newgidmap installed), nsenter -W/--wdns and
 * -Z, lsns --tree and its <namespace> operand. The expected texts are what
 * the real tools print (the fixtures of apps/cli/test/shell-fixtures
 * compare the same commands byte for byte with a real machine).
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, UIDMAP_COMMANDS, createMachine, getopt, runSession, TextReader } from './index.ts';
import type { CommandDef } from './index.ts';
import { mapIdsArgv, getMapRange } from './commands/unshare-maps.ts';
import { capList } from './commands/setpriv.ts';
import { getgrouplist, getpwnam, PASSWD } from './passwd.ts';

/** Runs `script` on a fresh machine (with the uidmap package when asked); what it printed and its status. */
async function run(script: string, options: { uidmap?: boolean } = {}): Promise<{ stdout: string; stderr: string; status: number }> {
  const machine = createMachine({ commands: options.uidmap === true ? [...COMMANDS, ...UIDMAP_COMMANDS] : COMMANDS });
  let stdout = '';
  let stderr = '';
  const status = await runSession(machine, { stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) } }, { input: new TextReader(script) });
  return { stdout, stderr, status };
}

const FULL_BSET = 'chown,dac_override,dac_read_search,fowner,fsetid,kill,setgid,setuid,setpcap,linux_immutable,net_bind_service,net_broadcast,net_admin,net_raw,ipc_lock,ipc_owner,sys_module,sys_rawio,sys_chroot,sys_ptrace,sys_pacct,sys_admin,sys_boot,sys_nice,sys_resource,sys_time,sys_tty_config,mknod,lease,audit_write,audit_control,setfcap,mac_override,mac_admin,syslog,wake_alarm,block_suspend,audit_read,perfmon,bpf,checkpoint_restore';

describe('setpriv', () => {
  it('--dump prints ids, groups, no_new_privs, the capability sets, securebits and the parent death signal', async () => {
    const r = await run('setpriv --dump\n');
    expect(r.stdout).toBe(`uid: 0\neuid: 0\ngid: 0\negid: 0\nSupplementary groups: [none]\nno_new_privs: 0\nInheritable capabilities: [none]\nAmbient capabilities: [none]\nCapability bounding set: ${FULL_BSET}\nSecurebits: [none]\nParent death signal: [none]\n`);
    expect(capList(0n)).toBe('[none]');
    expect(capList(1n << 21n | 1n)).toBe('chown,sys_admin');
  });

  it('-dd adds the effective and permitted sets, -ddd the saved ids; --dump takes no other option', async () => {
    const r = await run('setpriv -dd | grep -c capabilities\nsetpriv -d -d -d | head -3\nsetpriv --dump true; echo rc=$?\n');
    expect(r.stdout).toBe('4\nuid: 0\neuid: 0\nsuid: 0\nrc=1\n');
    expect(r.stderr).toBe('setpriv: --dump is incompatible with all other options\n');
  });

  it('--groups sets the supplementary groups (names or numbers; sorted, repeats kept), which id, --dump and /proc/PID/status show', async () => {
    const r = await run('setpriv --groups 2,bin,1 sh -c \'id; setpriv --dump | grep Supp; grep Groups /proc/self/status\'\n');
    expect(r.stdout).toBe('uid=0(root) gid=0(root) groups=0(root),1(daemon),2(bin)\nSupplementary groups: 1,2,2\nGroups:\t1 2 2 \n');
  });

  it('--init-groups takes the groups /etc/group gives the user; --reuid with --keep-groups keeps root\'s', async () => {
    const r = await run('setpriv --reuid 1000 --regid 1000 --init-groups id\nsetpriv --euid 1 --egid 2 --keep-groups id\n');
    expect(r.stdout).toBe('uid=1000(user) gid=1000(user) groups=1000(user),24(cdrom),25(floppy),29(audio),30(dip),44(video),46(plugdev),100(users)\nuid=0(root) gid=0(root) euid=1(daemon) egid=2(bin) groups=2(bin)\n');
  });

  it('--no-new-privs is inherited by the children and never cleared', async () => {
    const r = await run('setpriv --nnp sh -c \'setpriv --dump | grep no_new; grep NoNewPrivs /proc/self/status\'\nsetpriv --dump | grep no_new\n');
    expect(r.stdout).toBe('no_new_privs: 1\nNoNewPrivs:\t1\nno_new_privs: 0\n');
  });

  it('the bounding, inheritable and ambient sets; an inheritable capability outside the bounding set is refused by capset', async () => {
    const r = await run([
      'unshare -r setpriv --inh-caps +sys_admin,+net_admin --bounding-set -all,+sys_admin,+net_admin setpriv -dd | grep capab',
      'unshare -r setpriv --bounding-set -all,+sys_admin setpriv --dump | grep bounding',
      'unshare -r setpriv --inh-caps +sys_admin --ambient-caps +sys_admin,+chown setpriv --dump | grep Ambient',
      'unshare -r setpriv --bounding-set -sys_admin --inh-caps +sys_admin true; echo rc=$?',
      // Without CAP_SETPCAP libcap-ng drops nothing from the bounding set, and says nothing.
      'setpriv --reuid 1 --regid 1 --clear-groups setpriv --bounding-set -all setpriv --dump | grep bounding | cut -c1-33',
      '',
    ].join('\n'));
    expect(r.stdout).toBe([
      'Effective capabilities: net_admin,sys_admin', 'Permitted capabilities: net_admin,sys_admin', 'Inheritable capabilities: net_admin,sys_admin',
      'Ambient capabilities: [none]', 'Capability bounding set: sys_admin', 'Ambient capabilities: sys_admin', 'rc=127', 'Capability bounding set: chown,da', '',
    ].join('\n'));
    expect(r.stderr).toBe('setpriv: apply capabilities: Operation not permitted\n');
  });

  it('reports bad arguments as setpriv 2.38.1 does', async () => {
    const r = await run([
      'setpriv --groups x true', 'setpriv --clear-groups --keep-groups true', 'setpriv --reuid nosuch true', 'setpriv --regid 1 true', 'setpriv',
      'setpriv --inh-caps sys_admin true', 'setpriv --inh-caps +nosuch true', 'setpriv --nnp --nnp true', 'setpriv --init-groups --reuid 4242 true',
      'setpriv nosuch; echo rc=$?', 'unshare -r setpriv --reuid 5 true; echo rc=$?', '',
    ].join('\n'));
    expect(r.stderr).toBe([
      "setpriv: Invalid supplementary group id: 'x'", 'setpriv: mutually exclusive arguments: --clear-groups --keep-groups --init-groups --groups',
      "setpriv: failed to parse reuid: 'nosuch'", 'setpriv: --[re]gid requires --keep-groups, --clear-groups, --init-groups, or --groups',
      'setpriv: No program specified', 'setpriv: bad capability string', 'setpriv: unknown capability "nosuch"', 'setpriv: duplicate --no-new-privs option',
      'setpriv: uid 4242 not found, --init-groups requires an user that can be found on the system', 'setpriv: failed to execute nosuch: No such file or directory',
      'setpriv: setresuid failed: Invalid argument', '',
    ].join('\n'));
    expect(r.stdout).toBe('rc=127\nrc=127\n');
  });

  it('--pdeathsig sets the parent death signal (names with or without SIG, RTMIN+n); a change of ids clears it, keep restores it', async () => {
    const r = await run([
      'setpriv --pdeathsig sigterm setpriv --dump | tail -1', 'setpriv --pdeathsig rtmin+2 setpriv --dump | tail -1',
      'setpriv --pdeathsig HUP setpriv --reuid 1 --regid 1 --clear-groups setpriv --dump | tail -1',
      'setpriv --pdeathsig HUP setpriv --reuid 1 --regid 1 --clear-groups --pdeathsig keep setpriv --dump | tail -1',
      'setpriv --pdeathsig RTMIN true; echo rc=$?', '',
    ].join('\n'));
    expect(r.stdout).toBe('Parent death signal: TERM\nParent death signal: 36\nParent death signal: [none]\nParent death signal: HUP\nrc=1\n');
    expect(r.stderr).toBe('setpriv: unknown signal: RTMIN\n');
  });

  it('--securebits: noroot keeps root from gaining capabilities at exec, a locked bit cannot change, keep_caps is setpriv\'s own', async () => {
    const r = await run([
      "unshare -r setpriv --securebits +noroot,+keep_caps_locked sh -c 'grep CapEff /proc/self/status; setpriv --dump | grep Secure'",
      'unshare -r setpriv --securebits +noroot_locked setpriv --securebits -noroot_locked true; echo rc=$?',
      'setpriv --securebits +keep_caps true; echo rc=$?',
      'setpriv --selinux-label x true; echo rc=$?',
      '',
    ].join('\n'));
    expect(r.stdout).toBe('CapEff:\t0000000000000000\nSecurebits: noroot,keep_caps_locked\nrc=127\nrc=1\nrc=127\n');
    expect(r.stderr).toBe('setpriv: set process securebits failed: Operation not permitted\nsetpriv: adjusting keep_caps does not make sense\nsetpriv: SELinux is not running\n');
  });

  it('--help is util-linux\'s, byte for byte (the exact layout of a command with helpColumn)', async () => {
    const lines = (await run('setpriv --help\n')).stdout.split('\n');
    expect(lines.slice(7, 9)).toEqual([' -d, --dump                  show current state (and do not exec)', ' --nnp, --no-new-privs       disallow granting new privileges']);
    expect(lines.slice(lines.indexOf(' --pdeathsig keep|clear|<signame>'), lines.indexOf(' --pdeathsig keep|clear|<signame>') + 2)).toEqual([' --pdeathsig keep|clear|<signame>', '                             set or clear parent death signal']);
    expect(lines.slice(-8)).toEqual(['', ' -h, --help                  display this help', ' -V, --version               display version', '', ' This tool can be dangerous.  Read the manpage, and be careful.', '', 'For more details see setpriv(1).', '']);
  });

  it('--reset-env sets HOME, SHELL, USER, LOGNAME and PATH for --ruid\'s user', async () => {
    const r = await run('setpriv --reuid 1 --regid 1 --clear-groups --reset-env sh -c \'echo $HOME $SHELL $USER $LOGNAME $PATH\'\n');
    expect(r.stdout).toBe('/usr/sbin /usr/sbin/nologin daemon daemon /usr/local/bin:/bin:/usr/bin\n');
  });
});

describe('su', () => {
  it('root becomes anyone without a password; the shell gets HOME and SHELL, and USER and LOGNAME for a user other than root', async () => {
    const r = await run("su nobody -s /bin/sh -c 'id; echo $HOME $SHELL $USER $LOGNAME'\nsu root -c 'echo $0 $1 $2' a b c\n");
    expect(r.stdout).toBe('uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n/nonexistent /bin/sh nobody nobody\na b c\n');
  });

  it('- (or -l) makes a login shell: a new environment, ENV_PATH, the home directory, `-bash` as $0', async () => {
    const r = await run("su -l nobody -s /bin/sh -c 'echo $HOME $USER $SHELL $PATH'\nsu - root -c 'echo $0 $HOME $USER'\n");
    expect(r.stdout).toBe('/nonexistent nobody /bin/sh /usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\n-bash /root root\n');
    expect(r.stderr).toBe('su: warning: cannot change directory to /nonexistent: No such file or directory\n');
  });

  it('-g and -G set the primary and supplementary groups (root only)', async () => {
    const r = await run('su -g daemon root -c id\nsu -G bin -g daemon root -c id\nsu -G bin root -c id\nsetpriv --reuid 1 --regid 1 --clear-groups su -g root; echo rc=$?\n');
    expect(r.stdout).toBe('uid=0(root) gid=1(daemon) groups=1(daemon)\nuid=0(root) gid=1(daemon) groups=1(daemon),2(bin)\nuid=0(root) gid=2(bin) groups=2(bin)\nrc=1\n');
    expect(r.stderr).toBe('su: only root can specify alternative groups\n');
  });

  it('anyone else is asked for a password that cannot be given: Authentication failure', async () => {
    const r = await run('setpriv --reuid 1 --regid 1 --clear-groups su root -c id < /dev/null\n');
    expect(r).toEqual({ stdout: '', stderr: 'Password: su: Authentication failure\n', status: 1 });
  });

  it('reads the users and groups of the caller\'s /etc/passwd and /etc/group', async () => {
    const r = await run([
      "echo 'alice:x:2000:2000:Alice:/tmp:/bin/sh' >> /etc/passwd",
      "echo 'alices:x:2000:' >> /etc/group",
      "echo 'team:x:3000:alice' >> /etc/group",
      'su alice -c id',
      'su nosuch; echo rc=$?',
      'su nobody -c id; echo rc=$?',
      '',
    ].join('\n'));
    expect(r.stdout).toBe('uid=2000(alice) gid=2000(alices) groups=2000(alices),3000(team)\nrc=1\nThis account is currently not available.\nrc=1\n');
    expect(r.stderr).toBe('su: user nosuch does not exist or the user entry does not contain all the required fields\n');
  });

  it('in a user namespace with setgroups denied, initgroups fails: cannot set groups', async () => {
    const r = await run('unshare -r su root -c id; echo rc=$?\n');
    expect(r.stdout).toBe('rc=1\n');
    expect(r.stderr).toBe('su: cannot set groups: Operation not permitted\n');
  });

  it('the passwd helpers: getpwnam of the boot files, getgrouplist with the primary group first', () => {
    const m = createMachine();
    expect(getpwnam(m, m.init, 'nobody')).toMatchObject({ uid: 65534, gid: 65534, dir: '/nonexistent' });
    expect(getgrouplist(m, m.init, 'user', 1000)).toEqual([1000, 24, 25, 29, 30, 44, 46, 100]);
    expect(PASSWD.map((p) => p.name)).toContain('_apt');
  });
});

describe('unshare --keep-caps, --map-users, --map-groups', () => {
  it('--keep-caps raises the capabilities into the ambient set, so an unmapped user keeps them across exec', async () => {
    const r = await run("unshare -U --keep-caps grep -E '^(Uid|CapEff|CapAmb)' /proc/self/status\nunshare -U grep -E '^Cap(Eff|Amb)' /proc/self/status\n");
    expect(r.stdout).toBe('Uid:\t65534\t65534\t65534\t65534\nCapEff:\t000001ffffffffff\nCapAmb:\t000001ffffffffff\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n');
  });

  it('map_ids splits a range around the single mapping as unshare.c does', () => {
    expect(mapIdsArgv('newuidmap', 42, 0, 3, { outer: 100000, inner: 0, count: 5 })).toEqual(['newuidmap', '42', '3', '0', '1', '0', '100000', '3', '4', '100003', '1']);
    expect(mapIdsArgv('newuidmap', 42, 0, 0, { outer: 100000, inner: 1, count: 5 })).toEqual(['newuidmap', '42', '0', '0', '1', '1', '100000', '5']);
    expect(mapIdsArgv('newgidmap', 7, 0, undefined, { outer: 100000, inner: 0, count: 65536 })).toEqual(['newgidmap', '7', '0', '100000', '65536']);
    expect(getMapRange('1,2,3')).toEqual({ outer: 1, inner: 2, count: 3 });
  });

  it('with the uidmap package, the helpers write the ranges /etc/subuid grants (here the user 1000\'s)', async () => {
    const r = await run([
      "setpriv --reuid=1000 --regid=1000 --clear-groups unshare --map-users=100000,0,65536 --map-groups=auto sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id'",
      "setpriv --reuid=1000 --regid=1000 --clear-groups unshare --map-users=auto --map-root-user sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id -u'",
      'unshare --map-users=0,0,10 true; echo rc=$?',
      '',
    ].join('\n'), { uidmap: true });
    expect(r.stdout).toBe([
      '         0     100000      65536', '         0     100000      65536', 'allow', 'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)',
      '         0       1000          1', '         1     100000      65535', '         0       1000          1', 'deny', '0', 'rc=1', '',
    ].join('\n'));
    expect(r.stderr).toBe('newuidmap: uid range [0-10) -> [0-10) not allowed\n');
  });

  it('without it (a fresh Debian 12), the child cannot execute newuidmap and unshare exits with its status', async () => {
    const r = await run('unshare --map-users=0,0,10 true; echo rc=$?\nunshare --map-groups=0,0,10 true; echo rc=$?\n');
    expect(r.stdout).toBe('rc=127\nrc=127\n');
    expect(r.stderr).toBe('unshare: failed to execute newuidmap: No such file or directory\nunshare: failed to execute newgidmap: No such file or directory\n');
  });

  it('reports bad ranges, a user with no subordinate ids, and --setgroups=allow with a single group mapping', async () => {
    const r = await run('unshare --map-users=1,2 true\nunshare --map-users=a,2,3 true\nunshare --map-groups=1,2,3,4 true\nunshare --map-users=auto true\nunshare -r --setgroups allow true\nunshare --map-user=nosuch true\n');
    expect(r.stderr).toBe([
      "unshare: mapping '1,2' contains only 2 elements", "unshare: could not parse ID: 'a'", "unshare: too many elements for mapping '1,2,3,4'",
      'unshare: no line matching user "root" in /etc/subuid: Success', 'unshare: options --setgroups=allow and --map-group are mutually exclusive',
      "unshare: failed to parse uid: 'nosuch'", '',
    ].join('\n'));
  });
});

describe('nsenter -W/--wdns and -Z', () => {
  const target = "unshare -m sh -c 'mount -t tmpfs tmpfs /tmp; mkdir /tmp/inside; sleep 100' &\nsleep 1\n";

  it('-W opens the directory after entering (in the target\'s mount namespace); --wdns takes its argument only with =', async () => {
    const r = await run(`${target}nsenter -W /tmp -t $! -m ls\nnsenter --wdns=/tmp -t $! -m ls\nnsenter --wdns /tmp -t $! -m true; echo rc=$?\nnsenter -W /tmp -w /run -t $! -m ls; echo rc=$?\nnsenter -W /nosuch -t $! -m ls; echo rc=$?\nkill $!\n`);
    expect(r.stdout).toBe('inside\ninside\nrc=126\nrc=1\nrc=1\n');
    expect(r.stderr).toBe('nsenter: failed to execute /tmp: Permission denied\nnsenter: mutually exclusive arguments: --wdns --wd\nnsenter: cannot open current working directory: No such file or directory\n');
  });

  it('-Z does nothing on a machine without SELinux; nsenter with no namespace just runs the program', async () => {
    const r = await run('nsenter -Z hostname\nnsenter hostname\nnsenter -S daemon true; echo rc=$?\n');
    expect(r.stdout).toBe('nsproxy\nnsproxy\nrc=1\n');
    expect(r.stderr).toBe("nsenter: failed to parse uid: 'daemon'\n");
  });

  it('the help lists util-linux 2.38.1\'s options, -W and -Z among them', async () => {
    const r = await run('nsenter --help\n');
    expect(r.stdout).toContain(' -W. --wdns <dir>       set the working directory in namespace\n');
    expect(r.stdout).toContain(' -Z, --follow-context');
  });

  it('getopt: an option whose short form requires its argument while the long form\'s is optional', () => {
    const def: CommandDef = { name: 'x', summary: '', usage: [], models: '', options: [{ short: 'W', long: 'wdns', arg: 'optional', shortArg: 'required', help: '' }], stopAtOperand: true, run: () => 0 };
    expect(getopt(def, ['-W', '/d', 'prog'])).toEqual({ options: [['wdns', '/d']], operands: ['prog'] });
    expect(getopt(def, ['--wdns', '/d'])).toEqual({ options: [['wdns', undefined]], operands: ['/d'] });
    expect(() => getopt(def, ['-W'])).toThrow("option requires an argument -- 'W'");
  });
});

describe('lsns --tree and <namespace>', () => {
  const setup = "unshare -r sh -c 'unshare -r sleep 100 > /dev/null 2>&1 &'\nsleep 1\n";

  /** The inode numbers of `text` as N1, N2, ... by first appearance, each padded to the inode's width. */
  const names = (text: string): string => {
    const seen: string[] = [];
    return text.replace(/\b40265[0-9]{5}\b/g, (m) => `N${(seen.includes(m) ? seen.indexOf(m) : seen.push(m) - 1) + 1}`.padEnd(10));
  };

  it('--tree (owner) hangs each namespace under its owner; one no process is in is found through the ioctls, with NPROCS 0', async () => {
    const r = await run(`${setup}lsns -T -t user -o NS,NPROCS,PID,COMMAND\n`);
    expect(names(r.stdout)).toBe([
      'NS             NPROCS PID COMMAND',
      'N1                  3   1 /sbin/init',
      '`-N2                0     ',
      '  `-N3              1   4 sleep 100',
      '',
    ].join('\n'));
  });

  it('--tree=parent uses NS_GET_PARENT; -T does not take a separate argument; -l does not exclude -T in 2.38.1', async () => {
    const r = await run(`${setup}lsns --tree=parent -t user -o NS,PNS\nlsns -T parent; echo rc=$?\nlsns -l -T -t user -o NS,TYPE\n`);
    expect(names(r.stdout)).toBe([
      'NS                    PNS',
      `N1${' '.repeat(22)}0`,
      `\`-N2${' '.repeat(11)}N1${' '.repeat(8)}`,
      `  \`-N3${' '.repeat(9)}N2${' '.repeat(8)}`,
      'rc=1',
      'NS             TYPE',
      'N1             user',
      '`-N2           user',
      '  `-N3         user',
      '',
    ].join('\n'));
    expect(r.stderr).toBe("lsns: invalid namespace argument: 'parent'\n");
  });

  it('JSON output nests the tree in children arrays (with the NS column, which carries the tree)', async () => {
    const r = await run(`${setup}lsns -J -T -t user -o NS,NPROCS\nlsns -J -T -t user -o NPROCS\n`);
    expect(names(r.stdout).replace(/ +\n/g, '\n').replace(/(N[0-9]) +,/g, '$1,')).toBe([
      '{', '   "namespaces": [', '      {', '         "ns": N1,', '         "nprocs": 3,', '         "children": [', '            {',
      '               "ns": N2,', '               "nprocs": 0,', '               "children": [', '                  {',
      '                     "ns": N3,', '                     "nprocs": 1', '                  }', '               ]', '            }', '         ]', '      }', '   ]', '}',
      // Without NS the table has no tree column: a flat list, in the tree's order.
      '{', '   "namespaces": [', '      {', '         "nprocs": 3', '      },{', '         "nprocs": 0', '      },{', '         "nprocs": 1', '      }', '   ]', '}', '',
    ].join('\n'));
  });

  it('<namespace> lists its processes (PID PPID USER COMMAND), a child under its parent; unknown ones are errors', async () => {
    const r = await run('unshare -u sh -c \'sleep 100 & sleep 100\' &\nsleep 1\nlsns $(lsns -n -t uts -o NS | tail -1)\nlsns 12; echo rc=$?\nlsns -p 1 4026531838; echo rc=$?\n');
    expect(r.stdout).toBe('PID PPID USER COMMAND\n  3    2 root sh -c sleep 100 & sleep 100\n  5    3 root |-sleep 100\n  6    3 root `-sleep 100\nrc=1\nrc=1\n');
    expect(r.stderr).toBe('lsns: not found namespace: 12\nlsns: --task is mutually exclusive with <namespace>\n');
  });

  it('-W joins the nsfs mount points of NSFS with commas; -J and -r are exclusive', async () => {
    const r = await run('ip netns add a\nip netns exec a sleep 100 &\nsleep 1\nmkdir /run/b; touch /run/b/x; mount --bind /run/netns/a /run/b/x\nlsns -W -t net -o NSFS\nlsns -t net -o NSFS\nlsns -J -r; echo rc=$?\n');
    expect(r.stdout).toBe('NSFS\n\n/run/netns/a,/run/b/x\nNSFS\n\n/run/netns/a\n/run/b/x\nrc=1\n');
    expect(r.stderr).toBe('lsns: mutually exclusive arguments: --json --raw\n');
  });
});

describe('exec and the credential lines of /proc/PID/status', () => {
  it('an exec with equal real and effective ids makes the task dumpable again, so its own uid_map can be written', async () => {
    const r = await run("setpriv --reuid=1000 --regid=1000 --clear-groups unshare --user --map-root-user sh -c 'id -u; cat /proc/self/uid_map'\n");
    expect(r).toEqual({ stdout: '0\n         0       1000          1\n', stderr: '', status: 0 });
  });
});
