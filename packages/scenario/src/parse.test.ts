import { describe, expect, test } from 'vitest';
import { FORMAT_OPS } from '../test/format-ops.ts';
import { NAMESPACE_TYPES } from './contract.ts';
import { argTypes, defineOps, extendOps, FORMAT_SECTIONS, formatSectionOf, stepTypes as stepTypesIn } from './ops.ts';
import type { OpTable } from './ops.ts';
import { parseScenario as parseWith, ScenarioSyntaxError } from './parse.ts';
import type { ParseOptions, Scenario } from './parse.ts';

/** The parser with the whole format's op table (test/format-ops.ts) unless a test gives another. */
function parseScenario(source: string, file?: string, options: ParseOptions = {}): Scenario {
  return parseWith(source, file, { ops: FORMAT_OPS, ...options });
}

function stepTypes(step: { readonly op: string; readonly args: readonly string[] }, ops: OpTable = FORMAT_OPS): string[] {
  return stepTypesIn(step, ops);
}

/** The error a source throws, as `file:line:col: reason`. */
function errorOf(source: string, file = 't.nss'): string {
  try {
    parseScenario(source, file);
  } catch (error) {
    if (error instanceof ScenarioSyntaxError) return error.message;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(source)}`);
}

const EXAMPLE = `@title: a task joins its sibling's uts namespace, but not across user namespaces
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
`;

describe('parseScenario: the example of the format', () => {
  const scenario = parseScenario(EXAMPLE, 'example.nss');

  test('headers and steps', () => {
    expect(scenario.file).toBe('example.nss');
    expect(scenario.title).toBe("a task joins its sibling's uts namespace, but not across user namespaces");
    expect(scenario.about).toBeUndefined();
    expect(scenario.needs).toEqual([]);
    expect(scenario.steps).toHaveLength(12);
  });

  test('a step: actor, op, args, line, text as written, expectation', () => {
    expect(scenario.steps[0]).toEqual({ actor: 'init', op: 'clone', args: ['a', 'uts'], line: 2, text: 'init: clone a uts', expect: '2' });
    expect(scenario.steps[7]).toEqual({ actor: 'c', op: 'setns', args: ['a', 'uts'], line: 9, text: 'c: setns a uts', expect: 'EACCES' });
    expect(scenario.steps[11]?.args).toEqual(['fa']);
    expect(scenario.steps[11]?.expect).toBe('EPERM');
  });
});

describe('parseScenario: grammar', () => {
  test('blank lines, comments and indented comments are skipped', () => {
    const s = parseScenario('\n   \n# a comment\n   # indented\n\t\ninit: id\n');
    expect(s.steps.map((x) => x.line)).toEqual([6]);
  });

  test('CRLF line ends, a byte-order mark and a missing final newline', () => {
    const s = parseScenario('\uFEFF@title: t\r\ninit: hostname => nsproxy\r\ninit: id');
    expect(s.title).toBe('t');
    expect(s.steps.map((x) => [x.line, x.text, x.expect])).toEqual([
      [2, 'init: hostname', 'nsproxy'],
      [3, 'init: id', undefined],
    ]);
  });

  test('a step without an expectation', () => {
    expect(parseScenario('init: unshare uts').steps[0]?.expect).toBeUndefined();
  });

  test('a trailing comment after a step, with or without an expectation', () => {
    const s = parseScenario('init: unshare uts # why\ninit: hostname => nsproxy   # why not\ninit: id #=> ok');
    expect(s.steps.map((x) => [x.text, x.expect])).toEqual([
      ['init: unshare uts', undefined],
      ['init: hostname', 'nsproxy'],
      ['init: id', undefined],
    ]);
  });

  test('# inside a word or an expectation is text; # at a token start is a comment', () => {
    const s = parseScenario('init: sethostname a#b => ok\ninit: hostname => a#b # comment\ninit: hostname => x #c\n');
    expect(s.steps[0]?.args).toEqual(['a#b']);
    expect(s.steps[1]?.expect).toBe('a#b');
    expect(s.steps[2]?.expect).toBe('x');
  });

  test('the step text keeps the inner spacing as written, trimmed', () => {
    const s = parseScenario('   init:   clone  a   uts      => 2   # c');
    expect(s.steps[0]?.text).toBe('init:   clone  a   uts');
    expect(s.steps[0]?.args).toEqual(['a', 'uts']);
  });

  test('an expectation is trimmed and keeps inner blanks', () => {
    const s = parseScenario('init: id   =>   uid=0 gid=0   ');
    expect(s.steps[0]?.expect).toBe('uid=0 gid=0');
  });

  test('=> may touch the last argument', () => {
    const s = parseScenario('init: hostname=> nsproxy\ninit: sethostname x=>ok\ninit: sethostname "y"=>ok');
    expect(s.steps.map((x) => [x.op, x.args, x.expect, x.text])).toEqual([
      ['hostname', [], 'nsproxy', 'init: hostname'],
      ['sethostname', ['x'], 'ok', 'init: sethostname x'],
      ['sethostname', ['y'], 'ok', 'init: sethostname "y"'],
    ]);
  });

  test('quoted strings: blanks, # and => inside, \\" and \\\\ escapes, the empty string', () => {
    const s = parseScenario(String.raw`a: uid_map b "0 1000 1;1 2 3" => ok
a: sethostname "x # y => z" => ok
a: sethostname "say \"hi\" \\ bye" => ok
a: sethostname "" => EINVAL`);
    expect(s.steps.map((x) => x.args)).toEqual([['b', '0 1000 1;1 2 3'], ['x # y => z'], ['say "hi" \\ bye'], ['']]);
    expect(s.steps[0]?.text).toBe('a: uid_map b "0 1000 1;1 2 3"');
  });

  test('a blank before the colon is allowed', () => {
    expect(parseScenario('init : id').steps[0]?.actor).toBe('init');
  });

  test('task names: [a-z][a-z0-9_]*', () => {
    expect(parseScenario('child_2: id').steps[0]?.actor).toBe('child_2');
  });

  test('read uid_map <task> is op read', () => {
    const s = parseScenario('a: read uid_map b => 0 0 1\na: read gid_map a => -');
    expect(s.steps.map((x) => [x.op, x.args])).toEqual([
      ['read', ['uid_map', 'b']],
      ['read', ['gid_map', 'a']],
    ]);
  });

  test('headers: @title, @about (repeatable), @needs; values are literal', () => {
    const s = parseScenario('@title: issue #12: uts\n@about: first line\n@about: second # line\n@needs: user, net\n@needs: user,uts\ninit: id');
    expect(s.title).toBe('issue #12: uts');
    expect(s.about).toBe('first line\nsecond # line');
    expect(s.needs).toEqual(['user', 'net', 'uts']);
    expect(s.needsOps).toEqual([]);
    expect(s.headers.map((h) => [h.key, h.value, h.line])).toEqual([
      ['title', 'issue #12: uts', 1],
      ['about', 'first line', 2],
      ['about', 'second # line', 3],
      ['needs', 'user, net', 4],
      ['needs', 'user,uts', 5],
    ]);
  });

  test('@needs: - or nothing means none; op names are kept apart', () => {
    expect(parseScenario('@needs: -\ninit: id').needs).toEqual([]);
    expect(parseScenario('@needs:\ninit: id').needs).toEqual([]);
    const s = parseScenario('@needs: net, veth\ninit: id');
    expect(s.needs).toEqual(['net']);
    expect(s.needsOps).toEqual(['veth']);
  });

  test('@road: roads not taken the loaded areas know, comma-joined, repeatable, each once', () => {
    const roads = ['nsproxy-ids', 'socketat', 'setns-nstype-fd'];
    const s = parseScenario('@road: nsproxy-ids, socketat\n@road: socketat,setns-nstype-fd\ninit: id', 'r.nss', { roads });
    expect(s.roads).toEqual(['nsproxy-ids', 'socketat', 'setns-nstype-fd']);
    expect(s.headers.map((h) => h.key)).toEqual(['road', 'road']);
    expect(parseScenario('init: id').roads).toEqual([]);
  });

  test('@road: an unknown, empty or misspelt road is a parse error naming the file and line', () => {
    const roads = ['nsproxy-ids', 'socketat'];
    const err = (source: string, opts = { roads }): string => {
      try {
        parseScenario(source, 'r.nss', opts);
      } catch (e) {
        return (e as Error).message;
      }
      return 'parsed';
    };
    expect(err('# x\n@road: nsproxy-id\ninit: id')).toBe("r.nss:2:8: @road: unknown road 'nsproxy-id' (did you mean 'nsproxy-ids'?) (roads: nsproxy-ids socketat)");
    expect(err('@road: socketat, pidfd-open\ninit: id')).toBe("r.nss:1:18: @road: unknown road 'pidfd-open' (roads: nsproxy-ids socketat)");
    expect(err('@road:\ninit: id')).toBe('r.nss:1:7: @road: needs a road name (roads: nsproxy-ids socketat)');
    expect(err('@road: socketat,,nsproxy-ids\ninit: id')).toBe("r.nss:1:17: empty item in @road 'socketat,,nsproxy-ids'");
    // Without the areas' roads (the default), every road is unknown.
    expect(err('@road: socketat\ninit: id', { roads: [] })).toBe("r.nss:1:8: @road: unknown road 'socketat' (roads: none)");
    expect(err('init: id\n@road: socketat')).toBe('r.nss:2:1: header after the first step (headers come before the first step)');
  });

  test('@about may be empty; comments and blank lines may come between headers', () => {
    const s = parseScenario('# intro\n@about:\n\n@title: t\ninit: id');
    expect(s.about).toBe('');
    expect(s.title).toBe('t');
  });

  test('any other @key: value header is accepted and kept (the format welcomes new headers)', () => {
    const s = parseScenario('@kernel: >=6.18\n@title: t\n@Peer-Case: 142 # literal\n@x.y:\n@titel: a typo is just another header\n@kernel: again\ninit: id', 'x.nss');
    expect(s.title).toBe('t');
    expect(s.headers).toEqual([
      { key: 'kernel', value: '>=6.18', line: 1 },
      { key: 'title', value: 't', line: 2 },
      { key: 'Peer-Case', value: '142 # literal', line: 3 },
      { key: 'x.y', value: '', line: 4 },
      { key: 'titel', value: 'a typo is just another header', line: 5 },
      { key: 'kernel', value: 'again', line: 6 },
    ]);
    expect([s.needs, s.needsOps, s.about]).toEqual([[], [], undefined]);
  });

  test('an unknown header still comes only before the first step, and needs a name and a colon', () => {
    expect(errorOf('init: id\n@kernel: 6.18')).toBe('t.nss:2:1: header after the first step (headers come before the first step)');
    expect(errorOf('@kernel 6.18')).toBe("t.nss:1:9: expected ':' after the header name '@kernel'");
  });
});

describe('parseScenario: uses, the namespace types the steps name', () => {
  test('types, type lists, ns files (the *_for_children files count as their type), in order of first appearance', () => {
    const s = parseScenario(`@needs: user
init: clone a net,uts => 2
init: unshare - => ok
init: ns cgroup => cgroup:1
a: setns init ipc any => ok
a: setns-pidfd init uts,user => ok
a: open init time_for_children ft => ok
a: nsof init pid_for_children => pid:1
a: setns-fd ft any => ok
a: setns-fd ft mnt => ok
a: pin init net /tmp/nss/n => ok
a: setns-path /tmp/nss/n any => ok
a: ioctl ft NS_GET_NSTYPE => time
a: hostname => nsproxy
`);
    expect(s.uses).toEqual(['net', 'uts', 'cgroup', 'ipc', 'user', 'time', 'pid', 'mnt']);
    expect(s.needs).toEqual(['user']);
  });

  test('none when no step names a type', () => {
    expect(parseScenario('@needs: uts\ninit: clone a -\ninit: hostname').uses).toEqual([]);
  });

  test('ops of an extended table count by their argument kinds', () => {
    const ops = extendOps(FORMAT_OPS, [{ name: 'enter', usage: 'enter <types> <file>', min: 2, max: 2, args: ['types', 'nsfile'], group: 'test' }]);
    expect(parseScenario('init: enter net,ipc time_for_children', 'x.nss', { ops }).uses).toEqual(['net', 'ipc', 'time']);
  });

  test('stepTypes and argTypes', () => {
    expect(stepTypes({ op: 'setns-pidfd', args: ['a', 'uts,pid'] })).toEqual(['uts', 'pid']);
    expect(stepTypes({ op: 'clone', args: ['a', '-'] })).toEqual([]);
    expect(stepTypes({ op: 'nosuchop', args: ['net'] })).toEqual([]);
    expect(argTypes('nsfile', 'pid_for_children')).toEqual(['pid']);
    expect(argTypes('typeOrAny', 'any')).toEqual([]);
    expect(argTypes('word', 'net')).toEqual([]);
  });
});

describe('parseScenario: every op of the format, with its arguments', () => {
  const valid = [
    'clone a uts,net', 'clone a -', 'unshare user', 'unshare -', 'clone a - fs,files', 'clone a pid parent', 'clone a ipc sysvsem',
    'clone a - sighand', 'clone a user thread,sighand,vm', 'clone a - sighand,vm,clear_sighand', 'clone a - 0x11', 'clone a uts 0x400000000',
    'unshare - files', 'unshare user thread,sighand,vm', 'unshare - parent,0x400000', 'thread t', 'thread t sighand,vm', 'ns uts', 'ns pid_for_children', 'ns time_for_children',
    'nsof a net', 'setns a uts', 'setns a uts any', 'setns-pidfd a uts,pid', 'open a uts fa', 'open a pid_for_children fp',
    'setns-fd fa', 'setns-fd fa uts', 'setns-fd fa any', 'close fa', 'fdns fa', 'ioctl fa NS_GET_USERNS fu',
    'ioctl fa NS_GET_PARENT fp', 'ioctl fa NS_GET_NSTYPE', 'ioctl fa NS_GET_OWNER_UID', 'pin a net /tmp/nss/n',
    'setns-path /tmp/nss/n', 'setns-path /tmp/nss/n net', 'setns-path /tmp/nss/n any', 'nspath /tmp/nss/n', 'exit', 'exit 3',
    'alive a', 'id', 'caps', 'setuid 0', 'setgid 1000', 'uid_map a "0 1000 1"', 'gid_map a "0 1000 1;1 0 1"',
    'setgroups a allow', 'setgroups a deny', 'read uid_map a', 'read gid_map a', 'projid_map a "0 0 1" rdwr', 'setgroups-call 0*3,5',
    'ipcctl shm 0 99', 'sethostname alpha', 'setdomainname beta',
    'hostname', 'domainname', 'shmget 1', 'shmget 0x10 create', 'msgget 2 create', 'semget -1', 'ipcs shm', 'ipcs msg',
    'ipcs sem', 'shmget IPC_PRIVATE create', 'ipcrm shm 32768', 'ipcstat sem 0', 'mq_open /q', 'mq_open /q create',
    'mq_open /q excl', 'mq_unlink /q', 'sysctl kernel.shmmni', 'sysctl kernel.sem "1 2 3 4"', 'msgsnd 0 1 5', 'msgsnd 0 1 11 "My message!"',
    'msgrcv 0 64 0', 'msgrcv 0 64 -2 noerror', 'msgrcv 0 64 1 copy noerror', 'semop 0 0:1', 'semop 0 0:-1,1:0', 'semop 0 -', 'getpid', 'getppid', 'pid a', 'kill a SIGKILL', 'kill a SIGTERM', 'pdeathsig SIGKILL', 'pdeathsig 0', 'pdeathsig 65', 'pdeathsig -1',
    'kill -1 SIGTERM', 'kill 5 65', 'kill a 0x40', 'sigaction SIGUSR1 handle', 'sigaction 64 default', 'sigaction -1 ignore', 'caught',
    'pidfd-open a f', 'pidfd-open -1 f 0x800', 'pidfd-send f SIGKILL', 'pidfd-send f 0 2', 'wait -1', 'wait a', 'prctl PR_SET_DUMPABLE 2', 'prctl PR_GET_DUMPABLE',
    'capset 0 0 0', 'capset 0x1ffffffffff 0x1ffffffffff 0x400', 'prctl PR_GET_SECUREBITS', 'prctl PR_SET_SECUREBITS 0x2f', 'prctl PR_SET_KEEPCAPS 1',
    'prctl PR_SET_NO_NEW_PRIVS 1', 'prctl PR_CAPBSET_DROP 40', 'prctl PR_CAP_AMBIENT_RAISE 10', 'prctl PR_CAP_AMBIENT_CLEAR_ALL',
    'chown /tmp/nss/f 1000 -1', 'owner /tmp/nss/f', 'route-change 10.1.0.0/24 v0', 'mkdir /tmp/nss/a', 'mount tmpfs /tmp/nss/a',
    // Roads pid-unshare-self and userns-2007 (simulated only).
    'setsid', 'users', 'fsetown fa a', 'sigio fa', 'mount-share-ns /tmp/nss/a /tmp/nss/b',
    // Roads nsproxy-ids, setns-nstype-fd and socketat.
    'unshare_ns uts,ipc', 'bind_ns 5 -', 'bind_ns -2 uts', 'nsproxy-id', 'setns-nstype uts fa', 'setns-nstype any fa', 'socketat fa tcp s',
    'mount bind /tmp/nss/a /tmp/nss/b', 'mount rbind /tmp/nss/a /tmp/nss/b', 'umount /tmp/nss/a', 'umount-lazy /tmp/nss/a',
    'make-shared /tmp/nss', 'make-private /tmp/nss', 'make-slave /tmp/nss', 'make-unbindable /tmp/nss',
    'make-rshared /tmp/nss', 'make-rprivate /tmp/nss', 'make-rslave /tmp/nss', 'mounted /tmp/nss/a', 'propagation /tmp/nss/a',
    'mount proc /tmp/nss/p', 'mount move /tmp/nss/a /tmp/nss/b', 'make-runbindable /tmp/nss', 'remount /tmp/nss/a ro,nosuid',
    'remount /tmp/nss/a rw', 'mount-opts /tmp/nss/a', 'mounts /tmp/nss', 'touch /tmp/nss/f', 'exists /proc/self', 'chdir .',
    'chroot /tmp/nss/a', 'pivot-root . .', 'readlink /tmp/nss/p/self', 'pids /tmp/nss/p', 'nspid /tmp/nss/p/self', 'cat /tmp/nss/p/1/uid_map',
    'links', 'veth v0 v1', 'link-netns v1 a', 'link-up lo', 'link-down lo', 'link-state lo', 'bind tcp 80 s', 'bind udp 0 s',
    'close-sock s', 'bind tcp 80 s 10.0.0.1', 'link-del v0', 'link-netns-pid v1 a', 'link-carrier v0', 'ifindex lo', 'addr-add v0 10.0.0.1/24',
    'addrs v0', 'route-add default 10.0.0.2', 'routes', 'listen s', 'connect tcp 10.0.0.2 80 c', 'accept s c', 'send c hi', 'recv c', 'sockns s',
    'addr-del v0 10.0.0.1/24', 'route-add 10.1.0.0/16 10.0.0.2', 'route-add-dev 10.2.0.0/24 v0', 'route-del default', 'route-get 10.0.0.9', 'routes-local',
    'link-operstate v0', 'link-mtu v0 9000', 'nsid-set a -1', 'nsid a', 'nsids',
    'timens-offsets a', 'timens-offset a monotonic 3600 0', 'timens-offset a realtime -1 1000000000', 'timens-write a "1 10 0;7 20 0"',
    'timens-write a ""', 'clock monotonic', 'clock tai',
    'cgroup-mkdir /a', 'cgroup-rmdir /a/b', 'cgroup-move a /', 'cgroup-of a', 'cgroup-procs /a', 'clone-into b uts,cgroup /a',
    'cgroup-open /a fa', 'cgroup-mkdirat fa "x;y"', 'clone-into-fd b - fa', 'cgroup-write /a " +0x1 "',
    'fstat fa', 'open a uts fw wronly', 'open a uts fw rdwr', 'ioctl fa NS_GET_ID', 'ioctl fa NS_GET_PID_FROM_PIDNS 1', 'ioctl fa NS_GET_TGID_IN_PIDNS -1',
    'mount cgroup2 /tmp/nss/cg', 'mount-root /tmp/nss/cg',
  ];

  test.each(valid)('init: %s', (step) => {
    expect(() => parseScenario(`init: ${step}`)).not.toThrow();
  });

  test('the table holds exactly the ops of the format', () => {
    const names = new Set(valid.map((v) => v.split(' ')[0]));
    expect([...FORMAT_OPS.keys()].sort()).toEqual([...names].sort());
  });

  test('the table is extensible', () => {
    const ops = extendOps(FORMAT_OPS, [{ name: 'sleep', usage: 'sleep <ms>', min: 1, max: 1, args: ['int'], group: 'test' }]);
    expect(parseScenario('init: sleep 10', 'x.nss', { ops }).steps[0]?.op).toBe('sleep');
    expect(() => parseScenario('init: sleep 10')).toThrow(/unknown op 'sleep'/);
    expect(() => defineOps([{ name: 'bad', usage: 'bad', min: 2, max: 1, args: ['int'], group: 'x' }])).toThrow(/op table/);
  });

  test('custom argument rules', () => {
    const ops = extendOps(FORMAT_OPS, [
      { name: 'even', usage: 'even <n>', min: 1, max: 1, group: 'test', args: [{ describe: 'an even number', validate: (v) => (Number(v) % 2 === 0 ? undefined : { message: `'${v}' is odd` }) }] },
    ]);
    expect(() => parseScenario('init: even 2', 'x.nss', { ops })).not.toThrow();
    expect(() => parseScenario('init: even 3', 'x.nss', { ops })).toThrow("x.nss:1:12: even: '3' is odd (usage: even <n>)");
  });

  test('the format sections list every op of the format, and only those (the extensions are no section\'s)', () => {
    const extensions = [
      'ipcrm', 'ipcstat', 'ipcctl', 'mq_open', 'mq_unlink', 'sysctl', 'msgsnd', 'msgrcv', 'semop', 'make-runbindable', 'remount', 'mount-opts',
      'mounts', 'touch', 'exists', 'chdir', 'chroot', 'pivot-root', 'readlink', 'pids', 'nspid', 'cat', 'link-del', 'link-netns-pid',
      'link-carrier', 'ifindex', 'addr-add', 'addrs', 'route-add', 'routes', 'addr-del', 'route-add-dev', 'route-del', 'route-get', 'routes-local',
      'link-operstate', 'link-mtu', 'nsid-set', 'nsid', 'nsids', 'listen', 'connect', 'accept', 'send', 'recv', 'sockns',
      'mount-root', 'timens-offsets', 'timens-offset', 'timens-write', 'clock', 'cgroup-mkdir', 'cgroup-rmdir', 'cgroup-move', 'cgroup-of',
      'cgroup-procs', 'clone-into', 'pdeathsig', 'capset', 'prctl', 'projid_map', 'setgroups-call', 'chown', 'owner', 'route-change', 'thread',
      'sigaction', 'caught', 'pidfd-open', 'pidfd-send', 'wait',
      // nsfs and cgroup directory fds.
      'fstat', 'cgroup-open', 'cgroup-mkdirat', 'clone-into-fd', 'cgroup-write',
      // Roads pid-unshare-self and userns-2007.
      'setsid', 'users', 'fsetown', 'sigio', 'mount-share-ns',
      // Roads nsproxy-ids, setns-nstype-fd and socketat.
      'unshare_ns', 'bind_ns', 'nsproxy-id', 'setns-nstype', 'socketat',
    ];
    const sectioned = Object.values(FORMAT_SECTIONS).flatMap((s) => s.ops);
    expect(new Set(sectioned).size).toBe(sectioned.length);
    expect([...sectioned, ...extensions].sort()).toEqual([...FORMAT_OPS.keys()].sort());
    expect(formatSectionOf('mount')).toBe('mnt');
    expect(formatSectionOf('veth')).toBe('net');
    expect(formatSectionOf('clone')).toBe('tasks');
    expect(formatSectionOf('ipcrm')).toBeUndefined();
  });

  test('an op of a format section that no loaded area provides says which section, and where to add an area', () => {
    const ops = defineOps([...FORMAT_OPS.values()].filter((s) => !FORMAT_SECTIONS['mnt']?.ops.includes(s.name)));
    expect(() => parseScenario('init: mount tmpfs /tmp/nss/a', 'm.nss', { ops })).toThrow(
      "m.nss:1:7: op 'mount' is in the mnt section of the format; no loaded scenario area provides mnt",
    );
    expect(() => parseScenario('init: mount tmpfs /tmp/nss/a', 'm.nss', { ops, areaHint: 'add one in nsproxy.config.ts' })).toThrow(
      "m.nss:1:7: op 'mount' is in the mnt section of the format; no loaded scenario area provides mnt (add one in nsproxy.config.ts)",
    );
    // Without any table, every op is unknown: the tasks section too.
    expect(() => parseWith('init: clone a uts', 'e.nss')).toThrow("e.nss:1:7: op 'clone' is in the tasks section of the format; no loaded scenario area provides tasks");
    expect(() => parseWith('init: frobnicate', 'e.nss')).toThrow("e.nss:1:7: unknown op 'frobnicate'");
  });

  test('a namespace type no loaded area knows: the error names where to add an area', () => {
    const areaHint = 'add one in /x/nsproxy.config.ts';
    expect(() => parseScenario('init: clone a uts,hostid', 'h.nss', { areaHint })).toThrow(
      "h.nss:1:19: clone: unknown namespace type 'hostid' (types: cgroup ipc mnt net pid time user uts; '-' for none) (usage: clone <name> <types> [<flags>]); no loaded scenario area provides namespace type 'hostid' (add one in /x/nsproxy.config.ts)",
    );
    expect(() => parseScenario('init: ns hostid', 'h.nss', { areaHint })).toThrow(/no loaded scenario area provides namespace type 'hostid' \(add one in \/x\/nsproxy\.config\.ts\)$/);
    expect(() => parseScenario('@needs: hostid\ninit: id', 'h.nss', { areaHint })).toThrow(
      "h.nss:1:9: @needs: unknown namespace type or op 'hostid' (types: cgroup ipc mnt net pid time user uts); no loaded scenario area provides namespace type or op 'hostid' (add one in /x/nsproxy.config.ts)",
    );
    // With the type among the known ones, it parses and names it.
    const types = [...NAMESPACE_TYPES, 'hostid'];
    expect(parseScenario('@needs: hostid\ninit: clone a hostid', 'h.nss', { types, areaHint }).uses).toEqual(['hostid']);
    // A type of the format that no backend has is still a skip, not an error (net: the runner's business).
    expect(parseScenario('init: clone a net', 'n.nss', { areaHint }).uses).toEqual(['net']);
  });

  test('namespace types are the kernel names', () => {
    expect(NAMESPACE_TYPES).toEqual(['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts']);
  });
});

describe('parseScenario: errors name the file, the line and the column', () => {
  test('ScenarioSyntaxError carries file, line, column and reason', () => {
    let caught: unknown;
    try {
      parseScenario('# x\n\ninit: id\ninit: sethostname "abc', 'corpus/uts/x.nss');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioSyntaxError);
    const e = caught as ScenarioSyntaxError;
    expect(e.message).toBe('corpus/uts/x.nss:4:19: unterminated string');
    expect([e.file, e.line, e.column, e.reason, e.name]).toEqual(['corpus/uts/x.nss', 4, 19, 'unterminated string', 'ScenarioSyntaxError']);
  });

  test('the default file name', () => {
    expect(() => parseScenario('init: clon')).toThrow(/^<input>:1:7: /);
  });

  test.each([
    // strings
    ['init: sethostname "abc', 't.nss:1:19: unterminated string'],
    ['init: sethostname "abc\\', 't.nss:1:19: unterminated string'],
    ['init: sethostname "a\\nb"', 't.nss:1:21: unknown escape \'\\n\' in a quoted string (only \\" and \\\\)'],
    ['init: sethostname a"b"', 't.nss:1:20: unexpected quote inside a word (quote the whole argument)'],
    ['init: sethostname "a"b', 't.nss:1:22: expected a blank after the closing quote'],
    // actor and colon
    ['Init: id', "t.nss:1:1: invalid task name 'Init' (task names are [a-z][a-z0-9_]*; a step is 'actor: op args')"],
    ['2a: id', "t.nss:1:1: invalid task name '2a' (task names are [a-z][a-z0-9_]*; a step is 'actor: op args')"],
    [': id', "t.nss:1:1: expected a task name before ':'"],
    ['init id', "t.nss:1:6: expected ':' after the task name 'init'"],
    ['init', "t.nss:1:5: expected ':' after the task name 'init'"],
    // op
    ['init:', "t.nss:1:6: expected an op after 'init:'"],
    ['init:   # only a comment', "t.nss:1:6: expected an op after 'init:'"],
    ['init: => ok', "t.nss:1:7: expected an op after 'init:'"],
    ['init: "id"', 't.nss:1:7: expected an op name, found a quoted string'],
    ['init: clon a uts', "t.nss:1:7: unknown op 'clon' (did you mean 'clone'?)"],
    ['init: frobnicate', "t.nss:1:7: unknown op 'frobnicate'"],
    // argument counts
    ['init: clone a', 't.nss:1:14: missing argument for clone: expected 2 to 3 arguments, got 1 (usage: clone <name> <types> [<flags>])'],
    // clone's and unshare's flags: words, raw bits that Linux refuses, and no clone sharing the actor's memory
    ['init: clone a - fs,fz', "t.nss:1:20: clone: expected flag words (vm fs files sighand parent thread sysvsem clear_sighand) or 0x bits, found 'fz' (usage: clone <name> <types> [<flags>])"],
    ['init: clone a - fs,fs', "t.nss:1:20: clone: flag 'fs' listed twice (usage: clone <name> <types> [<flags>])"],
    ['init: unshare - 0x100', "t.nss:1:17: unshare: raw bits 0x100 must be bits that Linux refuses in any call: the exit-signal bits 0x7f, CLONE_DETACHED 0x400000 or unknown bits 0x400000000..0x10000000000000 (a known flag is written as its word) (usage: unshare <types> [<flags>])"],
    ['init: clone a - 0x80', "t.nss:1:17: clone: raw bits 0x80 must be bits that Linux refuses in any call: the exit-signal bits 0x7f, CLONE_DETACHED 0x400000 or unknown bits 0x400000000..0x10000000000000 (a known flag is written as its word) (usage: clone <name> <types> [<flags>])"],
    ['init: clone a - vm', "t.nss:1:17: a clone with vm, sighand or thread is only written where Linux refuses its flags (e.g. thread without sighand, sighand without vm): otherwise it makes a task sharing its creator's memory, and a task of the format is a process"],
    ['init: clone a - thread,sighand,vm', "t.nss:1:17: a clone with vm, sighand or thread is only written where Linux refuses its flags (e.g. thread without sighand, sighand without vm): otherwise it makes a task sharing its creator's memory, and a task of the format is a process"],
    ['init: exit 1 2', 't.nss:1:14: too many arguments for exit: expected at most 1 argument, got 2 (usage: exit [<code>])'],
    ['init: hostname x', 't.nss:1:16: too many arguments for hostname: expected 0 arguments, got 1 (usage: hostname)'],
    ['init: setns a uts any x', 't.nss:1:23: too many arguments for setns: expected 2 to 3 arguments, got 4 (usage: setns <task> <type> [any])'],
    // fixed words
    ['init: setgroups a alow rw', "t.nss:1:24: setgroups: expected rdonly|wronly|rdwr, found 'rw' (usage: setgroups <task> allow|deny|<text> [rdonly|wronly|rdwr])"],
    ['init: ipcs shn', "t.nss:1:12: ipcs: expected shm|msg|sem, found 'shn' (usage: ipcs shm|msg|sem)"],
    ['init: ioctl fa NS_GET_TYPE', "t.nss:1:16: ioctl: expected NS_GET_USERNS|NS_GET_PARENT|NS_GET_NSTYPE|NS_GET_OWNER_UID|NS_GET_PID_FROM_PIDNS|NS_GET_TGID_FROM_PIDNS|NS_GET_PID_IN_PIDNS|NS_GET_TGID_IN_PIDNS|NS_GET_ID, found 'NS_GET_TYPE' (usage: ioctl <fd> <request> [<newfd>|<pid>])"],
    ['init: ioctl fa NS_GET_PID_IN_PIDNS', 't.nss:1:35: ioctl NS_GET_PID_IN_PIDNS needs a pid (ioctl <fd> NS_GET_PID_IN_PIDNS <pid>)'],
    ['init: ioctl fa NS_GET_PID_IN_PIDNS p', "t.nss:1:36: ioctl NS_GET_PID_IN_PIDNS: expected an integer, found 'p'"],
    ['init: ioctl fa NS_GET_ID x', 't.nss:1:26: ioctl NS_GET_ID keeps no fd (ioctl <fd> NS_GET_ID)'],
    ['init: open a uts fa rw', "t.nss:1:21: open: expected wronly|rdwr, found 'rw' (usage: open <task> <file> <fd> [wronly|rdwr])"],
    ['init: cgroup-mkdirat fa a/b', "t.nss:1:25: cgroup-mkdirat: expected a cgroup name (1 to 64 characters, no '/', not '.' or '..'), found 'a/b' (usage: cgroup-mkdirat <fd> <name>)"],
    ['init: ioctl fa NS_GET_USERNS', 't.nss:1:29: ioctl NS_GET_USERNS needs a name for the new fd (ioctl <fd> NS_GET_USERNS <newfd>)'],
    ['init: ioctl fa NS_GET_NSTYPE fb', 't.nss:1:30: ioctl NS_GET_NSTYPE keeps no fd (ioctl <fd> NS_GET_NSTYPE)'],
    ['init: prctl PR_SET_KEEPCAPS', 't.nss:1:28: prctl PR_SET_KEEPCAPS needs an argument (prctl PR_SET_KEEPCAPS <n>)'],
    ['init: prctl PR_GET_KEEPCAPS 1', 't.nss:1:29: prctl PR_GET_KEEPCAPS takes no argument (prctl PR_GET_KEEPCAPS)'],
    ['init: prctl PR_SET_KEEPCAPS 0x10000000000000000', 't.nss:1:29: prctl: 0x10000000000000000 does not fit in unsigned long (64 bits: -9223372036854775808..18446744073709551615); C would need a cast, and (unsigned long)0x10000000000000000 is 0 (usage: prctl <option> [<n>])'],
    ['init: pdeathsig SIGNOPE', "t.nss:1:17: pdeathsig: expected a signal name such as SIGKILL or a number, found 'SIGNOPE' (usage: pdeathsig <SIGNAME>|<n>)"],
    ['init: chown /etc/passwd 0 0', "t.nss:1:13: chown: path '/etc/passwd' is not under /tmp/nss (every path a mount op names lies under /tmp/nss) (usage: chown <path> <uid> <gid>)"],
    ['init: read uidmap a', "t.nss:1:12: read: expected uid_map|gid_map|projid_map|setgroups, found 'uidmap' (usage: read uid_map|gid_map|projid_map|setgroups <task> [rdonly|wronly|rdwr])"],
    ['init: setns a uts all', "t.nss:1:19: setns: expected any, found 'all' (usage: setns <task> <type> [any])"],
    ['init: shmget 1 creat', "t.nss:1:16: shmget: expected -|create|excl, found 'creat' (usage: shmget <key> [create|excl|-] [<size>])"],
    ['init: mount sysfs /tmp/nss/a', "t.nss:1:13: mount: expected tmpfs|proc|cgroup2|bind|rbind|move, found 'sysfs' (usage: mount tmpfs|proc|cgroup2|bind|rbind|move <path> [<dst>])"],
    ['init: remount /tmp/nss/a ro,rw', "t.nss:1:29: remount: expected rw, or a comma list of ro, nosuid, nodev, noexec, found 'rw' (usage: remount <path> <flags>)"],
    ['init: pivot-root new old', "t.nss:1:18: pivot-root: expected an absolute path or '.', found 'new' (usage: pivot-root <new> <old>)"],
    ['init: mount tmpfs /tmp/nss/a /tmp/nss/b', 't.nss:1:30: mount tmpfs takes one path (mount tmpfs <path>)'],
    ['init: mount bind /tmp/nss/a', 't.nss:1:28: mount bind takes a source and a target (mount bind <src> <dst>)'],
    ['init: bind sctp 80 s', "t.nss:1:12: bind: expected tcp|udp, found 'sctp' (usage: bind tcp|udp <port> <sock> [<addr>])"],
    ['init: msgrcv 0 64 0 noerror noerror', "t.nss:1:29: msgrcv flag 'noerror' given twice"],
    ['init: semop 0 0:1,1', "t.nss:1:19: semop: expected a semaphore operation <num>:<op> (e.g. 0:-1), found '1' (usage: semop <id> <num>:<op>[,<num>:<op>...] [undo])"],
    // argument kinds
    ['init: clone a uts,usr', "t.nss:1:19: clone: unknown namespace type 'usr' (types: cgroup ipc mnt net pid time user uts; '-' for none) (usage: clone <name> <types> [<flags>])"],
    ['init: clone a uts,,net', "t.nss:1:19: clone: empty item in the type list 'uts,,net' (usage: clone <name> <types> [<flags>])"],
    ['init: unshare uts,uts', "t.nss:1:19: unshare: namespace type 'uts' listed twice (usage: unshare <types> [<flags>])"],
    ['init: clone A uts', "t.nss:1:13: clone: invalid task name 'A' (task names are [a-z][a-z0-9_]*) (usage: clone <name> <types> [<flags>])"],
    ['init: setns a pid_for_children', "t.nss:1:15: setns: unknown namespace type 'pid_for_children' (types: cgroup ipc mnt net pid time user uts) (usage: setns <task> <type> [any])"],
    ['init: ns utc', "t.nss:1:10: ns: unknown ns file 'utc' (a type, pid_for_children or time_for_children) (usage: ns <file>)"],
    ['init: setuid root', "t.nss:1:14: setuid: expected an integer, found 'root' (usage: setuid <n>)"],
    ['init: kill a SIGKIL', "t.nss:1:14: kill: unknown signal 'SIGKIL' (e.g. SIGKILL, SIGTERM, or a number) (usage: kill <task>|<pid> <SIGNAME>|<n>)"],
    ['init: bind tcp 70000 s', "t.nss:1:16: bind: expected a port 0..65535, found '70000' (usage: bind tcp|udp <port> <sock> [<addr>])"],
    ['init: mkdir /etc/x', "t.nss:1:13: mkdir: path '/etc/x' is not under /tmp/nss (every path a mount op names lies under /tmp/nss) (usage: mkdir <path>)"],
    ['init: mkdir /tmp/nss/../etc', "t.nss:1:13: mkdir: path '/tmp/nss/../etc' is not under /tmp/nss (every path a mount op names lies under /tmp/nss) (usage: mkdir <path>)"],
    ['init: nspath rel/p', "t.nss:1:14: nspath: expected an absolute path, found 'rel/p' (usage: nspath <path>)"],
    ['init: open a uts "f a"', "t.nss:1:18: open: invalid name 'f a' (a kept fd or socket name is one word) (usage: open <task> <file> <fd> [wronly|rdwr])"],
    // time
    ['init: clock uptime', "t.nss:1:13: clock: expected realtime|monotonic|monotonic_raw|realtime_coarse|monotonic_coarse|boottime|tai, found 'uptime' (usage: clock <clock>)"],
    ['init: timens-offset a monotonic 1.5 0', "t.nss:1:33: timens-offset: expected decimal seconds, found '1.5' (usage: timens-offset <task> <clock> <secs> <nsecs>)"],
    // expectations
    ['init: id => ok => ok', "t.nss:1:16: a second '=>' in the step"],
    ['init: id =>', "t.nss:1:10: expected a result after '=>'"],
    ['init: id =>   # nothing', "t.nss:1:10: expected a result after '=>'"],
    ['init: id =>#x', "t.nss:1:10: expected a result after '=>'"],
    // headers
    ['init: id\n@title: late', 't.nss:2:1: header after the first step (headers come before the first step)'],
    ['@title x', "t.nss:1:8: expected ':' after the header name '@title'"],
    ['@: x', "t.nss:1:2: expected a header name after '@' (e.g. @title:)"],
    ['@title: a\n@title: b', 't.nss:2:1: @title given twice'],
    ['@title:   ', 't.nss:1:11: @title is empty'],
    ['@needs: user, usr', "t.nss:1:15: @needs: unknown namespace type or op 'usr' (did you mean 'user'?) (types: cgroup ipc mnt net pid time user uts)"],
    ['@needs: user,,net', "t.nss:1:14: empty item in @needs 'user,,net'"],
    // integers: each argument against the C type the system call receives
    ['init: setuid 0xffffffffffffffffffff', 't.nss:1:14: setuid: 0xffffffffffffffffffff does not fit in uid_t (32 bits: -2147483648..4294967295); C would need a cast, and (uid_t)0xffffffffffffffffffff is 4294967295 (usage: setuid <n>)'],
    ['init: setuid 0x100000000', 't.nss:1:14: setuid: 0x100000000 does not fit in uid_t (32 bits: -2147483648..4294967295); C would need a cast, and (uid_t)0x100000000 is 0 (usage: setuid <n>)'],
    ['init: setgid -2147483649', 't.nss:1:14: setgid: -2147483649 does not fit in gid_t (32 bits: -2147483648..4294967295); C would need a cast, and (gid_t)-2147483649 is 2147483647 (usage: setgid <n>)'],
    ['init: exit 4294967296', 't.nss:1:12: exit: 4294967296 does not fit in int (32 bits: -2147483648..4294967295); C would need a cast, and (int)4294967296 is 0 (usage: exit [<code>])'],
    ['init: shmget 0x1deadbeef', 't.nss:1:14: shmget: 0x1deadbeef does not fit in key_t (32 bits: -2147483648..4294967295); C would need a cast, and (key_t)0x1deadbeef is -559038737 (usage: shmget <key> [create|excl|-] [<size>])'],
    ['init: ipcrm shm 99999999999', 't.nss:1:17: ipcrm: 99999999999 does not fit in int (32 bits: -2147483648..4294967295); C would need a cast, and (int)99999999999 is 1215752191 (usage: ipcrm shm|msg|sem <id>)'],
    ['init: msgsnd 0 0x10000000000000001 8', 't.nss:1:16: msgsnd: 0x10000000000000001 does not fit in long (64 bits: -9223372036854775808..18446744073709551615); C would need a cast, and (long)0x10000000000000001 is 1 (usage: msgsnd <id> <mtype> <size> [<text>])'],
    ['init: msgrcv 0 -9223372036854775809 1', 't.nss:1:16: msgrcv: -9223372036854775809 does not fit in size_t (64 bits: -9223372036854775808..18446744073709551615); C would need a cast, and (size_t)-9223372036854775809 is 9223372036854775807 (usage: msgrcv <id> <size> <msgtyp> [noerror|except|copy]...)'],
    ['init: semop 0 0:1,70000:0', "t.nss:1:19: semop: semaphore operation '70000:0': sem_num 70000 does not fit in unsigned short (16 bits: -32768..65535); C would need a cast, and (unsigned short)70000 is 4464 (usage: semop <id> <num>:<op>[,<num>:<op>...] [undo])"],
    // what the user typed is shown escaped, never as something that looks like another word
    ['init: cl\u0000one a uts', "t.nss:1:7: unknown op 'cl\\x00one'"],
    ['init: clone\u200b a uts', "t.nss:1:7: unknown op 'clone\\u{200b}'"],
    ['init: cl\\x00one a uts', "t.nss:1:7: unknown op 'cl\\\\x00one'"],
    ['in\u0001it: id', "t.nss:1:1: invalid task name 'in\\x01it' (task names are [a-z][a-z0-9_]*; a step is 'actor: op args')"],
    ['init: clone a\u001b[2J uts', "t.nss:1:13: clone: invalid task name 'a\\x1b[2J' (task names are [a-z][a-z0-9_]*) (usage: clone <name> <types> [<flags>])"],
    ['init: clone a uts,us\u0000r', "t.nss:1:19: clone: unknown namespace type 'us\\x00r' (types: cgroup ipc mnt net pid time user uts; '-' for none) (usage: clone <name> <types> [<flags>])"],
    ['init: kill a SIGKIL\u0007', "t.nss:1:14: kill: unknown signal 'SIGKIL\\x07' (e.g. SIGKILL, SIGTERM, or a number) (usage: kill <task>|<pid> <SIGNAME>|<n>)"],
    ['@needs: us\u0000er', "t.nss:1:9: @needs: unknown namespace type or op 'us\\x00er' (types: cgroup ipc mnt net pid time user uts)"],
    ['@ti\u0000tle x', "t.nss:1:9: expected ':' after the header name '@ti\\x00tle'"],
  ])('%s', (source, message) => {
    expect(errorOf(source)).toBe(message);
  });

  test('the line counts every line, comments and blanks included', () => {
    expect(errorOf('# a\n\n@title: t\ninit: id\n\n  init: clon')).toBe("t.nss:6:9: unknown op 'clon' (did you mean 'clone'?)");
  });

  test('columns count characters, not UTF-16 units', () => {
    expect(errorOf('init: sethostname "🙂" "x')).toBe('t.nss:1:23: unterminated string');
  });

  test('a quoted argument with a bad item is located at its opening quote', () => {
    expect(errorOf('init: clone a "uts,usr"')).toMatch(/^t\.nss:1:15: /);
  });
});
