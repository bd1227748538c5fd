/**
 * util-linux 2.38.1's su(1) (login-utils/su-common.c) on the machine's
 * /etc/passwd and /etc/group (passwd.ts), and shadow 4.13's nologin(8), the
 * shell of the system accounts.
 *
 * PAM as Debian configures su: root (real and effective uid 0) passes
 * pam_rootok without a password; anyone else is asked for one
 * (`Password: ` on standard error) and, as none can be typed to the model,
 * fails with pam_strerror's `Authentication failure`. Then su_main's steps:
 * the groups (setgroups of -g/-G, else initgroups), a fork whose parent
 * waits (create_watching_parent), setgid and setuid in the child
 * (change_identity), the environment (modify_environment), the login
 * shell's chdir, and execv of the shell with `-c`.
 */
import { KernelError } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { setgroups } from '@nsproxy/user';
import { HELP_OPTIONS, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef } from '../command.ts';
import { chdir } from '@nsproxy/mnt';
import { strerror } from '../machine.ts';
import { getgrnam, getgrouplist, getpwnam } from '../passwd.ts';
import { forkAndWait } from './util-linux.ts';

/** login.defs' ENV_SUPATH and ENV_PATH (Debian's /etc/login.defs). */
const ENV_SUPATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const ENV_PATH = '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';

class Fail extends Error {
  readonly status: number;
  constructor(message: string, status = 1) {
    super(message);
    this.status = status;
  }
}

export const suCommand: CommandDef = {
  name: 'su',
  summary: 'Change the effective user ID and group ID to that of <user>.\nA mere - implies -l.  If <user> is not given, root is assumed.',
  usage: ['su [options] [-] [<user> [<argument>...]]'],
  options: [
    { short: 'm', help: 'do not reset environment variables (as -p)', hidden: true },
    { short: 'p', long: 'preserve-environment', help: 'do not reset environment variables', label: ' -m, -p, --preserve-environment     ' },
    { short: 'w', long: 'whitelist-environment', arg: 'required', argName: '<list>', help: 'don\'t reset specified variables', label: ' -w, --whitelist-environment <list> ' },
    { short: 'g', long: 'group', arg: 'required', argName: '<group>', help: 'specify the primary group', separator: true },
    { short: 'G', long: 'supp-group', arg: 'required', argName: '<group>', help: 'specify a supplemental group' },
    { short: 'l', long: 'login', help: 'make the shell a login shell', separator: true, label: ' -, -l, --login' },
    { short: 'c', long: 'command', arg: 'required', argName: '<command>', help: 'pass a single command to the shell with -c' },
    { long: 'session-command', arg: 'required', argName: '<command>', help: 'pass a single command to the shell with -c\n                                   and do not create a new session' },
    { short: 'f', long: 'fast', help: 'pass -f to the shell (for csh or tcsh)' },
    { short: 's', long: 'shell', arg: 'required', argName: '<shell>', help: 'run <shell> if /etc/shells allows it' },
    // The machine has no terminals: the pseudo-terminal su would put between the shell and its own is left out.
    { short: 'P', long: 'pty', help: 'create a new pseudo-terminal' },
    ...HELP_OPTIONS,
  ],
  models: 'util-linux 2.38.1 su(1)',
  helpColumn: 33,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    try {
      return await su(ctx, args.options, args.operands);
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      ctx.stderr.write(`su: ${e.message}\n`);
      return e.status;
    }
  },
};

