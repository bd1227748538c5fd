/**
 * `nsproxy run` as a user runs it: the built command in a subprocess (build
 * first: `npx turbo run build --filter=nsproxy...`). What a new user met
 * (issue 18): the examples of `run --help` run as written; `-v` under a
 * command is an error; `--transcript`; files that are not scenarios; `-`; the
 * line naming the backend; and, without root on Linux, no failure for what
 * the real kernel here cannot show: one note, those scenarios skipped.
 *
 * The unprivileged runs need Linux, the real kernel's backend, and either a
 * non-root user already or root with `setpriv` (to become `nobody`) and
 * `unshare` (to mask a part of /proc in a private mount namespace, as a
 * container does); else they are skipped, saying why, and under CI=true that
 * is a failure.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createLinuxBackend } from '@nsproxy/linux';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/nsproxy.js', import.meta.url));
const corpus = 'packages/scenario/corpus';
/** A clean environment: no CI, no terminal, nothing of the caller's (HOME: a directory of the test's, `homeFor`). */
const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' };

const scratch = mkdtempSync(join(tmpdir(), 'nsproxy-run-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A home of its own for each user the command runs as (where it may cache a build of the agent), removed at the end. */
const homes = new Map<string, string>();
function homeFor(user: 'self' | 'nobody'): string {
  let home = homes.get(user);
  if (home === undefined) {
    home = mkdtempSync(join(tmpdir(), `nsproxy-home-${user}-`));
    if (user === 'nobody') chownSync(home, NOBODY, NOBODY);
    homes.set(user, home);
  }
  return home;
}
afterAll(() => {
  for (const home of homes.values()) rmSync(home, { recursive: true, force: true });
});

function nsproxy(args: readonly string[], options: { input?: string | Uint8Array; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...ENV, HOME: homeFor('self'), ...options.env }, input: options.input ?? '', timeout: 120_000 });
}

/** Bad input: one line on stderr, nothing on stdout, exit 2, never a stack trace. */
function expectOneLine(r: SpawnSyncReturns<string>, line: string): void {
  expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
}

