/**
 * newuidmap(1) and newgidmap(1) of shadow 4.13 (src/newuidmap.c,
 * src/newgidmap.c, libmisc/idmapping.c, lib/subordinateio.c), Debian's
 * `uidmap` package: the set-user-ID-root helpers that write a user
 * namespace's uid_map or gid_map with ranges /etc/subuid and /etc/subgid
 * grant the caller. unshare(1)'s --map-auto, --map-users and --map-groups
 * run them (unshare-maps.ts).
 *
 * Debian 12 does not install `uidmap` by default, and the reference machine
 * of the fixtures has none: `UIDMAP_COMMANDS` are not among the machine's
 * default commands (`COMMANDS`); `createMachine({ commands: [...COMMANDS,
 * ...UIDMAP_COMMANDS] })` is a machine where the package is installed.
 */
import { CAP_SETFCAP, CAP_SETGID, CAP_SETUID, KernelError, commitCreds, fromKgidMunged, fromKuidMunged, makeKuid } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { lookup } from '@nsproxy/mnt';
import { prctlSetKeepCaps } from '@nsproxy/user';
import type { CommandContext, CommandDef } from '../command.ts';
import { strerror } from '../machine.ts';
import { getpwuid } from '../passwd.ts';

/** One range of a helper's command line (struct map_range): `count` ids from `upper` (in the namespace) to `lower` (outside). */
interface MapRange {
  readonly upper: number;
  readonly lower: number;
  readonly count: number;
}

/**
 * execve(2) of a set-user-ID-root program (bprm_fill_uid and
 * cap_bprm_creds_from_file): the effective and saved uids become root (kernel
 * uid 0) when the caller's user namespace maps it and no_new_privs is off;
 * root then gets the bounding and inheritable sets, permitted and effective
 * (handle_privileged_root). commit_creds makes the task non-dumpable.
 */
export function execSetuidRoot(ctx: CommandContext, t: Task): void {
  const c = t.cred;
  if (t.noNewPrivs || makeKuid(c.userNs, 0) !== 0) return;
  const permitted = c.capBset | c.capInheritable;
  commitCreds(ctx.machine.kernel, t, c.with({ euid: 0, suid: 0, fsuid: 0, capPermitted: permitted, capEffective: permitted, keepCaps: false }));
}

/** have_range (subordinateio.c): whether the owner's ranges (by name, then by uid as text) cover [start, start+count). */
function haveRange(text: string, name: string, uid: number, start: number, count: number): boolean {
  const ranges = text.split('\n').map((l) => l.split(':')).filter((f) => f.length === 3 && /^[0-9]+$/.test(f[1] ?? '') && /^[0-9]+$/.test(f[2] ?? ''))
    .map(([owner = '', first = '', n = '']) => ({ owner, start: Number(first), count: Number(n) }));
  // find_range: a range of the owner's name containing `at`; failing that, one of the owner's uid as a string.
  const find = (at: number): { start: number; count: number } | undefined => {
    const inside = (r: { start: number; count: number }): boolean => at >= r.start && at < r.start + r.count;
    return ranges.find((r) => r.owner === name && inside(r)) ?? ranges.find((r) => r.owner === String(uid) && inside(r));
  };
  if (count === 0) return false;
  const end = start + count - 1;
  for (let r = find(start); r; r = find(start)) {
    const last = r.start + r.count - 1;
    if (last >= start + count - 1) return true;
    count = end - last;
    start = last + 1;
  }
  return false;
}

