/**
 * util-linux 2.38.1's setpriv(1) (sys-utils/setpriv.c): run a program with
 * other uids, gids, supplementary groups, capability sets and
 * no_new_privs, in setpriv's order of calls (PR_SET_NO_NEW_PRIVS,
 * PR_SET_KEEPCAPS, capset, setresuid, setresgid, setgroups, the bounding
 * set, the inheritable and ambient sets, the parent death signal, execvp),
 * and `--dump` of the caller's state. The machine has no LSM: --selinux-label
 * and --apparmor-profile fail as on a machine where neither runs.
 */
import {
  CAP_LAST_CAP, CAP_SETGID, CAP_SETPCAP, CAP_SETUID, KernelError, SECBIT_KEEP_CAPS, SECBIT_KEEP_CAPS_LOCKED, SECBIT_NOROOT, SECBIT_NOROOT_LOCKED,
  SECBIT_NO_SETUID_FIXUP, SECBIT_NO_SETUID_FIXUP_LOCKED,
} from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { getgroups, prctlCapAmbient, prctlCapbsetDrop, prctlGetSecurebits, prctlSetKeepCaps, prctlSetNoNewPrivs, prctlSetSecurebits, setgroups } from '@nsproxy/user';
import { HELP_OPTIONS, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef } from '../command.ts';
import { strerror } from '../machine.ts';
import { getgrnam, getgrouplist, getpwnam, getpwuid } from '../passwd.ts';
import type { Passwd } from '../passwd.ts';
import { signameToSignum, signumToSigname } from './signames.ts';

/** libcap-ng's capability names, by number (capng_capability_to_name). */
export const CAP_NAMES: readonly string[] = [
  'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid', 'setpcap', 'linux_immutable',
  'net_bind_service', 'net_broadcast', 'net_admin', 'net_raw', 'ipc_lock', 'ipc_owner', 'sys_module', 'sys_rawio', 'sys_chroot',
  'sys_ptrace', 'sys_pacct', 'sys_admin', 'sys_boot', 'sys_nice', 'sys_resource', 'sys_time', 'sys_tty_config', 'mknod', 'lease',
  'audit_write', 'audit_control', 'setfcap', 'mac_override', 'mac_admin', 'syslog', 'wake_alarm', 'block_suspend', 'audit_read',
  'perfmon', 'bpf', 'checkpoint_restore',
];

/** The securebits dump_securebits names, in its order. */
const SECBIT_NAMES: readonly (readonly [number, string])[] = [
  [SECBIT_NOROOT, 'noroot'], [SECBIT_NOROOT_LOCKED, 'noroot_locked'], [SECBIT_NO_SETUID_FIXUP, 'no_setuid_fixup'],
  [SECBIT_NO_SETUID_FIXUP_LOCKED, 'no_setuid_fixup_locked'], [SECBIT_KEEP_CAPS_LOCKED, 'keep_caps_locked'],
];

/** parse_securebits: `+bit,-bit` over the current bits (PR_GET_SECUREBITS), with SECBIT_KEEP_CAPS added. */
function parseSecurebits(current: number, arg: string): number {
  const known = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED;
  if ((current & ~known) !== 0) throw new Fail('unrecognized securebit set -- refusing to adjust', PRIVERR);
  let bits = current;
  for (const c of arg.split(',')) {
    if (c[0] !== '+' && c[0] !== '-') throw new Fail('bad securebits string');
    const name = c.slice(1);
    if (name === 'all') {
      if (c[0] === '-') bits = 0;
      else throw new Fail('+all securebits is not allowed');
      continue;
    }
    if (name === 'keep_caps') throw new Fail('adjusting keep_caps does not make sense');
    const bitValue = name === 'keep_caps_locked' ? SECBIT_KEEP_CAPS_LOCKED : SECBIT_NAMES.find(([, n]) => n === name)?.[0];
    if (bitValue === undefined) throw new Fail('unrecognized securebit');
    bits = c[0] === '+' ? bits | bitValue : bits & ~bitValue;
  }
  // We need it, and it's reset on exec.
  return bits | SECBIT_KEEP_CAPS;
}

/** setpriv's exit status when a privilege call fails (SETPRIV_EXIT_PRIVERR). */
const PRIVERR = 127;

const bit = (cap: number): bigint => 1n << BigInt(cap);

/** A capability set as print_caps prints it: names joined by commas, `[none]` when empty. */
export function capList(set: bigint): string {
  const names = CAP_NAMES.filter((_, i) => (set & bit(i)) !== 0n);
  return names.length === 0 ? '[none]' : names.join(',');
}