function scratchFile(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('the examples of nsproxy run --help', () => {
  const help = nsproxy(['run', '--help']);
  const examples = help.stdout.split('Examples:\n')[1]?.split('\n').map((l) => l.trim()).filter((l) => l !== '') ?? [];

  test('there are some, and --help shows --transcript', () => {
    expect(help.status).toBe(0);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(help.stdout).toContain('--transcript');
  });

  test.each(examples)('%s: runs as written from the root of the repository, and passes', (example) => {
    expect(example.startsWith('nsproxy run ')).toBe(true);
    const r = spawnSync('sh', ['-c', `"$NODE" "$BIN" ${example.slice('nsproxy '.length)}`], { cwd: root, encoding: 'utf8', env: { ...ENV, HOME: homeFor('self'), NODE: process.execPath, BIN: bin }, timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^backend: /);
    expect(r.stdout).toMatch(/\n[1-9]\d* passed, 0 failed\n$/);
    expect(r.status).toBe(0);
  }, 120_000);
});

describe('-v and --version under a command', () => {
  test.each([
    [['run', '-v', `${corpus}/core/format-example.nss`], "nsproxy: run: unknown option `-v` (the version: nsproxy --version; each step's results: nsproxy run --transcript)"],
    [['run', '--backend', 'sim', `${corpus}/core/format-example.nss`, '--version'], "nsproxy: run: unknown option `--version` (the version: nsproxy --version; each step's results: nsproxy run --transcript)"],
    [['demo', '--version'], 'nsproxy: demo: unknown option `--version` (the version: nsproxy --version)'],
  ])('nsproxy %j: exit 2, one line', (args, line) => {
    expectOneLine(nsproxy(args), line);
  });

  test('nsproxy --version and -v still print the version', () => {
    const version = (JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v']) {
      const r = nsproxy([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.startsWith(`nsproxy/${version} `)).toBe(true);
    }
  });
});

describe('what a run prints', () => {
  test('--transcript: the backend, then each step with its result, as the format writes a transcript', () => {
    const file = `${corpus}/core/format-example.nss`;
    const steps = readFileSync(join(root, file), 'utf8').split('\n').filter((l) => /^[a-z][a-z0-9_]*:/.test(l));
    const r = nsproxy(['run', '--backend', 'sim', '--transcript', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['backend: sim', `PASS ${file}`, '  transcript (sim):']);
    // Each step as written (inner spacing and comment dropped), ` => `, its result: here the expectation it met.
    const expected = steps.map((l) => {
      const [step = '', result = ''] = l.replace(/\s+#.*$/, '').split('=>');
      return `    ${step.trim().replace(/\s+/g, ' ')} => ${result.trim()}`;
    });
    expect(lines.slice(3, 3 + steps.length)).toEqual(expected);
    expect(lines.slice(3 + steps.length)).toEqual(['1 passed, 0 failed', '']);
  });

  test('- reads the scenario from standard input', () => {
    const r = nsproxy(['run', '--backend', 'sim', '-'], { input: readFileSync(join(root, corpus, 'uts/siblings-isolated.nss')) });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: 'backend: sim\nPASS <stdin>\n1 passed, 0 failed\n', stderr: '' });
  });
});

describe('files that are not scenarios: one line naming the file, exit 2', () => {
  test('an empty file, and one without steps', () => {
    expectOneLine(nsproxy(['run', scratchFile('empty.nss', '')]), `${scratch}/empty.nss: no steps (the file is empty)`);
    expectOneLine(nsproxy(['run', scratchFile('nosteps.nss', '@title: t\n# c\n')]), `${scratch}/nosteps.nss: no steps`);
  });

  test('a binary file: refused, nothing of it on the terminal', () => {
    const binary = readFileSync('/bin/sh').subarray(0, 4096);
    const r = nsproxy(['run', scratchFile('sh.nss', binary)]);
    expectOneLine(r, `${scratch}/sh.nss:1: a NUL byte: a binary file, not a scenario`);
    expect(r.stderr).not.toContain('ELF');
  });

  test('invalid UTF-8: the file and the line', () => {
    const latin1 = Buffer.concat([Buffer.from('@title: t\ninit: sethostname caf'), Buffer.from([0xe9]), Buffer.from(' => ok\n')]);
    expectOneLine(nsproxy(['run', '--backend', 'sim', scratchFile('latin1.nss', latin1)]), `${scratch}/latin1.nss:2: invalid UTF-8 (byte 0xe9)`);
  });
});

// ---------------------------------------------------------------------------
// Without root on Linux.
// ---------------------------------------------------------------------------

const NOBODY = 65534;
/**
 * setpriv's arguments that make the test's process nobody. A clone may sit in a
 * directory only root can read (mktemp -d makes it 0700), so nobody keeps one
 * capability, ambient: CAP_DAC_READ_SEARCH, to read the repository. It changes
 * nothing the run is about: the linux backend's world lives in a user namespace
 * of its own, where a capability of the initial one does not count.
 */
const AS_NOBODY = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--inh-caps=+dac_read_search', '--ambient-caps=+dac_read_search'];
const isRoot = process.geteuid?.() === 0;
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`], { env: ENV }).status === 0;
/** A directory of /proc to mask with a tmpfs, as a container masks /proc/acpi. */
const procDir = ['acpi', 'driver', 'fs', 'irq', 'tty'].map((d) => `/proc/${d}`).find((d) => existsSync(d) && statSync(d).isDirectory());

/** Why the unprivileged runs cannot be made here, or undefined. */
async function unprivilegedWhy(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  const unavailable = await createLinuxBackend().unavailable();
  if (unavailable !== undefined) return `linux backend unavailable: ${unavailable}`;
  const self = spawnSync(process.execPath, [bin, '--version'], { cwd: root, encoding: 'utf8', env: { ...ENV, HOME: homeFor('self') } });
  if (self.status !== 0) return `the built command does not run (${self.stderr.trim().split('\n')[0] ?? ''}): build it first`;
  if (!isRoot) return undefined;
  if (!has('setpriv') || !has('unshare')) return 'root, without setpriv and unshare to drop privileges and mask /proc';
  if (procDir === undefined) return 'no directory of /proc to mask';
  const probe = spawnSync('setpriv', [...AS_NOBODY, process.execPath, bin, '--version'], { cwd: root, encoding: 'utf8', env: { ...ENV, HOME: homeFor('nobody') } });
  if (probe.status !== 0) return `uid ${NOBODY} cannot run the built command here (${probe.stderr.trim().split('\n')[0] ?? ''}): setpriv could not make it nobody with CAP_DAC_READ_SEARCH`;
  return undefined;
}

const why = await unprivilegedWhy();
if (why !== undefined && process.env['CI'] === 'true') throw new Error(`CI=true, and nsproxy run cannot be tried without root: ${why}`);
if (why !== undefined) console.log(`nsproxy run without root skipped: ${why}`);

/** The built command as an unprivileged user (nobody, when we are root), optionally with a part of /proc masked. */
function unprivileged(args: readonly string[], options: { maskProc?: boolean; env?: Record<string, string>; asRoot?: boolean } = {}): SpawnSyncReturns<string> {
  const command = [process.execPath, bin, ...args];
  const drop = isRoot && !options.asRoot;
  const dropped = drop ? ['setpriv', ...AS_NOBODY, ...command] : command;
  const env = { ...ENV, HOME: homeFor(drop ? 'nobody' : 'self'), ...options.env };
  if (!options.maskProc) {
    const [file = '', ...rest] = dropped;
    return spawnSync(file, rest, { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
  }
  // A private mount namespace (root only), where a read-only tmpfs hides a directory of /proc, as a container's masked paths do.
  const script = 'mount -t tmpfs -o ro tmpfs "$1" && shift && exec "$@"';
  return spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', procDir ?? '', ...dropped], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
}

const FILES = ['core/format-example.nss', 'core/clone-needs-cap.nss', 'mnt/proc-init-pidns-nspid.nss', 'mnt/proc-userns-owns-pidns.nss'].map((f) => `${corpus}/${f}`);
const [EXAMPLE, NEEDS_CAP, PROC_INIT, PROC_USERNS] = FILES;
const uid = isRoot ? NOBODY : (process.geteuid?.() ?? 0);
const gid = isRoot ? NOBODY : (process.getegid?.() ?? 0);
const NESTED_NOTE = `linux backend: not root, so its world is nested in a user namespace that maps only uid ${uid} and gid ${gid} as 0; a scenario whose results that changes (on the model) is skipped (needs root)`;
const PROC_NOTE = 'linux backend: a user namespace cannot mount proc here (EPERM: the host\'s /proc is not fully visible, as in a container); a scenario whose results that changes (on the model) is skipped (needs a fully visible /proc)';
const ROOT_SKIP = 'needs root: the nested world changes its results';
const PROC_SKIP = 'needs a fully visible /proc: a user namespace cannot mount proc here';

describe.skipIf(why !== undefined)('nsproxy run without root, default backend', () => {
  test('one note; the scenario that needs root SKIP with the reason; the others pass on both kernels', () => {
    const r = unprivileged(['run', ...FILES]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`backend: both (linux and sim, transcripts diffed)
${NESTED_NOTE}
PASS ${EXAMPLE}
SKIP ${NEEDS_CAP} (${ROOT_SKIP})
PASS ${PROC_INIT}
PASS ${PROC_USERNS}
3 passed, 0 failed, 1 skipped
`);
    expect(r.status).toBe(0);
  }, 120_000);

  test.skipIf(!isRoot)('with a part of /proc masked, as in a container: a second note, and the proc mounts SKIP too', () => {
    const r = unprivileged(['run', ...FILES], { maskProc: true });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`backend: both (linux and sim, transcripts diffed)
${NESTED_NOTE}
${PROC_NOTE}
PASS ${EXAMPLE}
SKIP ${NEEDS_CAP} (${ROOT_SKIP})
SKIP ${PROC_INIT} (${PROC_SKIP})
SKIP ${PROC_USERNS} (${PROC_SKIP})
1 passed, 0 failed, 3 skipped
`);
    expect(r.status).toBe(0);
  }, 120_000);

  test.skipIf(!isRoot)('as root with /proc masked: only the mount from a new user namespace is skipped', () => {
    const r = unprivileged(['run', ...FILES], { maskProc: true, asRoot: true });
    expect(r.stdout).toBe(`backend: both (linux and sim, transcripts diffed)
${PROC_NOTE}
PASS ${EXAMPLE}
PASS ${NEEDS_CAP}
PASS ${PROC_INIT}
SKIP ${PROC_USERNS} (${PROC_SKIP})
3 passed, 0 failed, 1 skipped
`);
    expect(r.status).toBe(0);
  }, 120_000);

  test('under CI=true, the scenario that needs root is a failure, with --backend both and with auto', () => {
    const strict = unprivileged(['run', '--backend', 'both', EXAMPLE ?? '', NEEDS_CAP ?? ''], { env: { CI: 'true' } });
    expect(strict.stdout).toBe(`backend: both (linux and sim, transcripts diffed)
${NESTED_NOTE}
PASS ${EXAMPLE}
FAIL ${NEEDS_CAP}
  ${ROOT_SKIP} (a failure under CI=true)
1 passed, 1 failed
`);
    expect(strict.status).toBe(1);
    const auto = unprivileged(['run', EXAMPLE ?? '', NEEDS_CAP ?? ''], { env: { CI: 'true' } });
    expect(auto.stdout).toContain(`FAIL ${NEEDS_CAP}\n  ${ROOT_SKIP} (a failure under CI=true)\n1 passed, 1 failed\n`);
    expect(auto.status).toBe(1);
  }, 120_000);
});
