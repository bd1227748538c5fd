import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BUILTIN_AREAS } from './areas.ts';
import { COMMANDS, runCli } from './cli.ts';
import type { CliDeps } from './cli.ts';
import { fake, runInProcess, writeFileUnder } from '../test/fake-backend.ts';
import type { Outcome } from '../test/fake-backend.ts';

// ---------------------------------------------------------------------------
// Scenario files in a temporary directory, and an in-process CLI run.
// ---------------------------------------------------------------------------

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nsproxy-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function file(rel: string, content: string | Uint8Array): Promise<string> {
  return writeFileUnder(dir, rel, content);
}

function cli(argv: readonly string[], deps: Partial<CliDeps> = {}): Promise<Outcome> {
  return runInProcess(argv, deps, (text) => text.split(dir).join('<dir>'));
}

/** The first line of a text run, per mode. */
const SIM = 'backend: sim\n';
const LINUX = 'backend: linux\n';
const BOTH = 'backend: both (linux and sim, transcripts diffed)\n';

const GOOD = `@title: a child names its own uts namespace
init: clone a uts     => 2
a: sethostname alpha  => ok   # only a's namespace
a: hostname           => alpha
init: hostname        => nsproxy
a: ns uts             => uts:2
`;

const WRONG = `init: clone a uts => 2
a: hostname => alpha
init: hostname => nsproxy
init: clone b - => 9
`;

