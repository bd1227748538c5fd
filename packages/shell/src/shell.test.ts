import { describe, expect, it } from 'vitest';
import { KernelError } from '@nsproxy/core';
import { COMMANDS, Incomplete, SyntaxError, TextReader, createMachine, getopt, helpText, parseAll, parseCommand, runScript, runSession, shellReference } from './index.ts';
import type { CommandDef } from './index.ts';

/** Runs a script on a fresh machine; the expected texts below are what dash and the real tools print (checked on Debian 12). */
async function sh(script: string): Promise<{ stdout: string; stderr: string; status: number }> {
  return runScript(script.endsWith('\n') ? script : `${script}\n`);
}

describe('the parser (dash\'s grammar)', () => {
  it('reads lists, and-or lists, pipelines, quoting and comments', () => {
    const list = parseAll(`a 'b c' "d $x" e\\ f # comment\ng && h || i | j &`);
    expect(list).toHaveLength(2);
    const first = list[0]?.andOr.first.commands[0];
    expect(first?.kind === 'simple' && first.words.length).toBe(4);
    expect(list[1]?.background).toBe(true);
    expect(list[1]?.andOr.rest.map(([op]) => op)).toEqual(['&&', '||']);
    expect(list[1]?.andOr.rest[1]?.[1].commands).toHaveLength(2);
  });

  it('asks for more input inside quotes, after && or |, in an unfinished if; gives dash\'s syntax errors', () => {
    expect(() => parseCommand("echo 'a\n", 0, 1)).toThrow(Incomplete);
    expect(() => parseCommand('echo a &&\n', 0, 1)).toThrow(Incomplete);
    expect(() => parseCommand('if true; then\n', 0, 1)).toThrow(Incomplete);
    expect(() => parseAll(') ls')).toThrow(SyntaxError);
    expect(() => parseAll('echo ;; x')).toThrow('";;" unexpected');
    expect(parseCommand("echo 'a\nb'\n", 0, 1)?.nextLine).toBe(3);
  });
});

describe('the shell', () => {
  it('expands variables, $?, quotes, and runs && and ||', async () => {
    const r = await sh(`x=5; echo $x "\${y:-def}" 'lit $x'; false || echo or; true && echo and; false; echo $?`);
    expect(r.stdout).toBe('5 def lit $x\nor\nand\n1\n');
    expect(r.status).toBe(0);
  });

  it('prints dash\'s not-found line, status 127, and exits with the last status', async () => {
    const r = await sh('foo\necho $?\nfalse');
    expect(r.stderr).toBe('sh: 1: foo: not found\n');
    expect(r.stdout).toBe('127\n');
    expect(r.status).toBe(1);
  });

  it('exit ends the script with its status; a bad number is dash\'s error, status 2', async () => {
    expect((await sh('exit 3\necho no')).status).toBe(3);
    const r = await sh('exit abc');
    expect(r).toMatchObject({ status: 2, stderr: 'sh: 1: exit: Illegal number: abc\n' });
  });

  it('reports an unterminated quote and an unfinished if as dash does', async () => {
    // The line is the one the end of the input is on: 2 after a first line and its newline.
    expect(await sh(`echo "abc`)).toMatchObject({ status: 2, stderr: 'sh: 2: Syntax error: Unterminated quoted string\n' });
    expect(await sh('if true; then')).toMatchObject({ status: 2, stderr: 'sh: 2: Syntax error: end of file unexpected (expecting "fi")\n' });
    expect(await runScript('echo "abc')).toMatchObject({ status: 2, stderr: 'sh: 1: Syntax error: Unterminated quoted string\n' });
  });

  it('redirects output to files (> and >>) and reads them back (<, cat); a missing directory is dash\'s cannot create', async () => {
    const r = await sh('echo x > /tmp/f; echo y >> /tmp/f; cat /tmp/f | sort -r; wc -l < /tmp/f; echo a > /nonexist/x; echo $?');
    expect(r.stdout).toBe('y\nx\n2\n2\n');
    expect(r.stderr).toBe('sh: 1: cannot create /nonexist/x: Directory nonexistent\n');
  });

  it('runs if, for, while, command substitution and test', async () => {
    const r = await sh('for i in a b c; do echo $i; done | sed s/b/B/\nif [ -d /tmp ]; then echo dir; fi\nn=0; while [ $n != 2 ]; do n=$(echo 2); echo w$n; done\necho $(hostname)-$(echo sub)');
    expect(r.stdout).toBe('a\nB\nc\ndir\nw2\nnsproxy-sub\n');
  });

  it('forks a process for each external command (pids), none for a builtin; a subshell execs its last command in place, sh -c does not', async () => {
    const r = await sh('echo $$\nps -o pid,comm\nsh -c \'echo $$; ps -o pid,comm\'\n(true; ps -o pid,comm)');
    // init is 1, the login shell 2; ps is forked as 3; sh -c is 4 and forks its ps as 5; the subshell is 6 and its ps, exec'd, too.
    expect(r.stdout).toBe('2\n    PID COMMAND\n      1 init\n      2 sh\n      3 ps\n4\n    PID COMMAND\n      1 init\n      2 sh\n      4 sh\n      5 ps\n    PID COMMAND\n      1 init\n      2 sh\n      6 ps\n');
  });

  it('leaves `cmd &` running, sets $!, and wait/kill end it with the status a shell reports', async () => {
    const r = await sh('sleep 100 &\necho $!\nps -o pid,args\nkill $!\nwait $!\necho $?\nsleep 5 &\nwait\necho $?');
    expect(r.stdout).toBe('3\n    PID COMMAND\n      1 /sbin/init\n      2 sh\n      3 sleep 100\n      4 ps -o pid,args\n143\n0\n');
  });

  it('kill of a process that does not exist is dash\'s message (with its blank line), status 1', async () => {
    const r = await sh('kill 999; echo $?');
    expect(r.stderr).toBe('sh: 1: kill: No such process\n\n');
    expect(r.stdout).toBe('1\n');
  });

  it('a shell started by unshare without a program reads the commands after it, until exit', async () => {
    const r = await sh('unshare -u\nhostname box\nhostname\nexit 3\necho $?\nhostname');
    expect(r.stdout).toBe('box\n3\nnsproxy\n');
  });

  it('Cannot fork in a pid namespace whose init has exited (dash exits with 2)', async () => {
    const r = await sh("unshare -p sh -c '/bin/true; /bin/true; echo after'; echo rc=$?");
    expect(r.stdout).toBe('rc=2\n');
    expect(r.stderr).toBe('sh: 1: Cannot fork\n');
  });
});

