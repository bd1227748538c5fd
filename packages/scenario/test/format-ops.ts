/**
 * A test fixture of the parser's and the runner's tests: an op table with
 * every op of the format, version 1 (mnt and net included), and nsproxy's
 * extension ops, written the way the scenario areas write their specs. This
 * package holds no op's spec (each lives with the package that implements it:
 * `@nsproxy/core/scenario`, `@nsproxy/<type>/scenario`, and the coming
 * `@nsproxy/mnt` and `@nsproxy/net`); `apps/cli/src/format.test.ts` checks
 * that the built-in areas' specs parse what this table parses, alike.
 */
import { IPC_CTL_COMMANDS, IPC_GET_FLAGS, MQ_OPEN_FLAGS, groupListProblem, MSGRCV_FLAG_BITS, NS_IOCTLS, OPEN_ACCMODES, PRCTL_OPTIONS, SIGACTION_WORDS, SIGNALS, cIntProblem, pdeathsigArg, pidTargetArg, prctlArgsProblem, semOpItemProblem, showWord, signalNumberArg } from '../src/contract.ts';
import { NS_TYPE_FLAGS, cloneFlagsArg, cloneFlagsProblem, cloneSharingRefusal } from '../src/contract.ts';
import { defineOps, opSpec } from '../src/ops.ts';
import type { ArgKind, OpTable } from '../src/ops.ts';

const INT_RE = /^(?:-?[0-9]+|0[xX][0-9a-fA-F]+)$/;

/** A cgroup path: `/` or `/a/b`. */
const CGROUP_PATH: ArgKind = {
  describe: 'a cgroup path seen from init\'s cgroup namespace root (/ or /a/b, names of [a-z0-9_-])',
  validate: (value) => (/^(\/|(\/[a-z0-9_-]{1,32})+)$/.test(value) ? undefined : { message: `expected a cgroup path such as / or /a/b (names of [a-z0-9_-], no '..'), found '${value}'` }),
};
/** A cgroup path below the root. */
const CGROUP_CHILD: ArgKind = {
  describe: 'a cgroup path below init\'s cgroup namespace root (/a or /a/b)',
  validate: (value) => (/^(\/[a-z0-9_-]{1,32})+$/.test(value) ? undefined : { message: `expected a cgroup path below the root such as /a or /a/b (names of [a-z0-9_-], no '..'), found '${value}'` }),
};

/** A cgroup name of cgroup-mkdirat: one component of 1 to 64 characters, `;` for a newline. */
const CGROUP_NAME: ArgKind = {
  describe: 'a cgroup name: one path component of 1 to 64 characters (no /, not . or ..); ; stands for a newline',
  validate: (value) => {
    const name = value.split(';').join('\n');
    const ok = name.length >= 1 && name.length <= 64 && !name.includes('/') && !name.includes('\0') && name !== '.' && name !== '..';
    return ok ? undefined : { message: `expected a cgroup name (1 to 64 characters, no '/', not '.' or '..'), found '${value}'` };
  },
};

/** A capability set of capset(2): 64 bits. */
const CAP_SET: ArgKind = { int: 'u64', ctype: 'kernel_cap_t' };
/** pdeathsig's argument: a signal name or an unsigned long. */
const PDEATHSIG: ArgKind = {
  describe: 'a signal name (SIGKILL) or a number (an unsigned long)',
  validate: (value) => (pdeathsigArg(value, SIGNALS) !== undefined ? undefined : { message: `expected a signal name such as SIGKILL or a number, found '${value}'` }),
};

/** A signal of the signal extension ops (@nsproxy/core): a name or a C int. */
const SIGNAL_ARG: ArgKind = {
  describe: 'a signal name (SIGKILL) or a number (an int)',
  validate: (value) => (signalNumberArg(value, SIGNALS) !== undefined ? undefined : { message: `unknown signal '${showWord(value)}' (e.g. SIGKILL, SIGTERM, or a number)` }),
};
/** A target of kill, pidfd-open and wait: a task name or a pid_t. */
const PID_TARGET: ArgKind = {
  describe: 'a task name, or a pid (a pid_t, passed as it is)',
  validate: (value) => (pidTargetArg(value) !== undefined ? undefined : { message: `expected a task name or a pid, found '${value}'` }),
};
const PIDFD_FLAGS: ArgKind = { int: 'u32', ctype: 'unsigned int' };