describe('nsproxy run: output lines and exit status', () => {
  test('PASS, then the summary; exit 0', async () => {
    const path = await file('good.nss', GOOD);
    expect(await cli(['run', '--backend', 'sim', path])).toEqual({ status: 0, out: `${SIM}PASS <dir>/good.nss\n1 passed, 0 failed\n`, err: '' });
  });

  test('FAIL with each failed expectation indented: line, expected, actual; exit 1', async () => {
    const path = await file('wrong.nss', WRONG);
    const result = await cli(['run', '--backend', 'sim', path]);
    expect(result.status).toBe(1);
    expect(result.err).toBe('');
    expect(result.out).toBe(`${SIM}FAIL <dir>/wrong.nss
  line 2: a: hostname
    expected: alpha
    actual:   nsproxy
  line 4: init: clone b -
    expected: 9
    actual:   3
0 passed, 1 failed
`);
  });

  test('SKIP with its reason; the summary counts skips; a skip alone exits 0', async () => {
    const a = await file('a.nss', '@needs: time\ninit: hostname => nsproxy\n');
    const b = await file('b.nss', GOOD);
    const sim = fake('sim', { types: ['uts', 'user', 'pid'] });
    const result = await cli(['run', '--backend', 'sim', a, b], { backends: { sim } });
    expect(result).toEqual({ status: 0, out: `${SIM}SKIP <dir>/a.nss (sim backend lacks namespace type time)\nPASS <dir>/b.nss\n1 passed, 0 failed, 1 skipped\n`, err: '' });
  });

  test('a skip on a type a step names but @needs does not (the model must not pass it by accident)', async () => {
    const a = await file('a.nss', '@needs: uts\ninit: clone a uts,net => EINVAL\n');
    const sim = fake('sim', { types: ['uts', 'user', 'pid', 'ipc'] });
    const result = await cli(['run', '--backend', 'sim', a], { backends: { sim } });
    expect(result).toEqual({ status: 0, out: `${SIM}SKIP <dir>/a.nss (sim backend lacks namespace type net (named by a step))\n0 passed, 0 failed, 1 skipped\n`, err: '' });
    expect(sim.opened).toHaveLength(0);
    const both = await cli(['run', '--backend', 'both', a], { backends: { sim: fake('sim', { types: ['uts'] }), linux: fake('linux') } });
    expect(both.out).toBe(`${BOTH}SKIP <dir>/a.nss (sim backend lacks namespace type net (named by a step))\n0 passed, 0 failed, 1 skipped\n`);
  });

  test('a skip on an unsupported op', async () => {
    // nspath has a spec (core's area) but no implementation on this backend.
    const a = await file('a.nss', 'init: nspath /tmp/nss/n => uts:1\n');
    const result = await cli(['run', '--backend', 'sim', a], { backends: { sim: fake('sim', { unsupported: ['nspath'] }) } });
    expect(result.out).toBe(`${SIM}SKIP <dir>/a.nss (sim backend does not support op nspath)\n0 passed, 0 failed, 1 skipped\n`);
  });

  test('an op of a format section no loaded area provides is a parse error that says so (and where to add an area)', async () => {
    // A command built without the net area (as a third party might build one).
    const a = await file('a.nss', 'init: veth v0 v1 => ok\n');
    const areas = BUILTIN_AREAS.filter((x) => x.name !== 'net');
    const result = await cli(['run', '--backend', 'sim', a], { backends: { sim: fake('sim') }, cwd: dir, areas });
    expect(result.status).toBe(2);
    expect(result.err).toBe(`<dir>/a.nss:1:7: op 'veth' is in the net section of the format; no loaded scenario area provides net (add one in nsproxy.config.ts; none was found from <dir>)\n`);
    expect(result.out).toBe('');
  });

  test('a directory: every *.nss below it, recursively, sorted; other files ignored', async () => {
    await file('corpus/uts/b.nss', GOOD);
    await file('corpus/uts/a.nss', GOOD);
    await file('corpus/ipc/z.nss', GOOD);
    await file('corpus/README.md', '# not a scenario');
    await file('corpus/uts/notes.txt', 'x');
    const result = await cli(['run', '--backend', 'sim', join(dir, 'corpus')]);
    expect(result.out).toBe(SIM + 'PASS <dir>/corpus/ipc/z.nss\nPASS <dir>/corpus/uts/a.nss\nPASS <dir>/corpus/uts/b.nss\n3 passed, 0 failed\n');
    expect(result.status).toBe(0);
  });

  test('files and directories mix, in the order given, without duplicates', async () => {
    const single = await file('x.nss', GOOD);
    await file('d/y.nss', GOOD);
    const result = await cli(['run', '--backend', 'sim', single, join(dir, 'd'), single]);
    expect(result.out).toBe(SIM + 'PASS <dir>/x.nss\nPASS <dir>/d/y.nss\n2 passed, 0 failed\n');
  });

  test('a thrown backend error is a FAIL naming the line, and the run goes on with the next file', async () => {
    const a = await file('a.nss', 'init: clone a uts => 2\na: sethostname x => ok\n');
    const b = await file('b.nss', 'init: clone a - => 2\n');
    const result = await cli(['run', '--backend', 'linux', a, b], { backends: { linux: fake('linux', { throwOn: 'sethostname' }) } });
    expect(result.status).toBe(1);
    expect(result.out).toBe(`${LINUX}FAIL <dir>/a.nss
  line 2: a: sethostname x
    expected: ok
    actual:   error: agent did not answer within 5 s
PASS <dir>/b.nss
1 passed, 1 failed
`);
  });

  test('a backend that cannot start is a FAIL, not a crash', async () => {
    const a = await file('a.nss', GOOD);
    const result = await cli(['run', '--backend', 'sim', a], { backends: { sim: fake('sim', { failOpen: 'out of memory' }) } });
    expect(result).toEqual({ status: 1, out: `${SIM}FAIL <dir>/a.nss\n  (start): error: out of memory\n0 passed, 1 failed\n`, err: '' });
  });
});

