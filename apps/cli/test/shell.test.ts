/**
 * Issue 18: `nsproxy shell` the way a user meets it, the built command as a
 * subprocess: a script file, a pipe, the interactive prompt under a
 * pseudo-terminal (script(1)), and the fixture scripts of
 * `shell-fixtures/`, whose expected output was captured from the real tools
 * (dash, util-linux 2.38.1, iproute2 6.1, procps) in a fresh set of
 * namespaces and is compared byte for byte after masking what differs
 * between any two machines (nsfs inode numbers, MAC addresses, times).
 *
 * Capture again (as root, on Linux): `NSPROXY_CAPTURE=1 npx vitest run
 * apps/cli/test/shell.test.ts` (or `apps/cli/test/shell-fixtures/capture.sh`):
 * each script runs under the real `sh` through the driver below, and its
 * masked output is written to `<name>.expected`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ENV, bin, runShell } from './shell-run.ts';
import type { Ran } from './shell-run.ts';

const fixtures = fileURLToPath(new URL('./shell-fixtures/', import.meta.url));
const capture = process.env['NSPROXY_CAPTURE'] === '1';
const work = mkdtempSync(join(tmpdir(), 'nsproxy-shell-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `nsproxy shell ARGS` with `input` on stdin. */
function nsproxy(args: readonly string[], input = '', cwd = work): Ran {
  return runShell(args, input, cwd);
}

/** `file` in the work directory with `text`; returns its name. */
function file(name: string, text: string): string {
  writeFileSync(join(work, name), text);
  return name;
}

describe('nsproxy shell FILE and pipes', () => {
  test('a script file prints only what its commands print and exits with the last status', () => {
    const r = nsproxy([file('a.sh', 'hostname\nunshare -u sh -c "hostname box; hostname"\nhostname\nfalse\n')]);
    expect(r).toEqual({ stdout: 'nsproxy\nbox\nnsproxy\n', stderr: '', status: 1 });
  });

  test('commands from a pipe; a command not found is dash\'s line with the script\'s name and line, status 127', () => {
    expect(nsproxy([], 'echo one\nnosuch\n')).toEqual({ stdout: 'one\n', stderr: 'sh: 2: nosuch: not found\n', status: 127 });
    expect(nsproxy([file('b.sh', 'echo x\n\nnosuch arg\n')])).toEqual({ stdout: 'x\n', stderr: 'b.sh: 3: nosuch: not found\n', status: 127 });
  });

  test('a syntax error ends a script with status 2; a missing script is dash\'s cannot open, status 2', () => {
    expect(nsproxy([], 'echo a\nif true; then\n')).toEqual({ stdout: 'a\n', stderr: 'sh: 3: Syntax error: end of file unexpected (expecting "fi")\n', status: 2 });
    expect(nsproxy(['nosuch.sh'])).toEqual({ stdout: '', stderr: 'sh: 0: cannot open nosuch.sh: No such file\n', status: 2 });
  });

  test('a shell that unshare starts without a program reads the lines after it, until exit', () => {
    expect(nsproxy([], 'unshare -u\nhostname inner\nhostname\nexit 5\necho $?\nhostname\n')).toEqual({ stdout: 'inner\n5\nnsproxy\n', stderr: '', status: 0 });
  });

  test('the rule behind an error is printed with --explain only, never in a script\'s output otherwise', () => {
    const script = file('c.sh', "unshare -U sh -c 'unshare -n true'\n");
    expect(nsproxy([script])).toEqual({ stdout: '', stderr: 'unshare: unshare failed: Operation not permitted\n', status: 1 });
    const explained = nsproxy(['--explain', script]);
    const [line, why] = explained.stderr.split('\n');
    expect(line).toBe('unshare: unshare failed: Operation not permitted');
    expect(why).toMatch(/^ {2}why: unshare gave EPERM: .+; nsproxy explain ([A-Z][0-9]+\.[0-9]+[a-z]?)\]$/);
    // The rule it names is one `nsproxy explain` knows.
    const id = /nsproxy explain (\S+)\]$/.exec(why ?? '')?.[1] ?? '';
    const explain = spawnSync(process.execPath, [bin, 'explain', id], { encoding: 'utf8', env: ENV });
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain(id);
  });

  test('--help of a command comes from its definition, and `nsproxy shell --help` describes the command', () => {
    const r = nsproxy([], 'lsns --help\n');
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['', 'Usage:', ' lsns [options] [<namespace>]']);
    expect(r.stdout).toContain(' -J, --json');
    expect(r.stdout.trimEnd().endsWith('For more details see lsns(8).')).toBe(true);
    const help = spawnSync(process.execPath, [bin, 'shell', '--help'], { encoding: 'utf8', env: ENV });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--explain');
  });
});