/** A failure: `setpriv: <message>` and the status (errx/err). */
class Fail extends Error {
  readonly status: number;
  constructor(message: string, status = 1) {
    super(message);
    this.status = status;
  }
}

/** strtol_or_err's message. */
function number(s: string, what: string): number {
  if (!/^-?[0-9]+$/.test(s)) throw new Fail(`${what}: '${s}'`);
  return Number(s);
}

/** do_caps: a `+cap,-cap,+all` list applied to `set` (unknown names and a missing sign are errors). */
function applyCapList(set: bigint, text: string, apply?: (add: boolean, cap: number) => void): bigint {
  let out = set;
  for (const c of text.split(',')) {
    const sign = c[0];
    if (sign !== '+' && sign !== '-') throw new Fail('bad capability string');
    const name = c.slice(1);
    const caps: number[] = [];
    if (name === 'all') for (let i = 0; i <= CAP_LAST_CAP; i++) caps.push(i);
    else {
      let cap = CAP_NAMES.indexOf(name.toLowerCase().replace(/^cap_/, ''));
      const m = /^cap_([0-9]+)/.exec(name);
      if (cap < 0 && m && Number(m[1]) <= CAP_LAST_CAP) cap = Number(m[1]);
      if (cap < 0) throw new Fail(`unknown capability "${name}"`);
      caps.push(cap);
    }
    for (const cap of caps) {
      if (apply) apply(sign === '+', cap);
      out = sign === '+' ? out | bit(cap) : out & ~bit(cap);
    }
  }
  return out;
}

/** setpriv --dump (dump): ids, groups, no_new_privs, the capability sets, securebits, parent death signal. */
function dump(ctx: CommandContext, level: number): void {
  const k = ctx.machine.kernel;
  const t = ctx.task;
  const [ru, eu, su] = k.getresuid(t);
  const [rg, eg, sg] = k.getresgid(t);
  const c = t.cred;
  const groups = getgroups(k, t);
  const lines = [`uid: ${ru}`, `euid: ${eu}`, ...(level >= 3 ? [`suid: ${su}`] : []), `gid: ${rg}`, `egid: ${eg}`, ...(level >= 3 ? [`sgid: ${sg}`] : [])];
  lines.push(`Supplementary groups: ${groups.length === 0 ? '[none]' : groups.join(',')}`, `no_new_privs: ${t.noNewPrivs ? 1 : 0}`);
  if (level >= 2) lines.push(`Effective capabilities: ${capList(c.capEffective)}`, `Permitted capabilities: ${capList(c.capPermitted)}`);
  lines.push(`Inheritable capabilities: ${capList(c.capInheritable)}`, `Ambient capabilities: ${capList(c.capAmbient)}`, `Capability bounding set: ${capList(c.capBset)}`);
  // dump_securebits: the known bits by name (keep_caps left out), any other as hex.
  let bits = prctlGetSecurebits(k, t) & ~SECBIT_KEEP_CAPS;
  const names: string[] = [];
  for (const [bitValue, name] of SECBIT_NAMES) {
    if ((bits & bitValue) === 0) continue;
    names.push(name);
    bits &= ~bitValue;
  }
  if (bits) names.push(`0x${bits.toString(16)}`);
  // dump_pdeathsig (PR_GET_PDEATHSIG)
  const pdeathsig = k.getPdeathSignal(t);
  lines.push(`Securebits: ${names.length === 0 ? '[none]' : names.join(',')}`, `Parent death signal: ${pdeathsig === 0 ? '[none]' : signumToSigname(pdeathsig) ?? String(pdeathsig)}`);
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

export const setprivCommand: CommandDef = {
  name: 'setpriv',
  summary: 'Run a program with different privilege settings.',
  usage: ['setpriv [options] <program> [<argument>...]'],
  options: [
    { short: 'd', long: 'dump', help: 'show current state (and do not exec)' },
    { long: 'nnp', help: 'disallow granting new privileges', label: ' --nnp, --no-new-privs' },
    { long: 'no-new-privs', help: 'disallow granting new privileges', hidden: true },
    { long: 'ambient-caps', arg: 'required', argName: '<caps,...>', help: 'set ambient capabilities' },
    { long: 'inh-caps', arg: 'required', argName: '<caps,...>', help: 'set inheritable capabilities' },
    { long: 'bounding-set', arg: 'required', argName: '<caps>', help: 'set capability bounding set' },
    { long: 'ruid', arg: 'required', argName: '<uid|user>', help: 'set real uid' },
    { long: 'euid', arg: 'required', argName: '<uid|user>', help: 'set effective uid' },
    { long: 'rgid', arg: 'required', argName: '<gid|user>', help: 'set real gid' },
    { long: 'egid', arg: 'required', argName: '<gid|group>', help: 'set effective gid' },
    { long: 'reuid', arg: 'required', argName: '<uid|user>', help: 'set real and effective uid' },
    { long: 'regid', arg: 'required', argName: '<gid|group>', help: 'set real and effective gid' },
    { long: 'clear-groups', help: 'clear supplementary groups' },
    { long: 'keep-groups', help: 'keep supplementary groups' },
    { long: 'init-groups', help: 'initialize supplementary groups' },
    { long: 'groups', arg: 'required', argName: '<group,...>', help: 'set supplementary groups by UID or name' },
    { long: 'securebits', arg: 'required', argName: '<bits>', help: 'set securebits' },
    { long: 'pdeathsig', arg: 'required', argName: 'keep|clear|<signame>', help: 'set or clear parent death signal', helpOnNextLine: true },
    { long: 'selinux-label', arg: 'required', argName: '<label>', help: 'set SELinux label' },
    { long: 'apparmor-profile', arg: 'required', argName: '<pr>', help: 'set AppArmor profile' },
    { long: 'reset-env', help: 'clear all environment and initialize\n                               HOME, SHELL, USER, LOGNAME and PATH' },
    { long: 'list-caps', help: 'list all known capabilities', hidden: true },
    ...HELP_OPTIONS,
  ],
  more: ' This tool can be dangerous.  Read the manpage, and be careful.',
  models: 'util-linux 2.38.1 setpriv(1)',
  stopAtOperand: true,
  helpColumn: 29,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    try {
      return await setpriv(ctx, args.options, args.operands);
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      ctx.stderr.write(`setpriv: ${e.message}\n`);
      return e.status;
    }
  },
};