describe('nsproxy run --backend both', () => {
  test('agreeing kernels pass; the model starts with the real init caps', async () => {
    const path = await file('good.nss', GOOD);
    const sim = fake('sim');
    const result = await cli(['run', '--backend', 'both', path], { backends: { sim, linux: fake('linux') } });
    expect(result).toEqual({ status: 0, out: `${BOTH}PASS <dir>/good.nss\n1 passed, 0 failed\n`, err: '' });
    expect(sim.opened).toEqual([{ initCaps: 0x1ffffffffffn }]);
  });

  test('a broken model is caught: FAIL with the unified diff indented', async () => {
    const path = await file('uts.nss', 'init: clone a uts\na: sethostname alpha\na: hostname\ninit: hostname\n');
    const sim = fake('sim', { bug: (step) => (step.actor === 'init' && step.op === 'hostname' ? { kind: 'text', value: 'alpha' } : undefined) });
    const result = await cli(['run', '--backend', 'both', path], { backends: { sim, linux: fake('linux') } });
    expect(result.status).toBe(1);
    expect(result.out).toBe(`${BOTH}FAIL <dir>/uts.nss
  transcripts differ:
    --- sim
    +++ linux
    @@ -1,4 +1,4 @@
     init: clone a uts => 2
     a: sethostname alpha => ok
     a: hostname => alpha
    -init: hostname => alpha
    +init: hostname => nsproxy
0 passed, 1 failed
`);
  });

  test('expectation failures name the backend', async () => {
    const path = await file('e.nss', 'init: hostname => nsproxy\n');
    const sim = fake('sim', { bug: (step) => (step.op === 'hostname' ? { kind: 'text', value: 'x' } : undefined) });
    const result = await cli(['run', '--backend', 'both', path], { backends: { sim, linux: fake('linux') } });
    expect(result.out).toContain('  line 1 (sim): init: hostname\n    expected: nsproxy\n    actual:   x\n');
    expect(result.out).toContain('    -init: hostname => x\n    +init: hostname => nsproxy\n');
  });

  test('auto means both on Linux and sim elsewhere', async () => {
    const path = await file('good.nss', GOOD);
    const onLinux = { sim: fake('sim'), linux: fake('linux') };
    await cli(['run', path], { backends: onLinux, platform: 'linux' });
    expect(onLinux.linux.opened).toHaveLength(1);
    const elsewhere = { sim: fake('sim'), linux: fake('linux') };
    await cli(['run', '--backend', 'auto', path], { backends: elsewhere, platform: 'darwin' });
    expect(elsewhere.linux.opened).toHaveLength(0);
    expect(elsewhere.sim.opened).toHaveLength(1);
  });

  test('linux unavailable outside CI with auto: one line, then the model alone', async () => {
    const path = await file('good.nss', GOOD);
    const backends = { sim: fake('sim'), linux: fake('linux', { unavailable: 'not root' }) };
    const result = await cli(['run', '--backend', 'auto', path], { backends, env: { CI: 'false' } });
    expect(result).toEqual({ status: 0, out: `linux backend unavailable: not root; running sim only\n${SIM}PASS <dir>/good.nss\n1 passed, 0 failed\n`, err: '' });
    expect(backends.linux.opened).toHaveLength(0);
    expect(backends.sim.opened).toHaveLength(1);
  });

  test.each(['linux', 'both'])('linux unavailable with an explicit --backend %s outside CI: every file SKIP, never a pass from the model; exit 0', async (backend) => {
    const a = await file('a.nss', GOOD);
    const b = await file('b.nss', WRONG);
    const backends = { sim: fake('sim'), linux: fake('linux', { unavailable: 'no user namespaces' }) };
    const result = await cli(['run', '--backend', backend, a, b], { backends, env: { CI: 'false' } });
    expect(result).toEqual({
      status: 0,
      out: `linux backend unavailable: no user namespaces
SKIP <dir>/a.nss (linux backend unavailable: no user namespaces)
SKIP <dir>/b.nss (linux backend unavailable: no user namespaces)
0 passed, 0 failed, 2 skipped
`,
      err: '',
    });
    expect(backends.sim.opened).toHaveLength(0);
    expect(backends.linux.opened).toHaveLength(0);
  });

  test('an explicit --backend linux without any linux backend (not Linux, not built) skips too', async () => {
    const path = await file('good.nss', GOOD);
    const result = await cli(['run', '--backend', 'linux', path], { backends: { sim: fake('sim') } });
    expect(result.status).toBe(0);
    expect(result.out).toBe('linux backend unavailable: no linux backend was provided\nSKIP <dir>/good.nss (linux backend unavailable: no linux backend was provided)\n0 passed, 0 failed, 1 skipped\n');
  });

  test('explicit --backend both, linux unavailable, --json: skips with the reason, the note on stderr', async () => {
    const path = await file('good.nss', GOOD);
    const backends = { sim: fake('sim'), linux: fake('linux', { unavailable: 'not root' }) };
    const result = await cli(['run', '--json', '--backend', 'both', path], { backends });
    expect(result.status).toBe(0);
    expect(result.err).toBe('linux backend unavailable: not root\n');
    expect(JSON.parse(result.out)).toEqual({
      backend: 'both',
      notes: ['linux backend unavailable: not root'],
      files: [{ file: '<dir>/good.nss', status: 'skip', reason: 'linux backend unavailable: not root', failures: [], transcript: '' }],
      passed: 0,
      failed: 0,
      skipped: 1,
    });
  });

  test.each(['linux', 'both', 'auto'])('linux unavailable in CI with --backend %s: exit 1, one line on stderr, nothing runs', async (backend) => {
    const path = await file('good.nss', GOOD);
    const backends = { sim: fake('sim'), linux: fake('linux', { unavailable: 'not root' }) };
    const result = await cli(['run', '--backend', backend, path], { backends, env: { CI: 'true' } });
    expect(result).toEqual({ status: 1, out: '', err: 'linux backend unavailable: not root\n' });
    expect(backends.sim.opened).toHaveLength(0);
  });

  test('linux unavailable in CI: a failure, one line with the reason, exit 1, nothing runs', async () => {
    const path = await file('good.nss', GOOD);
    const backends = { sim: fake('sim'), linux: fake('linux', { unavailable: 'not root' }) };
    const result = await cli(['run', path], { backends, env: { CI: 'true' } });
    expect(result).toEqual({ status: 1, out: '', err: 'linux backend unavailable: not root\n' });
    expect(backends.sim.opened).toHaveLength(0);
  });
});

