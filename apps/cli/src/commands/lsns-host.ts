/**
 * `nsproxy lsns --host [lsns options]`: util-linux 2.38.1's lsns(8) over
 * the real machine's /proc. This module is the node-side reader of
 * sys-utils/lsns.c (read_processes, read_process, get_ns_ino,
 * read_namespaces, the columns of add_scols_line, nsfs_xasputs over
 * /proc/self/mountinfo, the user names of /etc/passwd); the options are
 * those of the simulated `lsns` (its CommandDef) and the table is printed by
 * the same code as the simulated one (`lsnsTable` of @nsproxy/shell), so
 * both print what libsmartcols prints.
 *
 * What Node cannot ask the kernel for stays empty: NETNSID (lsns asks
 * rtnetlink with RTM_GETNSID) and PNS/ONS (the NS_GET_PARENT and
 * NS_GET_USERNS ioctls); lsns prints the same empty NETNSID when netlink is
 * unusable. Not modelled: `-T`/`--tree` (owner and parent trees).
 */
import type { CAC } from 'cac';
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { COMMANDS, LSNS_COLUMNS, LSNS_TYPES, UsageError as ShellUsageError, getopt, helpText, lsnsDefaultColumns, lsnsOutputColumns, lsnsProcessParents, lsnsTable, optionValue } from '@nsproxy/shell';
import type { CommandDef, LsnsCell, LsnsLine, ParsedArgs } from '@nsproxy/shell';
import { UsageError } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';

/** One process as lsns reads it (struct lsns_process). */
export interface HostProcess {
  readonly pid: number;
  readonly ppid: number;
  /** The owner of /proc/PID (its effective uid, unless it is not dumpable). */
  readonly uid: number;
  /** The inode of each /proc/PID/ns/TYPE it could stat (EACCES and ENOENT leave a type out). */
  readonly ns: ReadonlyMap<string, number>;
}

/** One namespace (struct lsns_namespace): its processes in reading order, and the one with the lowest pid. */
export interface HostNamespace {
  readonly ns: number;
  readonly type: string;
  readonly procs: readonly HostProcess[];
  readonly proc: HostProcess;
}

/** errno of a failed fs call. */
function errnoOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
}

/** parse_proc_stat: the pid, and the ppid after the command's closing parenthesis. */
function parseStat(line: string): { pid: number; ppid: number } | undefined {
  const close = line.lastIndexOf(')');
  const pid = /^(\d+) \(/.exec(line);
  const rest = /^\) \S (-?\d+)/.exec(line.slice(close));
  return close < 0 || !pid || !rest ? undefined : { pid: Number(pid[1]), ppid: Number(rest[1]) };
}

/**
 * read_processes: every /proc/PID (thread-group leaders), in pid order, each
 * with the inodes of the namespace types asked for. A process that vanishes
 * or cannot be read (ENOENT, EACCES) is skipped, as lsns skips it.
 */
export function readProcesses(types: readonly string[], proc = '/proc'): HostProcess[] {
  const pids = readdirSync(proc).filter((d) => /^[0-9]+$/.test(d)).map(Number).sort((a, b) => a - b);
  const out: HostProcess[] = [];
  for (const pid of pids) {
    try {
      const uid = statSync(`${proc}/${pid}`).uid;
      const stat = parseStat(readFileSync(`${proc}/${pid}/stat`, 'utf8'));
      if (!stat) continue;
      const ns = new Map<string, number>();
      for (const type of types) {
        try {
          ns.set(type, statSync(`${proc}/${pid}/ns/${type}`).ino);
        } catch (e) {
          if (errnoOf(e) !== 'EACCES' && errnoOf(e) !== 'ENOENT') throw e;
        }
      }
      out.push({ pid: stat.pid, ppid: stat.ppid, uid, ns });
    } catch (e) {
      if (errnoOf(e) !== 'EACCES' && errnoOf(e) !== 'ENOENT' && errnoOf(e) !== 'ESRCH') throw e;
    }
  }
  return out;
}