async function su(ctx: CommandContext, options: readonly (readonly [string, string | undefined])[], operands: readonly string[]): Promise<number> {
  const m = ctx.machine;
  const k = m.kernel;
  const t = ctx.task;
  let command: string | undefined;
  let fast = false;
  let login = false;
  let changeEnv = true;
  let whitelist: string[] = [];
  let shell: string | undefined;
  const groups: number[] = [];
  let useGid = false;
  let useSupp = false;
  let gid = 0;
  const seen = new Set<string>();
  for (const [key, value = ''] of options) {
    // err_exclusive_options: -m/-p and -w.
    if ((key === 'whitelist-environment' && (seen.has('m') || seen.has('preserve-environment'))) || ((key === 'm' || key === 'preserve-environment') && seen.has('whitelist-environment'))) {
      throw new Fail('mutually exclusive arguments: --preserve-environment --whitelist-environment');
    }
    seen.add(key);
    switch (key) {
      case 'command': command = value; break;
      case 'session-command': command = value; break;
      case 'fast': fast = true; break;
      case 'group': case 'supp-group': {
        // add_supp_group
        const g = getgrnam(m, t, value);
        if (!g) throw new Fail(`group ${value} does not exist`);
        groups.push(g.gid);
        if (key === 'group') {
          useGid = true;
          gid = g.gid;
        } else useSupp = true;
        break;
      }
      case 'login': login = true; break;
      case 'm': case 'preserve-environment': changeEnv = false; break;
      case 'whitelist-environment': whitelist = [...whitelist, ...value.split(',').filter((v) => v !== '')]; break;
      case 'shell': shell = value; break;
      default: break;
    }
  }
  const [ruid, euid] = k.getresuid(t);
  const restricted = !(ruid === 0 && euid === 0);
  const rest = [...operands];
  if (rest[0] === '-') {
    login = true;
    rest.shift();
  }
  if (login && !changeEnv) {
    ctx.stderr.write('su: ignoring --preserve-environment, it\'s mutually exclusive with --login\n');
    changeEnv = true;
  }
  const newUser = rest.shift() ?? 'root';
  if ((useSupp || useGid) && restricted) throw new Fail('only root can specify alternative groups');
  const pw = getpwnam(m, t, newUser);
  if (!pw || pw.name === '' || pw.dir === '') throw new Fail(`user ${newUser} does not exist or the user entry does not contain all the required fields`);
  const pwShell = pw.shell || '/bin/sh';
  let pwGid = pw.gid;
  if (useSupp && !useGid) pwGid = groups[0] ?? pwGid;
  else if (useGid) pwGid = gid;
  // supam_authenticate: pam_rootok for root, else pam_unix's prompt, which nothing answers.
  if (restricted) {
    ctx.stderr.write('Password: ');
    throw new Fail('Authentication failure');
  }
  if (!shell && !changeEnv) shell = ctx.env.get('SHELL');
  const theShell = shell ?? pwShell;
  // init_groups: the -g/-G list, else initgroups(3).
  try {
    setgroups(k, t, groups.length > 0 ? groups : getgrouplist(m, t, pw.name, pwGid));
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    m.explainError(ctx.stderr, e);
    throw new Fail(`cannot set groups: ${strerror(e)}`);
  }
  // create_watching_parent: su waits for the child, which becomes the user and runs the shell.
  return forkAndWait(ctx, 'su', t, async (child: Task) => {
    try {
      k.setresgid(child, pwGid, pwGid, pwGid);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`su: cannot set group id: ${strerror(e)}\n`);
      return 1;
    }
    try {
      k.setresuid(child, pw.uid, pw.uid, pw.uid);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`su: cannot set user id: ${strerror(e)}\n`);
      return 1;
    }
    // modify_environment
    let env = new Map(ctx.env);
    if (login) {
      const kept = new Map<string, string>();
      for (const name of ['TERM', ...whitelist]) {
        const v = ctx.env.get(name);
        if (v !== undefined) kept.set(name, v);
      }
      env = new Map();
      env.set('SHELL', theShell);
      env.set('PATH', pw.uid === 0 ? ENV_SUPATH : ENV_PATH);
      env.set('HOME', pw.dir);
      env.set('USER', pw.name);
      env.set('LOGNAME', pw.name);
      for (const [name, v] of kept) if (!env.has(name)) env.set(name, v);
    } else if (changeEnv) {
      env.set('HOME', pw.dir);
      env.set('SHELL', theShell);
      if (pw.uid !== 0) {
        env.set('USER', pw.name);
        env.set('LOGNAME', pw.name);
      }
    }
    if (login) {
      try {
        chdir(k, child, pw.dir);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`su: warning: cannot change directory to ${pw.dir}: ${strerror(e)}\n`);
      }
    }
    // run_shell: argv[0] is the shell's name (`-bash` for a login shell).
    const base = theShell.split('/').pop() ?? theShell;
    const argv = [login ? `-${base}` : base, ...(fast ? ['-f'] : []), ...(command !== undefined ? ['-c', command] : []), ...rest];
    // execv(shell, argv): the program is the shell's path, argv[0] its name.
    const def = ctx.shell.lookupCommand(theShell);
    if (!def) {
      ctx.stderr.write(`su: failed to execute ${theShell}: No such file or directory\n`);
      return 127;
    }
    m.exec(child, argv);
    return ctx.shell.runDef(def, child, argv, ctx, env);
  });
}

export const nologinCommand: CommandDef = {
  name: 'nologin',
  summary: 'Politely refuse a login: the shell of the system accounts (/usr/sbin/nologin).',
  usage: ['nologin'],
  options: [],
  models: 'shadow 4.13 nologin(8)',
  run(ctx) {
    ctx.stdout.write('This account is currently not available.\n');
    return 1;
  },
};

export const SU_COMMANDS: readonly CommandDef[] = [suCommand, nologinCommand];