describe('nsproxy run: bad input exits 2 with one line on stderr', () => {
  test('a missing file', async () => {
    expect(await cli(['run', '--backend', 'sim', join(dir, 'nope.nss')])).toEqual({ status: 2, out: '', err: 'nsproxy: no such file or directory: <dir>/nope.nss\n' });
  });

  test('an unknown backend', async () => {
    const path = await file('good.nss', GOOD);
    expect(await cli(['run', '--backend', 'qemu', path])).toEqual({ status: 2, out: '', err: "nsproxy: unknown backend 'qemu' (use sim, linux, both or auto)\n" });
  });

  test('--backend without a value', async () => {
    const result = await cli(['run', path0(), '--backend']);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/^nsproxy: option `--backend <backend>` value is missing\n$/);
  });

  test('a parse error names file, line and column; nothing runs, not even the good files', async () => {
    const good = await file('a.nss', GOOD);
    const bad = await file('b.nss', '# header\ninit: clone a uts\ninit: sethostname "abc\n');
    const backends = { sim: fake('sim'), linux: fake('linux') };
    const result = await cli(['run', good, bad], { backends });
    expect(result).toEqual({ status: 2, out: '', err: '<dir>/b.nss:3:19: unterminated string\n' });
    expect(backends.sim.opened).toHaveLength(0);
    expect(backends.linux.opened).toHaveLength(0);
  });

  test('no FILE', async () => {
    const result = await cli(['run']);
    expect(result.status).toBe(2);
    expect(result.err).toBe('nsproxy: run: no FILE given (usage: nsproxy run [--backend sim|linux|both|auto] [--config FILE] [--json] [--transcript] FILE|DIR|-...)\n');
  });

  test('a directory without scenarios', async () => {
    await mkdir(join(dir, 'empty'));
    expect(await cli(['run', join(dir, 'empty')])).toEqual({ status: 2, out: '', err: 'nsproxy: no .nss files under <dir>/empty\n' });
  });

  test('an unknown option', async () => {
    const result = await cli(['run', '--backnd', 'sim', path0()]);
    expect(result.status).toBe(2);
    expect(result.err).toBe('nsproxy: Unknown option `--backnd`\n');
  });

  test('an unknown command', async () => {
    expect(await cli(['rnu'])).toEqual({ status: 2, out: '', err: `nsproxy: unknown command 'rnu' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see nsproxy --help)\n` });
  });

  test('no command: help on stderr, exit 2', async () => {
    const result = await cli([]);
    expect(result.status).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain('run [...files]');
  });
});