function idmapCommand(kind: 'uid' | 'gid'): CommandDef {
  const name = `new${kind}map`;
  const file = kind === 'uid' ? '/etc/subuid' : '/etc/subgid';
  return {
    name,
    summary: `Set the ${kind}_map of a process's user namespace: each range must be the caller's own ${kind} (count 1) or within its ${file} ranges; the write is made as the set-user-ID-root helper makes it.`,
    usage: [`${name} <pid> <${kind}> <lower${kind}> <count> [ <${kind}> <lower${kind}> <count> ] ...`],
    options: [],
    models: `shadow 4.13 ${name}(1)`,
    run(ctx) {
      const k = ctx.machine.kernel;
      const t = ctx.task;
      const usage = (): number => {
        ctx.stderr.write(`usage: ${name} <pid> <${kind}> <lower${kind}> <count> [ <${kind}> <lower${kind}> <count> ] ... \n`);
        return 1;
      };
      execSetuidRoot(ctx, t);
      const args = ctx.argv.slice(1);
      const pidText = args[0];
      if (pidText === undefined || !/^[0-9]+$/.test(pidText) || Number(pidText) <= 0) return usage();
      const pid = Number(pidText);
      // open("/proc/PID/", O_DIRECTORY), then fstat: the target's owner (its euid and egid while it is dumpable).
      let target: Task | undefined;
      try {
        const node = lookup(k, t, `/proc/${pid}/`, 'open').dentry.proc;
        target = node?.kind === 'pid' ? node.task : undefined;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
      if (!target) {
        ctx.stderr.write(`${name}: Could not open proc directory for target ${pid}\n`);
        return 1;
      }
      const [ruid] = k.getresuid(t);
      const [rgid] = k.getresgid(t);
      const pw = getpwuid(ctx.machine, t, ruid);
      if (!pw) {
        ctx.stderr.write(`${name}: Cannot determine your user name.\n`);
        return 1;
      }
      const stUid = target.dumpable ? fromKuidMunged(t.cred.userNs, target.cred.euid) : 0;
      const stGid = target.dumpable ? fromKgidMunged(t.cred.userNs, target.cred.egid) : 0;
      if (ruid !== pw.uid || rgid !== pw.gid || pw.uid !== stUid || rgid !== stGid) {
        ctx.stderr.write(`${name}: ${kind === 'uid' ? 'Target process' : 'Target'} ${pid} is owned by a different user: uid:${ruid} pw_uid:${pw.uid} st_uid:${stUid}, gid:${rgid} pw_gid:${pw.gid} st_gid:${stGid}\n`);
        return 1;
      }
      let subids: string;
      try {
        subids = ctx.machine.readFile(t, file);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        return 1;
      }
      // get_map_ranges: whole triples of numbers.
      const rest = args.slice(1);
      const ranges = Math.trunc((rest.length + 2) / 3);
      if (ranges * 3 > rest.length) {
        ctx.stderr.write(`ranges: ${ranges} argc: ${rest.length}\n${name}: Not enough arguments to form ${ranges} mappings\n`);
        return usage();
      }
      const maps: MapRange[] = [];
      for (let i = 0; i < ranges; i++) {
        const [u, l, n] = rest.slice(i * 3, i * 3 + 3);
        if (![u, l, n].every((x) => x !== undefined && /^[0-9]+$/.test(x))) return usage();
        const m = { upper: Number(u), lower: Number(l), count: Number(n) };
        if (m.upper + m.count > 4294967295 || m.lower + m.count > 4294967295) {
          ctx.stderr.write(`${name}: subuid overflow detected.\n`);
          return 1;
        }
        maps.push(m);
      }
      // verify_ranges: the caller's own id alone, or a range of its subordinate ids (newgidmap: which also allows setgroups).
      let allowSetgroups = false;
      for (const m of maps) {
        let ok = false;
        if (m.count !== 0 && haveRange(subids, pw.name, pw.uid, m.lower, m.count)) {
          ok = true;
          allowSetgroups = true;
        } else if (m.count === 1 && m.lower === (kind === 'uid' ? pw.uid : rgid)) ok = true;
        if (!ok) {
          ctx.stderr.write(`${name}: ${kind} range [${m.upper}-${m.upper + m.count}) -> [${m.lower}-${m.lower + m.count}) not allowed\n`);
          return 1;
        }
      }
      // newgidmap's write_setgroups: "deny" unless a subordinate range was granted (and unless it says so already).
      if (kind === 'gid' && !allowSetgroups) {
        try {
          if (!ctx.machine.readFile(t, `/proc/${pid}/setgroups`).startsWith('deny\n')) ctx.machine.writeFile(t, `/proc/${pid}/setgroups`, 'deny\n');
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          ctx.stderr.write(`${name}: couldn't open process setgroups: ${strerror(e)}\n`);
          return 1;
        }
      }
      // write_mapping: as the real uid with only CAP_SETUID (CAP_SETGID) kept (and CAP_SETFCAP when root outside is mapped).
      const cap = kind === 'uid' ? CAP_SETUID : CAP_SETGID;
      try {
        if (k.getresuid(t)[1] === 0 && ruid !== 0) {
          prctlSetKeepCaps(k, t, 1);
          k.setresuid(t, -1, ruid, -1);
        }
        let keep = 1n << BigInt(cap);
        if (maps.some((m) => m.lower === 0)) keep |= 1n << BigInt(CAP_SETFCAP);
        keep &= t.cred.capPermitted;
        k.capset(t, { effective: keep, permitted: keep, inheritable: t.cred.capInheritable & keep });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`${name}: Could not set caps\n`);
        return 1;
      }
      const text = maps.map((m) => `${m.upper} ${m.lower} ${m.count}\n`).join('');
      let out;
      try {
        out = ctx.machine.openForWrite(t, `/proc/${pid}/${kind}_map`, false);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`${name}: open of ${kind}_map failed: ${strerror(e)}\n`);
        return 1;
      }
      try {
        out.write(text);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`${name}: write to ${kind}_map failed: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
      return 0;
    },
  };
}

export const newuidmapCommand: CommandDef = idmapCommand('uid');
export const newgidmapCommand: CommandDef = idmapCommand('gid');

/** Debian's `uidmap` package: not installed on a fresh Debian 12 (nor on the fixtures' reference machine). */
export const UIDMAP_COMMANDS: readonly CommandDef[] = [newuidmapCommand, newgidmapCommand];