/** read_namespaces: one namespace per inode, its processes in reading order, sorted by inode. */
export function hostNamespaces(procs: readonly HostProcess[], types: readonly string[] = LSNS_TYPES): HostNamespace[] {
  const byIno = new Map<number, { ns: number; type: string; procs: HostProcess[]; proc: HostProcess }>();
  for (const p of procs) {
    for (const type of LSNS_TYPES) {
      const ino = p.ns.get(type);
      if (ino === undefined || ino === 0 || !types.includes(type)) continue;
      const ns = byIno.get(ino);
      if (!ns) byIno.set(ino, { ns: ino, type, procs: [p], proc: p });
      else {
        ns.procs.push(p);
        if (p.pid < ns.proc.pid) ns.proc = p;
      }
    }
  }
  return [...byIno.values()].sort((a, b) => a.ns - b.ns);
}

/**
 * pid_get_cmdline, else pid_get_cmdname (lib/procfs.c strdup_procfs_file):
 * at most BUFSIZ bytes of /proc/PID/cmdline with its NULs as blanks, the
 * last byte dropped; for an empty one (a kernel thread), /proc/PID/comm.
 */
export function procCommand(pid: number, proc = '/proc'): string | null {
  for (const name of ['cmdline', 'comm']) {
    let fd: number | undefined;
    try {
      fd = openSync(`${proc}/${pid}/${name}`, 'r');
      const buf = Buffer.alloc(8192);
      let n = 0;
      for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
      if (n > 0) return buf.subarray(0, n - 1).toString('utf8').replace(/\0/g, ' ');
    } catch {
      // Gone, or not readable: the next file, or nothing.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return null;
}

/** getpwuid's name of each uid in an /etc/passwd text (the first entry wins). */
export function passwdNames(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name === undefined || name === '' || uid === undefined || !/^\d+$/.test(uid)) continue;
    if (!names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

/** The nsfs mounts of /proc/self/mountinfo: root (`net:[4026532256]`) and mount point (octal escapes undone). */
export function nsfsMounts(mountinfo: string): { readonly root: string; readonly target: string }[] {
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out: { root: string; target: string }[] = [];
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash < 0 || fields[dash + 1] !== 'nsfs') continue;
    out.push({ root: unescape(fields[3] ?? ''), target: unescape(fields[4] ?? '') });
  }
  return out;
}

/** Where the reader looks, and how the output is shown (tests point them elsewhere). */
export interface HostLsnsEnv {
  readonly proc?: string;
  readonly passwd?: string;
  /** LC_ALL, LC_CTYPE, LANG: a UTF-8 codeset draws the tree with box-drawing characters. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The terminal's width when standard output is one (COMMAND is cut to fit unless -u). */
  readonly termWidth?: number;
}

/** What one run prints and its exit status. */
export interface HostLsnsResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** The simulated lsns's definition: the same options and help. */
function lsnsDef(): CommandDef {
  const def = COMMANDS.find((c) => c.name === 'lsns');
  if (!def) throw new Error('@nsproxy/shell has no lsns command');
  return def;
}

/** nl_langinfo(CODESET) is UTF-8: the locale variables in setlocale's order. */
function utf8Locale(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find((v) => v !== undefined && v !== '') ?? '';
  return /\.utf-?8\b/i.test(locale);
}

/** lsns's main() over the real /proc: `argv` are lsns's arguments. */
export function lsnsHost(argv: readonly string[], host: HostLsnsEnv = {}): HostLsnsResult {
  const def = lsnsDef();
  const fail = (message: string): HostLsnsResult => ({ stdout: '', stderr: `lsns: ${message}\n`, status: 1 });
  let args: ParsedArgs;
  try {
    args = getopt(def, argv);
  } catch (e) {
    if (!(e instanceof ShellUsageError)) throw e;
    return { stdout: '', stderr: `lsns: ${e.message}\nTry 'lsns --help' for more information.\n`, status: 1 };
  }
  const has = (key: string): boolean => optionValue(args, key) !== undefined;
  if (has('help')) return { stdout: helpText(def), stderr: '', status: 0 };
  if (has('version')) return { stdout: 'lsns from util-linux 2.38.1 (nsproxy --host)\n', stderr: '', status: 0 };
  // err_exclusive_options: -J and -r.
  if (has('json') && has('raw')) return fail('mutually exclusive arguments: --json --raw');
  const types: string[] = [];
  let pidFilter = 0;
  let outarg: string | undefined;
  let outputAll = false;
  for (const [key, value] of args.options) {
    if (key === 'type') {
      if (!LSNS_TYPES.includes(value ?? '')) return fail(`unknown namespace type: ${value ?? ''}`);
      if (!types.includes(value ?? '')) types.push(value ?? '');
    } else if (key === 'task') {
      const v = value ?? '';
      if (!/^[-+]?\d+$/.test(v.trim()) || Math.abs(Number(v)) > 2147483647) return fail(`invalid PID argument: '${v}'`);
      pidFilter = Number(v);
    } else if (key === 'output') outarg = value;
    else if (key === 'output-all') outputAll = true;
  }
  const wanted = types.length > 0 ? LSNS_TYPES.filter((t) => types.includes(t)) : LSNS_TYPES;
  const list = has('list');
  const noWrap = has('nowrap') || has('raw');
  let columns: string[] = outputAll ? Object.keys(LSNS_COLUMNS) : [];
  let tree = false;
  let nsFilter: number | undefined;
  const operand = args.operands[0];
  if (operand !== undefined) {
    if (pidFilter !== 0) return fail('--task is mutually exclusive with <namespace>');
    if (!/^\d+$/.test(operand)) return fail(`invalid namespace argument: '${operand}'`);
    nsFilter = Number(operand);
    tree = !list;
    if (columns.length === 0) columns = ['PID', 'PPID', 'USER', 'COMMAND'];
  }
  if (columns.length === 0) {
    columns = lsnsDefaultColumns(types.includes('net'));
    tree = !list;
  }
  if (outarg !== undefined) {
    const chosen = lsnsOutputColumns(columns, outarg);
    if (!Array.isArray(chosen)) return fail(`unknown column: ${chosen.unknown}`);
    columns = chosen;
  }
  const proc = host.proc ?? '/proc';
  const namespaces = hostNamespaces(readProcesses(wanted, proc), wanted);
  let users: Map<number, string> | undefined;
  const userName = (uid: number): string => {
    if (!users) {
      try {
        users = passwdNames(readFileSync(host.passwd ?? '/etc/passwd', 'utf8'));
      } catch {
        users = new Map();
      }
    }
    return users.get(uid) ?? String(uid);
  };
  let mounts: { root: string; target: string }[] | undefined;
  const nsfs = (ns: HostNamespace): string | null => {
    if (!mounts) {
      try {
        mounts = nsfsMounts(readFileSync(`${proc}/self/mountinfo`, 'utf8'));
      } catch {
        mounts = [];
      }
    }
    const paths: string[] = [];
    // nsfs_xasputs: each mount point once (is_path_included).
    for (const m of mounts) if (m.root === `${ns.type}:[${ns.ns}]` && !paths.includes(m.target)) paths.push(m.target);
    return paths.length > 0 ? paths.join(noWrap ? ',' : '\n') : null;
  };
  const cell = (ns: HostNamespace, p: HostProcess, c: string): LsnsCell => {
    switch (c) {
      case 'NS': return ns.ns;
      case 'TYPE': return ns.type;
      case 'PATH': return `/proc/${p.pid}/ns/${ns.type}`;
      case 'NPROCS': return ns.procs.length;
      case 'PID': return p.pid;
      case 'PPID': return p.ppid;
      case 'COMMAND': return procCommand(p.pid, proc);
      case 'UID': return p.uid;
      case 'USER': return userName(p.uid);
      case 'NSFS': return nsfs(ns);
      default: return null; // NETNSID, PNS, ONS: not readable from /proc.
    }
  };
  const lineOf = (ns: HostNamespace, p: HostProcess): Record<string, LsnsCell> => Object.fromEntries(columns.map((c) => [c, cell(ns, p, c)]));
  const options = {
    columns, json: has('json'), raw: has('raw'), noheadings: has('noheadings'), notruncate: has('notruncate'),
    utf8: utf8Locale(host.env ?? {}), ...(host.termWidth !== undefined ? { termWidth: host.termWidth } : {}), ...(tree ? { treeColumn: 'COMMAND' } : {}),
  };
  if (nsFilter !== undefined) {
    const ns = namespaces.find((n) => n.ns === nsFilter);
    if (!ns) return fail(`not found namespace: ${nsFilter}`);
    // show_namespace_processes: each process, after its parent when that is in the namespace too (show_process).
    const lines: LsnsLine[] = [];
    const lineOfPid = new Map<number, number>();
    const byPid = new Map(ns.procs.map((p) => [p.pid, p]));
    const show = (p: HostProcess): void => {
      const parent = byPid.get(p.ppid);
      if (tree && parent && parent !== p && !lineOfPid.has(parent.pid)) show(parent);
      const at = lineOfPid.get(p.ppid);
      lineOfPid.set(p.pid, lines.length);
      lines.push({ cells: lineOf(ns, p), ...(at !== undefined ? { parent: at } : {}) });
    };
    for (const p of ns.procs) if (!lineOfPid.has(p.pid)) show(p);
    return { stdout: lsnsTable(lines, options), stderr: '', status: 0 };
  }
  const shown = namespaces.filter((ns) => pidFilter === 0 || ns.procs.some((p) => p.pid === pidFilter));
  const parents = lsnsProcessParents(shown.map((ns) => ({ pid: ns.proc.pid, ppid: ns.proc.ppid })));
  const lines = shown.map((ns, i) => ({ cells: lineOf(ns, ns.proc), ...(parents[i] !== undefined ? { parent: parents[i] } : {}) }));
  return { stdout: lsnsTable(lines, options), stderr: '', status: 0 };
}

export const lsnsCommand: CliCommand = {
  name: 'lsns',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('lsns [...args]', 'With --host, list the real machine\'s namespaces from /proc as util-linux\'s lsns(8) does, with its options (-t -p -n -o -J -l -r -u ...)')
      .option('--host', 'Read this machine\'s /proc (required: the simulated lsns runs in `nsproxy shell`)')
      .allowUnknownOptions()
      .example('nsproxy lsns --host -t net')
      .example('nsproxy lsns --host -J -o NS,TYPE,NPROCS')
      .action((): number => {
        // lsns's own options, in order, as typed: everything after `lsns` but --host.
        const raw = cli.rawArgs.slice(2);
        const at = raw.indexOf('lsns');
        const rest = raw.slice(at + 1);
        const end = rest.indexOf('--');
        const before = end < 0 ? rest : rest.slice(0, end);
        if (!before.includes('--host')) {
          throw new UsageError('lsns: lists the real machine\'s namespaces with --host (nsproxy lsns --host [options]); the simulated lsns runs in nsproxy shell');
        }
        const argv = [...before.filter((a) => a !== '--host'), ...(end < 0 ? [] : rest.slice(end))];
        const stdout = process.stdout;
        const r = lsnsHost(argv, { env: ctx.env, ...(ctx.stdout === undefined && stdout.isTTY ? { termWidth: stdout.columns } : {}) });
        if (r.stdout !== '') ctx.write(r.stdout);
        if (r.stderr !== '') ctx.writeErr(r.stderr);
        return r.status;
      });
  },
};