describe('nsproxy run: the files a user names', () => {
  const fifo = (path: string): void => {
    execFileSync('mkfifo', [path]);
  };

  test('a FIFO given as FILE is refused with one line, never opened (it would block forever)', async () => {
    const path = join(dir, 'pipe.nss');
    fifo(path);
    expect(await cli(['run', '--backend', 'sim', path])).toEqual({ status: 2, out: '', err: 'nsproxy: <dir>/pipe.nss: not a regular file\n' });
  });

  test('a FIFO named *.nss inside a directory is refused too, not skipped', async () => {
    await file('d/good.nss', GOOD);
    fifo(join(dir, 'd', 'pipe.nss'));
    expect(await cli(['run', '--backend', 'sim', join(dir, 'd')])).toEqual({ status: 2, out: '', err: 'nsproxy: <dir>/d/pipe.nss: not a regular file\n' });
  });

  test('/dev/null (a device) is not a scenario either', async () => {
    expect(await cli(['run', '--backend', 'sim', '/dev/null'])).toEqual({ status: 2, out: '', err: 'nsproxy: /dev/null: not a regular file\n' });
  });

  test('a symlink to a .nss inside a directory is followed; a file reached twice runs once, under its first name', async () => {
    const target = await file('elsewhere/real.nss', GOOD);
    await file('d/a.nss', GOOD);
    await symlink(target, join(dir, 'd', 'b.nss'));
    await symlink(join(dir, 'd', 'a.nss'), join(dir, 'd', 'c.nss'));
    expect(await cli(['run', '--backend', 'sim', join(dir, 'd')])).toEqual({
      status: 0,
      out: `${SIM}PASS <dir>/d/a.nss\nPASS <dir>/d/b.nss\n2 passed, 0 failed\n`,
      err: '',
    });
  });

  test('a symlinked directory is walked; a link back to an ancestor ends (no loop), and nothing runs twice', async () => {
    await file('d/sub/a.nss', GOOD);
    await symlink(join(dir, 'd'), join(dir, 'd', 'sub', 'up'));
    await symlink(join(dir, 'd', 'sub'), join(dir, 'd', 'again'));
    const result = await cli(['run', '--backend', 'sim', join(dir, 'd')]);
    expect(result).toEqual({ status: 0, out: `${SIM}PASS <dir>/d/again/a.nss\n1 passed, 0 failed\n`, err: '' });
  });

  test('a broken or looping symlink named *.nss is an error, not a silent skip', async () => {
    await file('d/good.nss', GOOD);
    await symlink(join(dir, 'nowhere.nss'), join(dir, 'd', 'broken.nss'));
    expect(await cli(['run', '--backend', 'sim', join(dir, 'd')])).toEqual({ status: 2, out: '', err: 'nsproxy: no such file or directory: <dir>/d/broken.nss\n' });
    await rm(join(dir, 'd', 'broken.nss'));
    await symlink(join(dir, 'd', 'self.nss'), join(dir, 'd', 'self.nss'));
    expect(await cli(['run', '--backend', 'sim', join(dir, 'd')])).toEqual({ status: 2, out: '', err: 'nsproxy: <dir>/d/self.nss: too many levels of symbolic links\n' });
  });

  test('after --, a name that starts with - is a file', async () => {
    const path = await file('-x.nss', GOOD);
    expect(await cli(['run', '--backend', 'sim', '--', '-x.nss'], { cwd: dir })).toMatchObject({ status: 2, err: 'nsproxy: no such file or directory: -x.nss\n' });
    const result = await cli(['run', '--backend', 'sim', '--', path]);
    expect(result).toEqual({ status: 0, out: `${SIM}PASS <dir>/-x.nss\n1 passed, 0 failed\n`, err: '' });
    const both = await cli(['run', '--backend', 'sim', await file('good.nss', GOOD), '--', path]);
    expect(both.out).toBe(`${SIM}PASS <dir>/good.nss\nPASS <dir>/-x.nss\n2 passed, 0 failed\n`);
  });

  test('a file name with a newline or an escape sequence is shown escaped, on one line', async () => {
    const path = await file('a\nb\u001b[2J.nss', GOOD);
    const result = await cli(['run', '--backend', 'sim', path]);
    expect(result).toEqual({ status: 0, out: `${SIM}PASS <dir>/a\\x0ab\\x1b[2J.nss\n1 passed, 0 failed\n`, err: '' });
    const missing = await cli(['run', '--backend', 'sim', join(dir, 'no\nfile.nss')]);
    expect(missing).toEqual({ status: 2, out: '', err: 'nsproxy: no such file or directory: <dir>/no\\x0afile.nss\n' });
  });

  test('a NUL byte anywhere: a binary file, refused with the file and the line, nothing of it shown', async () => {
    const path = await file('nul.nss', 'init: clone a uts => 2\ninit: cl\u0000one a uts => 2\n');
    expect(await cli(['run', '--backend', 'sim', path])).toEqual({ status: 2, out: '', err: '<dir>/nul.nss:2: a NUL byte: a binary file, not a scenario\n' });
  });
});