/** script(1) runs the command under a pseudo-terminal, with `input` typed into it. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('the interactive prompt (a pseudo-terminal)', () => {
  test.skipIf(!hasScript)('prompts with # for root, runs what is typed, explains a failure, and exits with exit\'s status', () => {
    const r = spawnSync('script', ['-qec', `${process.execPath} ${bin} shell`, '/dev/null'], { input: 'hostname\nunshare -U hostname x\nunshare -Ur sh\nid -u\nexit\nexit 4\n', encoding: 'utf8', env: { ...ENV, TERM: 'dumb' }, timeout: 60_000 });
    const out = r.stdout.replace(/\r/g, '');
    expect(r.status).toBe(4);
    expect(out).toContain('# ');
    expect(out).toContain('\nnsproxy\n');
    expect(out).toContain('hostname: you must be root to change the host name\n  why: sethostname gave EPERM:');
    expect(out).toMatch(/\n0\n/);
  });
});

/** What differs between any two machines: nsfs inode numbers, MAC addresses, clock times; each replaced by its order of appearance. */
export function mask(text: string): string {
  const seen = new Map<string, string>();
  const name = (kind: string, value: string, make: (n: number) => string): string => {
    const key = `${kind}:${value}`;
    let v = seen.get(key);
    if (v === undefined) {
      v = make([...seen.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1);
      seen.set(key, v);
    }
    return v;
  };
  return text
    .replace(/\b40265[0-9]{5}\b/g, (m) => name('ns', m, (n) => `NS${String(n).padStart(8, '0')}`))
    .replace(/\b(?!00:00:00:00:00:00|ff:ff:ff:ff:ff:ff)([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g, (m) => name('mac', m, (n) => `XX:XX:XX:XX:XX:${n.toString(16).padStart(2, '0')}`))
    .replace(/(?<=\s)[0-9]{2}:[0-9]{2}(?=\s)/g, 'HH:MM')
    .replace(UPTIME_PRETTY, (_, decades: string | undefined, years: string | undefined) => `up ${[decades, years, '<less than a year>'].filter((x) => x !== undefined).join(', ')}`);
}

/**
 * `uptime -p`'s line (procps_uptime_sprint_short): the machine's own uptime
 * differs between any two machines (the model's starts at one day), so the
 * units below a year are masked; the decades and years stay, which are what
 * a time namespace's boottime offset shows (unshare --boottime 300000000:
 * `up 9 years, <less than a year>`).
 */
const UPTIME_PRETTY = /^up (?:([0-9]+ decades?)(?:, |$))?(?:([0-9]+ years?)(?:, |$))?(?:[0-9]+ (?:weeks?|days?|hours?|minutes?)(?:, |$))*$/gm;

/**
 * The driver both shells run a fixture script through: a fresh set of
 * namespaces (mount, uts, ipc, net, pid with its own /proc), a tmpfs on /run,
 * the hostname `nsproxy`, and the script copied there and run by `sh`.
 */
function driver(script: string): string {
  const quoted = `'${script.replace(/'/g, "'\\''")}'`;
  return `unshare --mount --uts --ipc --net --pid --fork --mount-proc sh -c 'mount -t tmpfs tmpfs /run && hostname nsproxy && printf "%s" "$1" > /run/script.sh && exec sh /run/script.sh' sh ${quoted}\n`;
}

/** The fixture's expected text: stdout, stderr, and the exit status. */
function transcript(r: Ran): string {
  return `${mask(r.stdout)}--- stderr\n${mask(r.stderr)}--- status ${r.status ?? 'none'}\n`;
}

const scripts = readdirSync(fixtures).filter((f) => f.endsWith('.sh') && f !== 'capture.sh').sort();

describe('fixtures: the real tools\' output, byte for byte after masking', () => {
  test('there are fixture scripts, each with its captured output', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    if (!capture) for (const s of scripts) expect(existsSync(join(fixtures, s.replace(/\.sh$/, '.expected'))), s).toBe(true);
  });

  for (const s of scripts) {
    test(s, () => {
      const script = readFileSync(join(fixtures, s), 'utf8');
      const drive = file(`driver-${s}`, driver(script));
      const expectedPath = join(fixtures, s.replace(/\.sh$/, '.expected'));
      if (capture) {
        const real = spawnSync('sh', [drive], { cwd: work, encoding: 'utf8', env: ENV, input: '', timeout: 60_000 });
        writeFileSync(expectedPath, transcript({ stdout: real.stdout, stderr: real.stderr, status: real.status }));
      }
      const ours = nsproxy([drive]);
      expect(transcript(ours)).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