describe('the commands', () => {
  it('hostname in a new UTS namespace, and the EPERM line of hostname(1) in a user namespace', async () => {
    const r = await sh("hostname; unshare -u sh -c 'hostname box; hostname'; hostname; unshare -U hostname x; echo $?");
    expect(r.stdout).toBe('nsproxy\nbox\nnsproxy\n1\n');
    expect(r.stderr).toBe('hostname: you must be root to change the host name\n');
  });

  it('id as root, as an unmapped user (nobody, nogroup), and as the mapped root of a user namespace', async () => {
    const r = await sh('id; unshare -U id; unshare -Ur id; unshare -Ur cat /proc/self/uid_map');
    expect(r.stdout).toBe('uid=0(root) gid=0(root) groups=0(root)\nuid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\nuid=0(root) gid=0(root) groups=0(root)\n         0          0          1\n');
  });

  it('unshare failed: the tool\'s line; the rule behind it only when explaining', async () => {
    const r = await sh("unshare -U sh -c 'unshare -n true; echo $?'");
    expect(r.stderr).toBe('unshare: unshare failed: Operation not permitted\n');
    expect(r.stdout).toBe('1\n');
    const machine = createMachine({ explain: true });
    let err = '';
    await runSession(machine, { stdout: { write: () => undefined }, stderr: { write: (t) => void (err += t) } }, { input: new TextReader("unshare -U sh -c 'unshare -n true'\n") });
    const [first, why] = err.split('\n');
    expect(first).toBe('unshare: unshare failed: Operation not permitted');
    expect(why).toMatch(/^ {2}why: unshare gave EPERM: .+ \[[A-Z][0-9]+\.[0-9]+[a-z]?; nsproxy explain [A-Z][0-9]+\.[0-9]+[a-z]?\]$/);
  });

  it('unshare --fork --pid --mount-proc ps: the child is pid 1 and its /proc shows only its namespace', async () => {
    const r = await sh("unshare --fork --pid --mount-proc ps\nunshare -fp --mount-proc sh -c 'sleep 5 & ps -ef'");
    expect(r.stdout).toBe([
      '    PID TTY          TIME CMD',
      '      1 ?        00:00:00 ps',
      'UID          PID    PPID  C STIME TTY          TIME CMD',
      "root           1       0  0 00:00 ?        00:00:00 sh -c sleep 5 & ps -ef",
      'root           2       1  0 00:00 ?        00:00:00 sleep 5',
      'root           3       1  0 00:00 ?        00:00:00 ps -ef',
      '',
    ].join('\n'));
  });

  it('persists a namespace with --uts=FILE and enters it with nsenter', async () => {
    const r = await sh("mkdir /tmp/ns; mount -t tmpfs tmpfs /tmp/ns; echo > /tmp/ns/uts\nunshare --uts=/tmp/ns/uts hostname kept\nhostname\nnsenter --uts=/tmp/ns/uts hostname");
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('nsproxy\nkept\n');
  });

  it('nsenter -t PID -n enters the network namespace of a running process', async () => {
    const r = await sh('unshare -n sleep 100 &\nnsenter -t $! -n ip link\nnsenter -t 999 -n true; echo $?');
    expect(r.stdout).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n1\n');
    expect(r.stderr).toBe('nsenter: cannot open /proc/999/ns/net: No such file or directory\n');
  });

  it('lsns -t uts lists the namespaces with processes, util-linux\'s JSON keys with -J', async () => {
    const r = await sh('unshare -u sleep 100 &\nlsns -t uts -o TYPE,NPROCS,PID,USER,COMMAND\nlsns -J -t uts -o TYPE,PID,COMMAND');
    expect(r.stdout).toBe([
      'TYPE NPROCS PID USER COMMAND',
      'uts       3   1 root /sbin/init',
      'uts       1   3 root sleep 100',
      '{',
      '   "namespaces": [',
      '      {',
      '         "type": "uts",',
      '         "pid": 1,',
      '         "command": "/sbin/init"',
      '      },{',
      '         "type": "uts",',
      '         "pid": 3,',
      '         "command": "sleep 100"',
      '      }',
      '   ]',
      '}',
      '',
    ].join('\n'));
  });

  it('ip netns: add, list (newest first, with the id a moved veth gives), exec, identify, delete', async () => {
    const r = await sh('ip netns add foo\nip netns add bar\nip link add v0 type veth peer name v1\nip link set v1 netns foo\nip netns list\nip netns exec bar ip netns identify\nip -n foo link show v1\nip netns delete bar\nip netns list\nip netns add foo');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['bar', 'foo (id: 0)', 'bar']);
    expect(lines[3]).toBe('3: v1@if4: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000');
    expect(lines[4]).toMatch(/^ {4}link\/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff link-netnsid 0$/);
    expect(lines.slice(5)).toEqual(['foo (id: 0)', '']);
    expect(r.stderr).toBe('Cannot create namespace file "/run/netns/foo": File exists\n');
    expect(r.status).toBe(1);
  });

  it('ip link: M-DOWN, NO-CARRIER and LOWERLAYERDOWN as one end of a veth comes up; addresses and the connected route; ping over the pair', async () => {
    const r = await sh('unshare -n sh -c \'ip link add v0 type veth peer name v1; ip link set v0 up; ip link; ip link set v1 up; ip addr add 10.1.1.1/24 dev v0; ip addr show v0; ip route; ip link add v0 type veth peer name v2\'; echo $?');
    const lines = r.stdout.split('\n');
    expect(lines[2]).toBe('2: v1@v0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000');
    expect(lines[4]).toBe('3: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000');
    expect(lines[6]).toBe('3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000');
    // With a carrier, v0 has its link-local address (EUI-64 of the model's MAC) besides the one added.
    expect(lines.slice(8, 13)).toEqual(['    inet 10.1.1.1/24 scope global v0', '       valid_lft forever preferred_lft forever', '    inet6 fe80::42:acff:fe00:3/64 scope link ', '       valid_lft forever preferred_lft forever', '10.1.1.0/24 dev v0 proto kernel scope link src 10.1.1.1 ']);
    expect(lines[13]).toBe('2');
    expect(r.stderr).toBe('RTNETLINK answers: File exists\n');
    const p = await sh("ip netns add a; ip link add va type veth peer name vb netns a; ip addr add 10.2.0.1/24 dev va; ip link set va up; ip -n a addr add 10.2.0.2/24 dev vb; ip -n a link set vb up; ip netns exec a ping -c 1 10.2.0.1; ip netns exec a ping -c 1 10.3.0.1; echo $?");
    expect(p.stdout).toContain('64 bytes from 10.2.0.1: icmp_seq=1 ttl=64');
    expect(p.stdout).toContain('1 packets transmitted, 1 received, 0% packet loss');
    expect(p.stderr).toBe('ping: connect: Network is unreachable\n');
    expect(p.stdout.endsWith('2\n')).toBe(true);
  });

  it('the filters: grep, sed, cut, head, tail, sort, wc', async () => {
    const r = await sh("printf 'b 2\\na 10\\nc 1\\n' > /tmp/t\ngrep -c a /tmp/t; grep -v a /tmp/t | head -1; sed 's/\\([a-c]\\) /\\1=/' /tmp/t | tail -n 1\ncut -d ' ' -f 2 /tmp/t | sort -n | wc -l\nsort -k 2 -n /tmp/t | head -n 1\ngrep zz /tmp/t; echo $?");
    expect(r.stdout).toBe('1\nb 2\nc=1\n3\nc 1\n1\n');
  });

  it('--help of every command is printed from its definition; bad options are getopt\'s message and util-linux\'s try line', async () => {
    const r = await sh('unshare --help | head -4\nunshare --bogus; echo $?\nnsenter -q; echo $?');
    expect(r.stdout).toBe('\nUsage:\n unshare [options] [<program> [<argument>...]]\n\n1\n1\n');
    expect(r.stderr).toBe("unshare: unrecognized option '--bogus'\nTry 'unshare --help' for more information.\nnsenter: invalid option -- 'q'\nTry 'nsenter --help' for more information.\n");
    for (const c of COMMANDS) expect(helpText(c)).toContain(c.usage[0] ?? '');
    expect(shellReference()).toContain('## unshare');
  });
});