describe('nsproxy run: interrupted by a signal', () => {
  test('SIGINT after the first file: the summary of what ran, "interrupted by SIGINT", exit 130; nothing more runs', async () => {
    const paths = [await file('a.nss', GOOD), await file('b.nss', GOOD), await file('c.nss', GOOD)];
    let fire: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
    let released = 0;
    const sim = fake('sim');
    const lines: string[] = [];
    const status = await runCli(['run', '--backend', 'sim', ...paths], {
      backends: { sim },
      env: {},
      write: (text) => {
        lines.push(text);
        if (text.startsWith('PASS')) fire?.('SIGINT');
      },
      writeErr: (text) => lines.push(`err: ${text}`),
      onInterrupt: (handler) => {
        fire = handler;
        return () => {
          released++;
          fire = undefined;
        };
      },
    });
    expect(status).toBe(130);
    expect(lines.join('').split(dir).join('<dir>')).toBe(`${SIM}PASS <dir>/a.nss\n1 passed, 0 failed, interrupted by SIGINT\n`);
    expect(sim.opened).toHaveLength(1);
    expect(released).toBeGreaterThan(0);
  });

  test('SIGTERM in the middle of a file: that file is not counted; exit 143; --json says so', async () => {
    const paths = [await file('a.nss', GOOD), await file('b.nss', GOOD)];
    let fire: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
    const slow = fake('sim', { bug: (step) => (step.op === 'hostname' ? (fire?.('SIGTERM'), undefined) : undefined) });
    const out = await cli(['run', '--backend', 'sim', '--json', ...paths], {
      backends: { sim: slow },
      onInterrupt: (handler) => {
        fire = handler;
        return () => undefined;
      },
    });
    expect(out.status).toBe(143);
    const report = JSON.parse(out.out) as { files: unknown[]; passed: number; failed: number; interrupted?: string };
    expect(report).toMatchObject({ files: [], passed: 0, failed: 0, interrupted: 'SIGTERM' });
  });
});