async function setpriv(ctx: CommandContext, options: readonly (readonly [string, string | undefined])[], operands: readonly string[]): Promise<number> {
  const m = ctx.machine;
  const k = m.kernel;
  const t: Task = ctx.task;
  let dumplevel = 0;
  let listCaps = false;
  let nnp = false;
  let ruid: number | undefined;
  let euid: number | undefined;
  let rgid: number | undefined;
  let egid: number | undefined;
  let passwd: Passwd | undefined;
  let groups: number[] | undefined;
  let groupMode: string | undefined;
  let inh: string | undefined;
  let amb: string | undefined;
  let bset: string | undefined;
  let resetEnv = false;
  /** <0 clear, 0 nothing, >0 the signal (privctx.pdeathsig). */
  let pdeathsig = 0;
  let securebits: number | undefined;
  let selinuxLabel: string | undefined;
  let apparmorProfile: string | undefined;
  const user = (s: string, what: string): number => getpwnam(m, t, s)?.uid ?? number(s, what);
  const group = (s: string, what: string): number => getgrnam(m, t, s)?.gid ?? number(s, what);
  const passwdOf = (s: string, what: string): [number, Passwd | undefined] => {
    const pw = getpwnam(m, t, s);
    if (pw) return [pw.uid, pw];
    const uid = number(s, what);
    return [uid, getpwuid(m, t, uid)];
  };
  for (const [key, value = ''] of options) {
    // err_exclusive_options: one of --clear-groups, --keep-groups, --init-groups, --groups.
    if (['clear-groups', 'keep-groups', 'init-groups', 'groups'].includes(key)) {
      if (groupMode !== undefined && groupMode !== key) throw new Fail(`mutually exclusive arguments: --clear-groups --keep-groups --init-groups --groups`);
    }
    switch (key) {
      case 'dump': dumplevel++; break;
      case 'nnp': case 'no-new-privs':
        if (nnp) throw new Fail('duplicate --no-new-privs option');
        nnp = true;
        break;
      case 'ruid':
        if (ruid !== undefined) throw new Fail('duplicate ruid');
        [ruid, passwd] = passwdOf(value, 'failed to parse ruid');
        break;
      case 'euid':
        if (euid !== undefined) throw new Fail('duplicate euid');
        euid = user(value, 'failed to parse euid');
        break;
      case 'reuid':
        if (ruid !== undefined || euid !== undefined) throw new Fail('duplicate ruid or euid');
        [ruid, passwd] = passwdOf(value, 'failed to parse reuid');
        euid = ruid;
        break;
      case 'rgid':
        if (rgid !== undefined) throw new Fail('duplicate rgid');
        rgid = group(value, 'failed to parse rgid');
        break;
      case 'egid':
        if (egid !== undefined) throw new Fail('duplicate egid');
        egid = group(value, 'failed to parse egid');
        break;
      case 'regid':
        if (rgid !== undefined || egid !== undefined) throw new Fail('duplicate rgid or egid');
        rgid = egid = group(value, 'failed to parse regid');
        break;
      case 'clear-groups': case 'keep-groups': case 'init-groups':
        if (groupMode === key) throw new Fail(`duplicate --${key} option`);
        groupMode = key;
        break;
      case 'groups':
        if (groupMode === key) throw new Fail('duplicate --groups option');
        groupMode = key;
        groups = value.split(',').map((g) => group(g, 'Invalid supplementary group id'));
        break;
      case 'inh-caps':
        if (inh !== undefined) throw new Fail('duplicate --inh-caps option');
        inh = value;
        break;
      case 'ambient-caps':
        if (amb !== undefined) throw new Fail('duplicate --ambient-caps option');
        amb = value;
        break;
      case 'bounding-set':
        if (bset !== undefined) throw new Fail('duplicate --bounding-set option');
        bset = value;
        break;
      case 'pdeathsig':
        if (pdeathsig) throw new Fail('duplicate --keep-pdeathsig option');
        // parse_pdeathsig: keep reads the current one (PR_GET_PDEATHSIG), to set it again after the id changes.
        if (value === 'keep') pdeathsig = k.getPdeathSignal(t);
        else if (value === 'clear') pdeathsig = -1;
        else if ((pdeathsig = signameToSignum(value)) < 0) throw new Fail(`unknown signal: ${value}`);
        break;
      case 'securebits':
        if (securebits !== undefined) throw new Fail('duplicate --securebits option');
        securebits = parseSecurebits(prctlGetSecurebits(k, t), value);
        break;
      case 'selinux-label':
        if (selinuxLabel !== undefined) throw new Fail('duplicate --selinux-label option');
        selinuxLabel = value;
        break;
      case 'apparmor-profile':
        if (apparmorProfile !== undefined) throw new Fail('duplicate --apparmor-profile option');
        apparmorProfile = value;
        break;
      case 'list-caps': listCaps = true; break;
      case 'reset-env': resetEnv = true; break;
      default: break;
    }
  }
  if (dumplevel > 0) {
    if (options.length !== dumplevel || operands.length > 0) throw new Fail('--dump is incompatible with all other options');
    dump(ctx, dumplevel);
    return 0;
  }
  if (listCaps) {
    if (options.length !== 1 || operands.length > 0) throw new Fail('--list-caps must be specified alone');
    ctx.stdout.write(`${CAP_NAMES.join('\n')}\n`);
    return 0;
  }
  if (operands.length === 0) throw new Fail('No program specified');
  if ((rgid !== undefined || egid !== undefined) && groupMode === undefined) throw new Fail('--[re]gid requires --keep-groups, --clear-groups, --init-groups, or --groups');
  if (groupMode === 'init-groups' && ruid === undefined) throw new Fail('--init-groups requires --ruid or --reuid');
  if (groupMode === 'init-groups' && !passwd) throw new Fail(`uid ${ruid ?? 0} not found, --init-groups requires an user that can be found on the system`);
  let env: ReadonlyMap<string, string> = ctx.env;
  if (resetEnv) {
    // do_reset_environ: TERM kept; SHELL, HOME, USER, LOGNAME, PATH of --ruid's user, else the caller's.
    const pw = passwd ?? getpwuid(m, t, k.getresuid(t)[0]);
    const next = new Map<string, string>();
    const term = ctx.env.get('TERM');
    if (term !== undefined) next.set('TERM', term);
    next.set('SHELL', pw?.shell || '/bin/sh');
    if (pw) {
      next.set('HOME', pw.dir);
      next.set('USER', pw.name);
      next.set('LOGNAME', pw.name);
    }
    next.set('PATH', pw?.uid ? '/usr/local/bin:/bin:/usr/bin' : '/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin');
    env = next;
  }
  const privErr = (what: string, e: unknown): never => {
    if (!(e instanceof KernelError)) throw e;
    m.explainError(ctx.stderr, e);
    throw new Fail(`${what}: ${strerror(e)}`, PRIVERR);
  };
  if (nnp) {
    try {
      prctlSetNoNewPrivs(k, t);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      throw new Fail(`disallow granting new privileges failed: ${strerror(e)}`);
    }
  }
  // do_selinux_label, do_apparmor_profile: is_selinux_enabled() and /sys/kernel/security/apparmor say no LSM runs.
  if (selinuxLabel !== undefined) throw new Fail('SELinux is not running', PRIVERR);
  if (apparmorProfile !== undefined) throw new Fail('AppArmor is not running', PRIVERR);
  try {
    prctlSetKeepCaps(k, t, 1);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    throw new Fail(`keep process capabilities failed: ${strerror(e)}`);
  }
  // libcap-ng's state: the sets read at start, with CAP_SETPCAP, CAP_SETUID and CAP_SETGID made effective if permitted (bump_cap).
  const saved = t.cred;
  let state = { effective: saved.capEffective | (saved.capPermitted & (bit(CAP_SETPCAP) | bit(CAP_SETUID) | bit(CAP_SETGID))), permitted: saved.capPermitted, inheritable: saved.capInheritable };
  const apply = (what: string): void => {
    try {
      k.capset(t, state);
    } catch (e) {
      privErr(what, e);
    }
  };
  apply('activate capabilities');
  if (ruid !== undefined || euid !== undefined) {
    const [r, e] = k.getresuid(t);
    const nr = ruid ?? r;
    const ne = euid ?? e;
    try {
      k.setresuid(t, nr, ne, ne);
    } catch (err) {
      privErr('setresuid failed', err);
    }
    apply('reactivate capabilities');
  }
  if (rgid !== undefined || egid !== undefined) {
    const [r, e] = k.getresgid(t);
    const ne = egid ?? e;
    try {
      k.setresgid(t, rgid ?? r, ne, ne);
    } catch (err) {
      privErr('setresgid failed', err);
    }
  }
  try {
    if (groups) setgroups(k, t, groups);
    else if (groupMode === 'clear-groups') setgroups(k, t, []);
  } catch (e) {
    privErr('setgroups failed', e);
  }
  if (groupMode === 'init-groups' && passwd) {
    try {
      setgroups(k, t, getgrouplist(m, t, passwd.name, passwd.gid));
    } catch (e) {
      privErr('initgroups failed', e);
    }
  }
  if (securebits !== undefined) {
    try {
      prctlSetSecurebits(k, t, securebits);
    } catch (e) {
      privErr('set process securebits failed', e);
    }
  }
  if (bset !== undefined) {
    // capng_apply(CAPNG_SELECT_BOUNDS): every capability missing from the new set is dropped (PR_CAPBSET_DROP); none can be
    // added; without CAP_SETPCAP in its effective set libcap-ng drops nothing and reports no error.
    const next = applyCapList(t.cred.capBset, bset);
    const canDrop = (t.cred.capEffective & bit(CAP_SETPCAP)) !== 0n;
    for (let cap = 0; canDrop && cap <= CAP_LAST_CAP; cap++) {
      if ((next & bit(cap)) !== 0n || (t.cred.capBset & bit(cap)) === 0n) continue;
      try {
        prctlCapbsetDrop(k, t, cap);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        m.explainError(ctx.stderr, e);
        throw new Fail('apply bounding set: Operation not permitted', PRIVERR);
      }
    }
  }
  if (inh !== undefined) {
    state = { effective: t.cred.capEffective, permitted: t.cred.capPermitted, inheritable: applyCapList(state.inheritable, inh) };
    apply('apply capabilities');
  }
  if (amb !== undefined) {
    // PR_CAP_AMBIENT_RAISE/LOWER per capability; setpriv does not look at the result.
    applyCapList(t.cred.capAmbient, amb, (add, cap) => {
      try {
        prctlCapAmbient(k, t, add ? 'raise' : 'lower', cap);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
    });
  }
  // Clear or set parent death signal (PR_SET_PDEATHSIG).
  if (pdeathsig) {
    try {
      k.setPdeathSignal(t, pdeathsig < 0 ? 0 : pdeathsig);
    } catch (e) {
      privErr('set parent death signal failed', e);
    }
  }
  const status = await ctx.shell.execProgram(t, operands, ctx, env);
  if (status === undefined) throw new Fail(`failed to execute ${operands[0] ?? ''}: No such file or directory`, 127);
  return status;
}