describe('ipcmk, ipcs, ipcrm, findmnt, setpriv', () => {
  it('makes, lists and removes System V objects of the caller\'s IPC namespace, in ipcs\'s layout', async () => {
    const r = await sh("unshare -i sh -c 'ipcmk -M 4096; ipcmk -Q; ipcs -m; ipcrm -m 0; echo $?; ipcrm -q 9; echo $?; ipcs -m'; ipcs -q");
    const out = r.stdout.replace(/0x[0-9a-f]{8}/g, 'KEY');
    expect(out).toBe([
      'Shared memory id: 0',
      'Message queue id: 0',
      '',
      '------ Shared Memory Segments --------',
      'key        shmid      owner      perms      bytes      nattch     status      ',
      'KEY 0          root       644        4096       0                       ',
      '',
      '0',
      '1',
      '',
      '------ Shared Memory Segments --------',
      'key        shmid      owner      perms      bytes      nattch     status      ',
      '',
      '',
      '------ Message Queues --------',
      'key        msqid      owner      perms      used-bytes   messages    ',
      '',
      '',
    ].join('\n'));
    expect(r.stderr).toBe('ipcrm: invalid id (9)\n');
  });

  it('findmnt shows the mount tree of the caller\'s mount namespace, and one mount by its mountpoint', async () => {
    const r = await sh("unshare -m sh -c 'mount -t tmpfs tmpfs /tmp; findmnt; findmnt -n -o TARGET,FSTYPE /tmp; findmnt /nonexistent; echo $?'");
    expect(r.stdout).toBe('TARGET  SOURCE   FSTYPE OPTIONS\n/       /dev/vda ext4   rw,relatime\n├─/proc proc     proc   rw,relatime\n└─/tmp  tmpfs    tmpfs  rw,relatime\n/tmp   tmpfs\n1\n');
  });

  it('setpriv runs a program as another user, which then has no capability (execve as non-root)', async () => {
    const r = await sh('setpriv --reuid=1000 --regid=1000 --clear-groups id; setpriv --reuid=1000 --regid=1000 --clear-groups unshare -n true; echo $?; setpriv --regid=1000 id');
    expect(r.stdout).toBe('uid=1000(user) gid=1000(user) groups=1000(user)\n1\n');
    expect(r.stderr).toBe('unshare: unshare failed: Operation not permitted\nsetpriv: --[re]gid requires --keep-groups, --clear-groups, --init-groups, or --groups\n');
  });
});