/** The flags of clone and unshare besides the types: flag words and refused raw bits, or `-`. */
const CLONE_FLAGS: ArgKind = {
  describe: 'clone flags (vm fs files sighand parent thread sysvsem clear_sighand, or 0x bits Linux refuses), comma-joined, or -',
  validate: (value) => (value === '-' ? undefined : cloneFlagsProblem(value)),
};

const IPC_KIND: ArgKind = { oneOf: ['shm', 'msg', 'sem'] };
/** The access mode of the user area's file ops. */
const FILE_MODE: ArgKind = { oneOf: ['rdonly', 'wronly', 'rdwr'] };
/** An ipc key: decimal, 0x-hex, or IPC_PRIVATE. */
const IPC_KEY: ArgKind = {
  describe: 'an ipc key (decimal, 0x-hex or IPC_PRIVATE)',
  validate: (value) => {
    if (value === 'IPC_PRIVATE') return undefined;
    if (!INT_RE.test(value)) return { message: `expected an ipc key (decimal, 0x-hex or IPC_PRIVATE), found '${showWord(value)}'` };
    const message = cIntProblem(value, 'i32', 'key_t');
    return message === undefined ? undefined : { message };
  },
};
/** The flags of a bind remount: `rw`, or a comma list of ro, nosuid, nodev, noexec. */
const REMOUNT: ArgKind = {
  describe: 'mount flags (rw, or a comma list of ro, nosuid, nodev, noexec)',
  validate(value) {
    if (value === 'rw') return undefined;
    const flags = ['ro', 'nosuid', 'nodev', 'noexec'];
    const items = value.split(',');
    let offset = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] ?? '';
      if (!flags.includes(item) || items.indexOf(item) !== i) return { message: `expected rw, or a comma list of ${flags.join(', ')}, found '${item}'`, offset };
      offset += item.length + 1;
    }
    return undefined;
  },
};
/** The clock word of a timens_offsets record. */
const OFFSET_CLOCK: ArgKind = {
  describe: 'a clock word (monotonic, boottime, 1, 7, or another word, which the kernel refuses)',
  validate: (value) => (/^[^\s;"]{1,32}$/.test(value) ? undefined : { message: `expected a clock word such as monotonic or boottime, found '${value}'` }),
};
/** Seconds of an offset: decimal, maybe negative. */
const OFFSET_SECS: ArgKind = {
  describe: 'seconds (decimal, maybe negative)',
  validate: (value) => (/^-?[0-9]{1,20}$/.test(value) ? undefined : { message: `expected decimal seconds, found '${value}'` }),
};
/** Nanoseconds of an offset. */
const OFFSET_NSECS: ArgKind = {
  describe: 'nanoseconds (decimal)',
  validate: (value) => (/^-?[0-9]{1,20}$/.test(value) ? undefined : { message: `expected decimal nanoseconds, found '${value}'` }),
};
/** The raw text of a timens_offsets write, lines joined by `;`. */
const OFFSET_TEXT: ArgKind = {
  describe: 'the text of a write, lines joined by ;',
  validate: (value) => (value.includes('\n') ? { message: 'join the lines with ;' } : undefined),
};
/** A link name: 1 to 15 characters, no `/`, `:` or blank. */
const IFNAME: ArgKind = {
  describe: 'a link name (1 to 15 characters, no / : or blank)',
  validate: (value) => (/^[^/:\s]{1,15}$/.test(value) && value !== '.' && value !== '..' ? undefined : { message: `expected a link name of 1 to 15 characters without / : or blanks, found '${value}'` }),
};
/** An IPv4 or IPv6 address, with /prefix where it takes one. */
const ADDRESS: ArgKind = {
  describe: 'an IPv4 or IPv6 address, with /prefix where it takes one',
  validate: (value) => (/^[0-9a-fA-F.:]+(\/[0-9]{1,3})?$/.test(value) && /[.:]/.test(value) ? undefined : { message: `expected an address such as 10.0.0.1/24 or fd00::1/64, found '${value}'` }),
};
/** An IPv4 or IPv6 address without a prefix. */
const HOST: ArgKind = {
  describe: 'an IPv4 or IPv6 address',
  validate: (value) => (/^[0-9a-fA-F.:]+$/.test(value) && /[.:]/.test(value) ? undefined : { message: `expected an address such as 10.0.0.1 or fd00::1, found '${value}'` }),
};
/** A route's destination: `default` or an address with its prefix length. */
const DEST: ArgKind = {
  describe: 'default, or an address with /prefix',
  validate: (value) => (value === 'default' || /^[0-9a-fA-F.:]+\/[0-9]{1,3}$/.test(value) ? undefined : { message: `expected default or a prefix such as 10.1.0.0/16, found '${value}'` }),
};
/** An absolute path, or `.`. */
const ABS_OR_DOT: ArgKind = {
  describe: 'an absolute path or .',
  validate: (value) => (value === '.' || value.startsWith('/') ? undefined : { message: `expected an absolute path or '.', found '${value}'` }),
};
/** The C types of the integer arguments. */
const ID: ArgKind = { int: 'i32', ctype: 'int' };
const MTYPE: ArgKind = { int: 'i64', ctype: 'long' };
const SIZE: ArgKind = { int: 'u64', ctype: 'size_t' };
/** A sysctl name as sysctl(8) writes it: dotted words, e.g. kernel.shmmni. */
const SYSCTL_NAME: ArgKind = {
  describe: 'a sysctl name (e.g. kernel.shmmni)',
  validate: (value) => (/^[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/.test(value) ? undefined : { message: `expected a sysctl name such as kernel.shmmni, found '${value}'` }),
};
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
const PROPAGATION = ['shared', 'private', 'slave', 'unbindable', 'rshared', 'rprivate', 'rslave'];

/** Every op of the format, version 1, and nsproxy's extension ops, as the areas define them. */
export const FORMAT_OPS: OpTable = defineOps([
  // Tasks and namespaces
  // The flags extension (@nsproxy/core): the other clone flags by word, and raw bits Linux refuses.
  opSpec('tasks', 'clone <name> <types> [<flags>]', 2, ['task', 'types', CLONE_FLAGS], (args) => {
    let bits = 0n;
    for (const t of args[1] === undefined || args[1] === '-' ? [] : args[1].split(',')) bits |= BigInt(NS_TYPE_FLAGS[t] ?? 0);
    if (args[2] !== undefined && cloneFlagsProblem(args[2]) === undefined) bits |= cloneFlagsArg(args[2]);
    const message = cloneSharingRefusal(bits);
    return message === undefined ? undefined : { index: 2, message };
  }),
  // The thread extension (@nsproxy/core): clone(CLONE_THREAD|CLONE_SIGHAND|CLONE_VM), a thread of the actor's process.
  opSpec('tasks', 'thread <name> [thread,sighand,vm|sighand,vm]', 1, ['task', { oneOf: ['thread,sighand,vm', 'sighand,vm'] }]),
  opSpec('tasks', 'unshare <types> [<flags>]', 1, ['types', CLONE_FLAGS]),
  opSpec('tasks', 'ns <file>', 1, ['nsfile']),
  opSpec('tasks', 'nsof <task> <file>', 2, ['task', 'nsfile']),
  opSpec('tasks', 'setns <task> <type> [any]', 2, ['task', 'type', { oneOf: ['any'] }]),
  opSpec('tasks', 'setns-pidfd <task> <types>', 2, ['task', 'types']),
  opSpec('tasks', 'open <task> <file> <fd> [wronly|rdwr]', 3, ['task', 'nsfile', 'name', { oneOf: ['wronly', 'rdwr'] }]),
  opSpec('tasks', 'setns-fd <fd> [<type>|any]', 1, ['name', 'typeOrAny']),
  opSpec('tasks', 'close <fd>', 1, ['name']),
  opSpec('tasks', 'fdns <fd>', 1, ['name']),
  opSpec('tasks', 'fstat <fd>', 1, ['name']),
  opSpec('tasks', 'ioctl <fd> <request> [<newfd>|<pid>]', 2, ['name', { oneOf: NS_IOCTLS }, 'name'], (args) => {
    const request = args[1] ?? '';
    const keepsFd = request === 'NS_GET_USERNS' || request === 'NS_GET_PARENT';
    if (keepsFd && args.length < 3) return { index: 3, message: `ioctl ${request} needs a name for the new fd (ioctl <fd> ${request} <newfd>)` };
    if (/^NS_GET_(PID|TGID)_(FROM|IN)_PIDNS$/.test(request)) {
      if (args.length < 3) return { index: 3, message: `ioctl ${request} needs a pid (ioctl <fd> ${request} <pid>)` };
      const problem = cIntProblem(args[2] ?? '', 'i32', 'pid_t');
      return problem === undefined ? undefined : { index: 2, message: `ioctl ${request}: ${problem}` };
    }
    if (!keepsFd && args.length > 2) return { index: 2, message: `ioctl ${request} keeps no fd (ioctl <fd> ${request})` };
    return undefined;
  }),
  opSpec('tasks', 'pin <task> <file> <path>', 3, ['task', 'nsfile', 'path']),
  opSpec('tasks', 'setns-path <path> [<type>|any]', 1, ['abspath', 'typeOrAny']),
  opSpec('tasks', 'nspath <path>', 1, ['abspath']),
  opSpec('tasks', 'exit [<code>]', 0, [{ int: 'i32', ctype: 'int' }]),
  opSpec('tasks', 'alive <task>', 1, ['task']),
  // Credentials (user namespaces)
  opSpec('user', 'id', 0, []),
  opSpec('user', 'caps', 0, []),
  opSpec('user', 'setuid <n>', 1, [{ int: 'u32', ctype: 'uid_t' }]),
  opSpec('user', 'setgid <n>', 1, [{ int: 'u32', ctype: 'gid_t' }]),
  // (extensions: projid_map, the access mode a file is opened with, any text for setgroups, setgroups(2))
  opSpec('user', 'uid_map <task> <lines> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'gid_map <task> <lines> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'projid_map <task> <lines> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'setgroups <task> allow|deny|<text> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'read uid_map|gid_map|projid_map|setgroups <task> [rdonly|wronly|rdwr]', 2, [{ oneOf: ['uid_map', 'gid_map', 'projid_map', 'setgroups'] }, 'task', FILE_MODE]),
  opSpec('user', 'setgroups-call <gid>[*<count>][,...]|-', 1, [{ describe: 'a group list (<gid>[*<count>][,...] or -)', validate: groupListProblem }]),
  // The capset extension (@nsproxy/core): capset(2) of the actor's three sets, 64 bits each.
  opSpec('user', 'capset <effective> <permitted> <inheritable>', 3, [CAP_SET, CAP_SET, CAP_SET]),
  // The prctl extension (@nsproxy/user): securebits, keep-caps, no_new_privs, the bounding and ambient sets.
  opSpec('user', 'prctl <option> [<n>]', 1, [{ oneOf: Object.keys(PRCTL_OPTIONS) }, { int: 'u64', ctype: 'unsigned long' }], prctlArgsProblem),
  // UTS
  opSpec('uts', 'sethostname <name>', 1, ['text']),
  opSpec('uts', 'setdomainname <name>', 1, ['text']),
  opSpec('uts', 'hostname', 0, []),
  opSpec('uts', 'domainname', 0, []),
  // IPC
  // (extensions: `excl` and `-` besides `create`, shmget's size and semget's count)
  opSpec('ipc', 'shmget <key> [create|excl|-] [<size>]', 1, [IPC_KEY, { oneOf: Object.keys(IPC_GET_FLAGS) }, SIZE]),
  opSpec('ipc', 'msgget <key> [create|excl|-]', 1, [IPC_KEY, { oneOf: Object.keys(IPC_GET_FLAGS) }]),
  opSpec('ipc', 'semget <key> [create|excl|-] [<nsems>]', 1, [IPC_KEY, { oneOf: Object.keys(IPC_GET_FLAGS) }, { int: 'i32', ctype: 'int' }]),
  opSpec('ipc', 'ipcs shm|msg|sem', 1, [IPC_KIND]),
  // IPC extensions (@nsproxy/ipc): IPC_RMID and IPC_STAT by id, POSIX message queues, the ipc sysctls, messages, semop.
  opSpec('ipc', 'ipcrm shm|msg|sem <id>', 2, [IPC_KIND, ID]),
  opSpec('ipc', 'ipcstat shm|msg|sem <id>', 2, [IPC_KIND, ID]),
  opSpec('ipc', 'ipcctl shm|msg|sem <id> <cmd>', 3, [IPC_KIND, ID, { int: 'i32', ctype: 'int' }], (args) => {
    // The kernel's commands but IPC_RMID (0) take a buffer, which the op does not pass.
    const cmd = Number(args[2]);
    const known = IPC_CTL_COMMANDS[args[0] as 'shm' | 'msg' | 'sem'];
    return cmd !== 0 && known.includes(cmd) ? { index: 2, message: `ipcctl: command ${cmd} takes a buffer` } : undefined;
  }),
  opSpec('ipc', 'mq_open <name> [create|excl|-] [rdonly|wronly|rdwr|wronly,rdwr]', 1, ['word', { oneOf: Object.keys(MQ_OPEN_FLAGS) }, { oneOf: Object.keys(OPEN_ACCMODES) }]),
  opSpec('ipc', 'mq_unlink <name>', 1, ['word']),
  opSpec('sysctl', 'sysctl <name> [<value>]', 1, [SYSCTL_NAME, 'text']),
  // System V messages and semaphore operations, always with IPC_NOWAIT (the model has no blocking).
  opSpec('ipc', 'msgsnd <id> <mtype> <size> [<text>]', 3, [ID, MTYPE, SIZE, 'text']),
  opSpec('ipc', 'msgrcv <id> <size> <msgtyp> [noerror|except|copy]...', 3, [ID, SIZE, MTYPE, { oneOf: MSG_FLAGS }, { oneOf: MSG_FLAGS }], (args) => {
    if (args.length > 4 && args[3] === args[4]) return { index: 4, message: `msgrcv flag '${args[4] ?? ''}' given twice` };
    return undefined;
  }),
  opSpec('ipc', 'semop <id> <num>:<op>[,<num>:<op>...] [undo]', 2, [ID, SEM_OPS, { oneOf: ['undo'] }]),
  // PID
  opSpec('pid', 'getpid', 0, []),
  opSpec('pid', 'getppid', 0, []),
  opSpec('pid', 'pid <task>', 1, ['task']),
  // kill extended (@nsproxy/core): a pid (-1 included) for a task, a number for a signal name.
  opSpec('pid', 'kill <task>|<pid> <SIGNAME>|<n>', 2, [PID_TARGET, SIGNAL_ARG]),
  // The signal extensions (@nsproxy/core): rt_sigaction, caught signals, pidfd_open, pidfd_send_signal, wait4(WNOHANG).
  opSpec('pid', 'sigaction <SIGNAME>|<n> default|ignore|handle', 2, [SIGNAL_ARG, { oneOf: SIGACTION_WORDS }]),
  opSpec('pid', 'caught', 0, []),
  opSpec('pid', 'pidfd-open <task>|<pid> <fd> [<flags>]', 2, [PID_TARGET, 'name', PIDFD_FLAGS]),
  opSpec('pid', 'pidfd-send <fd> <SIGNAME>|<n> [<flags>]', 2, ['name', SIGNAL_ARG, PIDFD_FLAGS]),
  opSpec('pid', 'wait <task>|<pid>', 1, [PID_TARGET]),
  // The pdeathsig extension (@nsproxy/core): prctl(PR_SET_PDEATHSIG) of the actor, a signal by name or any number.
  opSpec('pid', 'pdeathsig <SIGNAME>|<n>', 1, [PDEATHSIG]),
  // Mounts (and nsproxy's mount extensions)
  opSpec('mnt', 'mkdir <path>', 1, ['path']),
  opSpec('mnt', 'mount tmpfs|proc|cgroup2|bind|rbind|move <path> [<dst>]', 2, [{ oneOf: ['tmpfs', 'proc', 'cgroup2', 'bind', 'rbind', 'move'] }, 'path', 'path'], (args) => {
    const single = args[0] === 'tmpfs' || args[0] === 'proc' || args[0] === 'cgroup2';
    if (single && args.length > 2) return { index: 2, message: `mount ${args[0] ?? 'tmpfs'} takes one path (mount ${args[0] ?? 'tmpfs'} <path>)` };
    if (!single && args.length < 3) return { index: 3, message: `mount ${args[0] ?? 'bind'} takes a source and a target (mount ${args[0] ?? 'bind'} <src> <dst>)` };
    return undefined;
  }),
  opSpec('mnt', 'umount <path>', 1, ['path']),
  opSpec('mnt', 'umount-lazy <path>', 1, ['path']),
  ...[...PROPAGATION, 'runbindable'].map((kind) => opSpec('mnt', `make-${kind} <path>`, 1, ['path'])),
  opSpec('mnt', 'mounted <path>', 1, ['path']),
  opSpec('mnt', 'propagation <path>', 1, ['path']),
  opSpec('mnt', 'remount <path> <flags>', 2, ['path', REMOUNT]),
  opSpec('mnt', 'mount-opts <path>', 1, ['path']),
  opSpec('mnt', 'mount-root <path>', 1, ['path']),
  opSpec('mnt', 'mounts <path>', 1, ['abspath']),
  opSpec('mnt', 'touch <path>', 1, ['path']),
  opSpec('mnt', 'exists <path>', 1, ['abspath']),
  opSpec('mnt', 'chdir <path>', 1, [ABS_OR_DOT]),
  opSpec('mnt', 'chroot <path>', 1, [ABS_OR_DOT]),
  opSpec('mnt', 'pivot-root <new> <old>', 2, [ABS_OR_DOT, ABS_OR_DOT]),
  opSpec('mnt', 'readlink <path>', 1, ['abspath']),
  opSpec('mnt', 'pids <dir>', 1, ['abspath']),
  opSpec('mnt', 'nspid <dir>', 1, ['abspath']),
  opSpec('mnt', 'cat <path>', 1, ['abspath']),
  opSpec('mnt', 'chown <path> <uid> <gid>', 3, ['path', { int: 'u32', ctype: 'uid_t' }, { int: 'u32', ctype: 'gid_t' }]),
  opSpec('mnt', 'owner <path>', 1, ['path']),
  // Network (and nsproxy's network extensions)
  opSpec('net', 'links', 0, []),
  opSpec('net', 'veth <name> <peer>', 2, [IFNAME, IFNAME]),
  opSpec('net', 'link-netns <dev> <task>', 2, [IFNAME, 'task']),
  opSpec('net', 'link-up <dev>', 1, [IFNAME]),
  opSpec('net', 'link-down <dev>', 1, [IFNAME]),
  opSpec('net', 'link-state <dev>', 1, [IFNAME]),
  opSpec('net', 'bind tcp|udp <port> <sock> [<addr>]', 3, [{ oneOf: ['tcp', 'udp'] }, 'port', 'name', HOST]),
  opSpec('net', 'close-sock <sock>', 1, ['name']),
  opSpec('net', 'link-del <dev>', 1, [IFNAME]),
  opSpec('net', 'link-netns-pid <dev> <task>', 2, [IFNAME, 'task']),
  opSpec('net', 'link-carrier <dev>', 1, [IFNAME]),
  opSpec('net', 'ifindex <dev>', 1, [IFNAME]),
  opSpec('net', 'addr-add <dev> <addr/prefix>', 2, [IFNAME, ADDRESS]),
  opSpec('net', 'addrs <dev>', 1, [IFNAME]),
  opSpec('net', 'route-add <dest> <gateway>', 2, [DEST, HOST]),
  opSpec('net', 'routes', 0, []),
  opSpec('net', 'addr-del <dev> <addr/prefix>', 2, [IFNAME, ADDRESS]),
  opSpec('net', 'route-add-dev <dest> <dev>', 2, [DEST, IFNAME]),
  opSpec('net', 'route-del <dest>', 1, [DEST]),
  opSpec('net', 'route-change <dest> <dev>', 2, [DEST, IFNAME]),
  opSpec('net', 'route-get <addr>', 1, [HOST]),
  opSpec('net', 'routes-local', 0, []),
  opSpec('net', 'link-operstate <dev>', 1, [IFNAME]),
  opSpec('net', 'link-mtu <dev> <mtu>', 2, [IFNAME, 'int']),
  opSpec('net', 'nsid-set <task> <nsid>', 2, ['task', 'int']),
  opSpec('net', 'nsid <task>', 1, ['task']),
  opSpec('net', 'nsids', 0, []),
  opSpec('net', 'listen <sock>', 1, ['name']),
  opSpec('net', 'connect tcp|udp <addr> <port> <sock>', 4, [{ oneOf: ['tcp', 'udp'] }, HOST, 'port', 'name']),
  opSpec('net', 'accept <sock> <newsock>', 2, ['name', 'name']),
  opSpec('net', 'send <sock> <text>', 2, ['name', 'word']),
  opSpec('net', 'recv <sock>', 1, ['name']),
  opSpec('net', 'sockns <sock>', 1, ['name']),
  // Time
  opSpec('time', 'timens-offsets <task>', 1, ['task']),
  opSpec('time', 'timens-offset <task> <clock> <secs> <nsecs>', 4, ['task', OFFSET_CLOCK, OFFSET_SECS, OFFSET_NSECS]),
  opSpec('time', 'timens-write <task> <lines>', 2, ['task', OFFSET_TEXT]),
  opSpec('time', 'clock <clock>', 1, [{ oneOf: ['realtime', 'monotonic', 'monotonic_raw', 'realtime_coarse', 'monotonic_coarse', 'boottime', 'tai'] }]),
  // Cgroups (paths seen from init's cgroup namespace root; names of [a-z0-9_-], no '..')
  opSpec('cgroup', 'cgroup-mkdir <path>', 1, [CGROUP_CHILD]),
  opSpec('cgroup', 'cgroup-rmdir <path>', 1, [CGROUP_CHILD]),
  opSpec('cgroup', 'cgroup-move <task> <path>', 2, ['task', CGROUP_PATH]),
  opSpec('cgroup', 'cgroup-of <task>', 1, ['task']),
  opSpec('cgroup', 'cgroup-procs <path>', 1, [CGROUP_PATH]),
  opSpec('cgroup', 'clone-into <name> <types> <path>', 3, ['task', 'types', CGROUP_PATH]),
  opSpec('cgroup', 'cgroup-open <path> <fd>', 2, [CGROUP_PATH, 'name']),
  opSpec('cgroup', 'cgroup-mkdirat <fd> <name>', 2, ['name', CGROUP_NAME]),
  opSpec('cgroup', 'clone-into-fd <name> <types> <fd>', 3, ['task', 'types', 'name']),
  opSpec('cgroup', 'cgroup-write <path> <text>', 2, [CGROUP_PATH, 'text']),
  // Roads not taken (docs/roads/, simulated only): pid-unshare-self's setsid (@nsproxy/pid), userns-2007's table of
  // users, file owner and SIGIO (@nsproxy/user) and MS_SHARE_NS bind (@nsproxy/mnt).
  opSpec('roads', 'setsid', 0, []),
  opSpec('roads', 'users', 0, []),
  opSpec('roads', 'fsetown <fd> <task>', 2, ['name', 'task']),
  opSpec('roads', 'sigio <fd>', 1, ['name']),
  opSpec('roads', 'mount-share-ns <src> <dst>', 2, ['path', 'path']),
  // Roads nsproxy-ids and setns-nstype-fd (@nsproxy/core), socketat (@nsproxy/net).
  opSpec('roads', 'unshare_ns <types>', 1, ['types']),
  opSpec('roads', 'bind_ns <id> <types>', 2, [{ int: 'i32', ctype: 'int' }, 'types']),
  opSpec('roads', 'nsproxy-id', 0, []),
  opSpec('roads', 'setns-nstype <type>|any <fd>', 2, ['typeOrAny', 'name']),
  opSpec('roads', 'socketat <fd> tcp|udp <sock>', 3, ['name', { oneOf: ['tcp', 'udp'] }, 'name']),
]);