describe('nsproxy --help and --version', () => {
  test('--help lists the commands, exit 0', async () => {
    const result = await cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.out).toContain('Usage:');
    expect(result.out).toContain('run [...files]');
  });

  test('run --help shows the options', async () => {
    const result = await cli(['run', '--help']);
    expect(result.status).toBe(0);
    expect(result.out).toContain('--backend <backend>');
    expect(result.out).toContain('--json');
  });

  test('--version', async () => {
    const result = await cli(['--version'], { version: '1.2.3' });
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^nsproxy\/1\.2\.3 /);
  });
});

describe('nsproxy run --json', () => {
  test('one JSON object: files with status, reason, failures, transcript; counts', async () => {
    const good = await file('a.nss', GOOD);
    const wrong = await file('b.nss', WRONG);
    const skip = await file('c.nss', '@needs: time\ninit: hostname\n');
    const sim = fake('sim', { types: ['uts'] });
    const result = await cli(['run', '--json', '--backend', 'sim', good, wrong, skip], { backends: { sim } });
    expect(result.status).toBe(1);
    expect(result.err).toBe('');
    const parsed: unknown = JSON.parse(result.out);
    expect(parsed).toEqual({
      backend: 'sim',
      notes: [],
      passed: 1,
      failed: 1,
      skipped: 1,
      files: [
        {
          file: '<dir>/a.nss',
          status: 'pass',
          failures: [],
          transcript: 'init: clone a uts => 2\na: sethostname alpha => ok\na: hostname => alpha\ninit: hostname => nsproxy\na: ns uts => uts:2\n',
        },
        {
          file: '<dir>/b.nss',
          status: 'fail',
          failures: [
            { line: 2, step: 'a: hostname', expected: 'alpha', actual: 'nsproxy' },
            { line: 4, step: 'init: clone b -', expected: '9', actual: '3' },
          ],
          transcript: 'init: clone a uts => 2\na: hostname => nsproxy\ninit: hostname => nsproxy\ninit: clone b - => 3\n',
        },
        { file: '<dir>/c.nss', status: 'skip', reason: 'sim backend lacks namespace type time', failures: [], transcript: '' },
      ],
    });
  });

  test('in both mode it carries the diff and both transcripts; notes go to stderr', async () => {
    const path = await file('a.nss', 'init: hostname\n');
    const sim = fake('sim', { bug: () => ({ kind: 'text', value: 'x' }) });
    const result = await cli(['run', '--json', path], { backends: { sim, linux: fake('linux') } });
    const parsed = JSON.parse(result.out) as { backend: string; files: { status: string; diff: string; transcripts: unknown }[] };
    expect(parsed.backend).toBe('both');
    expect(parsed.files[0]?.status).toBe('fail');
    expect(parsed.files[0]?.diff).toBe('--- sim\n+++ linux\n@@ -1 +1 @@\n-init: hostname => x\n+init: hostname => nsproxy\n');
    expect(parsed.files[0]?.transcripts).toEqual({ sim: 'init: hostname => x\n', linux: 'init: hostname => nsproxy\n' });

    const fallback = await cli(['run', '--json', path], { backends: { sim: fake('sim'), linux: fake('linux', { unavailable: 'not root' }) } });
    expect(fallback.err).toBe('linux backend unavailable: not root; running sim only\n');
    expect((JSON.parse(fallback.out) as { notes: string[] }).notes).toEqual(['linux backend unavailable: not root; running sim only']);
  });

  test('bad input with --json is still one line on stderr, exit 2', async () => {
    expect(await cli(['run', '--json', join(dir, 'nope')])).toEqual({ status: 2, out: '', err: 'nsproxy: no such file or directory: <dir>/nope\n' });
  });
});

/** A path that need not exist (for option errors caught before files are read). */
function path0(): string {
  return join(dir, 'x.nss');
}