describe('getopt', () => {
  const def: CommandDef = { name: 't', summary: 's', usage: ['t'], models: 'm', options: [{ short: 'n', long: 'net', arg: 'optional', longOnlyArg: true }, { short: 'w', long: 'wd', arg: 'required' }, { long: 'mount' }, { long: 'mount-proc' }], stopAtOperand: true, run: () => 0 } as unknown as CommandDef;
  it('takes --net=FILE but -n alone, -wDIR and -w DIR, unique prefixes, and stops at the first operand', () => {
    expect(getopt(def, ['-nw', '/x', '--net=/f', '--mount-p', 'prog', '-n'])).toEqual({ options: [['net', undefined], ['wd', '/x'], ['net', '/f'], ['mount-proc', undefined]], operands: ['prog', '-n'] });
    expect(() => getopt(def, ['--mo'])).toThrow("option '--mo' is ambiguous; possibilities: '--mount' '--mount-proc'");
    expect(() => getopt(def, ['-w'])).toThrow("option requires an argument -- 'w'");
  });
});

describe('the machine', () => {
  it('writes /proc files as one write(2): a bad uid_map is echo\'s I/O error, status 1', async () => {
    const r = await sh("unshare -U sh -c 'echo x > /proc/self/uid_map; echo $?'");
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toBe('sh: 1: echo: echo: I/O error\n');
  });

  it('errors of the model keep their errno name', () => {
    const m = createMachine();
    expect(() => m.readFile(m.init, '/nonexistent')).toThrow(KernelError);
  });
});
