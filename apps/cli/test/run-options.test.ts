/**
 * `nsproxy run`, in process, for what a new user met (issue 18): `-v` and
 * `--version` under a command, `--transcript`, the line naming the backend,
 * files that are not scenarios (empty, no steps, binary, not UTF-8), `-` for
 * standard input, and what the real kernel here cannot show (without root; a
 * host /proc that is not fully visible), said once and skipped.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { composeAreas, parseScenario } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from '../src/areas.ts';
import type { CliDeps } from '../src/cli.ts';
import { NEEDS_PROC, NEEDS_ROOT, limitSkip } from '../src/host-limits.ts';
import { fake, runInProcess, writeFileUnder } from './fake-backend.ts';
import type { Outcome } from './fake-backend.ts';

const corpus = fileURLToPath(new URL('../../../packages/scenario/corpus/', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nsproxy-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function file(rel: string, content: string | Uint8Array): Promise<string> {
  return writeFileUnder(dir, rel, content);
}

function cli(argv: readonly string[], deps: Partial<CliDeps> = {}): Promise<Outcome> {
  return runInProcess(argv, deps, (text) => text.split(dir).join('<dir>').split(corpus).join('<corpus>/'));
}

const SIM = 'backend: sim\n';
const BOTH = 'backend: both (linux and sim, transcripts diffed)\n';

const GOOD = `@title: a child names its own uts namespace
init: clone a uts     => 2
a: sethostname alpha  => ok   # only a's namespace
a: hostname           => alpha
init: hostname        => nsproxy
`;

const GOOD_TRANSCRIPT = ['    init: clone a uts => 2', '    a: sethostname alpha => ok', '    a: hostname => alpha', '    init: hostname => nsproxy'].map((l) => `${l}\n`).join('');

describe('-v and --version are options of nsproxy itself, never a silent no-op under a command', () => {
  test.each([
    [['run', '-v', 'x.nss'], "run: unknown option `-v` (the version: nsproxy --version; each step's results: nsproxy run --transcript)"],
    [['run', '--version', 'x.nss'], "run: unknown option `--version` (the version: nsproxy --version; each step's results: nsproxy run --transcript)"],
    [['run', 'x.nss', '--version=1'], "run: unknown option `--version` (the version: nsproxy --version; each step's results: nsproxy run --transcript)"],
    [['-v', 'run', 'x.nss'], "run: unknown option `-v` (the version: nsproxy --version; each step's results: nsproxy run --transcript)"],
    [['demo', '--version'], 'demo: unknown option `--version` (the version: nsproxy --version)'],
    [['demo', '-v'], 'demo: unknown option `-v` (the version: nsproxy --version)'],
  ])('nsproxy %j: one line, exit 2, nothing runs', async (argv, line) => {
    const path = await file('x.nss', GOOD);
    const backends = { sim: fake('sim'), linux: fake('linux') };
    const result = await cli(argv.map((a) => (a === 'x.nss' ? path : a)), { backends, version: '1.2.3' });
    expect(result).toEqual({ status: 2, out: '', err: `nsproxy: ${line}\n` });
    expect(backends.sim.opened).toHaveLength(0);
    expect(backends.linux.opened).toHaveLength(0);
  });

  test('at the top level, -v and --version print the version, exit 0', async () => {
    for (const flag of ['-v', '--version']) {
      const result = await cli([flag], { version: '1.2.3' });
      expect(result.status).toBe(0);
      expect(result.out).toMatch(/^nsproxy\/1\.2\.3 /);
    }
  });
});

describe('the line that names the backend', () => {
  test.each([
    ['sim', SIM],
    ['linux', 'backend: linux\n'],
    ['both', BOTH],
    ['auto', BOTH],
  ])('--backend %s', async (backend, line) => {
    const path = await file('good.nss', GOOD);
    expect(await cli(['run', '--backend', backend, path])).toEqual({ status: 0, out: `${line}PASS <dir>/good.nss\n1 passed, 0 failed\n`, err: '' });
  });

  test('auto elsewhere than Linux, and auto falling back: the model', async () => {
    const path = await file('good.nss', GOOD);
    expect((await cli(['run', path], { platform: 'darwin' })).out).toBe(`${SIM}PASS <dir>/good.nss\n1 passed, 0 failed\n`);
    const fallback = await cli(['run', path], { backends: { sim: fake('sim'), linux: fake('linux', { unavailable: 'not root' }) } });
    expect(fallback.out).toBe(`linux backend unavailable: not root; running sim only\n${SIM}PASS <dir>/good.nss\n1 passed, 0 failed\n`);
  });

  test('not printed when nothing can run (an explicit linux, unavailable), nor with --json', async () => {
    const path = await file('good.nss', GOOD);
    const none = await cli(['run', '--backend', 'linux', path], { backends: { linux: fake('linux', { unavailable: 'not root' }) } });
    expect(none.out).not.toContain('backend: ');
    const json = await cli(['run', '--json', path]);
    expect((JSON.parse(json.out) as { backend: string }).backend).toBe('both');
  });
});

describe('--transcript', () => {
  test('on sim: the transcript in the format, one line per step, under PASS', async () => {
    const path = await file('good.nss', GOOD);
    expect(await cli(['run', '--backend', 'sim', '--transcript', path])).toEqual({
      status: 0,
      out: `${SIM}PASS <dir>/good.nss\n  transcript (sim):\n${GOOD_TRANSCRIPT}1 passed, 0 failed\n`,
      err: '',
    });
  });

  test('on both, agreeing: one transcript, said to be both backends\'', async () => {
    const path = await file('good.nss', GOOD);
    const result = await cli(['run', '--backend', 'both', '--transcript', path]);
    expect(result.out).toBe(`${BOTH}PASS <dir>/good.nss\n  transcript (linux, sim):\n${GOOD_TRANSCRIPT}1 passed, 0 failed\n`);
  });

  test('on both, disagreeing: each backend\'s transcript, then the failures and the diff', async () => {
    const path = await file('h.nss', 'init: clone a uts\ninit: hostname => nsproxy\n');
    const sim = fake('sim', { bug: (step) => (step.op === 'hostname' ? { kind: 'text', value: 'x' } : undefined) });
    const result = await cli(['run', '--backend', 'both', '--transcript', path], { backends: { sim, linux: fake('linux') } });
    expect(result.status).toBe(1);
    expect(result.out).toBe(`${BOTH}FAIL <dir>/h.nss
  transcript (linux):
    init: clone a uts => 2
    init: hostname => nsproxy
  transcript (sim):
    init: clone a uts => 2
    init: hostname => x
  line 2 (sim): init: hostname
    expected: nsproxy
    actual:   x
  transcripts differ:
    --- sim
    +++ linux
    @@ -1,2 +1,2 @@
     init: clone a uts => 2
    -init: hostname => x
    +init: hostname => nsproxy
0 passed, 1 failed
`);
  });

  test('a skip has none; a run that failed before any step says so', async () => {
    const skip = await file('a.nss', '@needs: time\ninit: hostname => nsproxy\n');
    const result = await cli(['run', '--backend', 'sim', '--transcript', skip], { backends: { sim: fake('sim', { types: ['uts'] }) } });
    expect(result.out).toBe(`${SIM}SKIP <dir>/a.nss (sim backend lacks namespace type time)\n0 passed, 0 failed, 1 skipped\n`);
    const good = await file('b.nss', GOOD);
    const broken = await cli(['run', '--backend', 'sim', '--transcript', good], { backends: { sim: fake('sim', { failOpen: 'out of memory' }) } });
    expect(broken.out).toBe(`${SIM}FAIL <dir>/b.nss\n  transcript (sim):\n    (no step ran)\n  (start): error: out of memory\n0 passed, 1 failed\n`);
  });

  test('with --json it changes nothing (the JSON carries every transcript)', async () => {
    const path = await file('good.nss', GOOD);
    const plain = await cli(['run', '--json', path]);
    const withTranscript = await cli(['run', '--json', '--transcript', path]);
    expect(withTranscript).toEqual(plain);
  });
});

describe('what is not a scenario: one line per file on stderr, exit 2, nothing runs', () => {
  async function refused(content: string | Uint8Array, line: string): Promise<void> {
    const good = await file('good.nss', GOOD);
    const bad = await file('bad.nss', content);
    const backends = { sim: fake('sim'), linux: fake('linux') };
    expect(await cli(['run', good, bad], { backends })).toEqual({ status: 2, out: '', err: `${line}\n` });
    expect(backends.sim.opened).toHaveLength(0);
    expect(backends.linux.opened).toHaveLength(0);
  }

  test('an empty file', () => refused('', '<dir>/bad.nss: no steps (the file is empty)'));
  test('blank lines only', () => refused('\n  \n', '<dir>/bad.nss: no steps (the file is empty)'));
  test('headers and comments, no step', () => refused('@title: nothing\n# a comment\n', '<dir>/bad.nss: no steps'));

  test('a binary file (a NUL byte): named with the line, nothing of it shown', async () => {
    const elf = Buffer.concat([Buffer.from('\u007fELF\u0002\u0001\u0001\u0000'), Buffer.from('init: hostname\n\u001b[2J')]);
    await refused(elf, '<dir>/bad.nss:1: a NUL byte: a binary file, not a scenario');
    await refused(Buffer.from('init: hostname\n# two\ninit: x\u0000\n'), '<dir>/bad.nss:3: a NUL byte: a binary file, not a scenario');
  });

  test.each([
    ['a lone 0xff', [0x69, 0x6e, 0xff], '1: invalid UTF-8 (byte 0xff)'],
    ['a sequence cut by the end of a line', [0x23, 0x0a, 0x23, 0x20, 0xe2, 0x82, 0x0a], '2: invalid UTF-8 (byte 0xe2)'],
    ['an overlong form', [0x0a, 0x0a, 0x23, 0xc0, 0x80], '3: invalid UTF-8 (byte 0xc0)'],
    ['a surrogate', [0x23, 0xed, 0xa0, 0x80], '1: invalid UTF-8 (byte 0xed)'],
    ['above U+10FFFF', [0x23, 0xf4, 0x90, 0x80, 0x80], '1: invalid UTF-8 (byte 0xf4)'],
    ['latin-1 text', [...Buffer.from('init: hostname\n# caf'), 0xe9, 0x0a], '2: invalid UTF-8 (byte 0xe9)'],
  ])('invalid UTF-8 (%s): named with the line, never replaced', async (_what, bytes, line) => {
    await refused(Buffer.concat([Buffer.from('init: hostname\n'), Buffer.from(bytes)]), `<dir>/bad.nss:${Number(line.split(':')[0]) + 1}${line.slice(line.indexOf(':'))}`);
  });

  test('UTF-8 of every length passes', async () => {
    const path = await file('u.nss', '# é ∀ 😀\ninit: hostname => nsproxy # ü\n');
    expect(await cli(['run', '--backend', 'sim', path])).toEqual({ status: 0, out: `${SIM}PASS <dir>/u.nss\n1 passed, 0 failed\n`, err: '' });
  });

  test('every bad file is said, each in one line', async () => {
    const a = await file('a.nss', '');
    const b = await file('b.nss', Buffer.from([0x00]));
    const c = await file('c.nss', 'init: hostnme\n');
    const result = await cli(['run', a, b, c]);
    expect(result).toEqual({ status: 2, out: '', err: "<dir>/a.nss: no steps (the file is empty)\n<dir>/b.nss:1: a NUL byte: a binary file, not a scenario\n<dir>/c.nss:1:7: unknown op 'hostnme' (did you mean 'hostname'?)\n" });
  });
});

describe('- is standard input', () => {
  const stdin = (text: string | Uint8Array): Readable => Readable.from([Buffer.from(text)]);

  test('run - reads the scenario from standard input, named <stdin>', async () => {
    expect(await cli(['run', '--backend', 'sim', '-'], { stdin: stdin(GOOD) })).toEqual({ status: 0, out: `${SIM}PASS <stdin>\n1 passed, 0 failed\n`, err: '' });
    expect((await cli(['run', '--backend', 'sim', '--', '-'], { stdin: stdin(GOOD) })).out).toBe(`${SIM}PASS <stdin>\n1 passed, 0 failed\n`);
  });

  test('in order among files; read once however often it is named; the argument after it is not swallowed', async () => {
    const a = await file('a.nss', GOOD);
    const b = await file('b.nss', GOOD);
    const result = await cli(['run', '--backend', 'sim', a, '-', b, '-'], { stdin: stdin(GOOD) });
    expect(result.out).toBe(`${SIM}PASS <dir>/a.nss\nPASS <stdin>\nPASS <dir>/b.nss\n3 passed, 0 failed\n`);
  });

  test('the same checks as a file: empty, binary, invalid UTF-8, a parse error', async () => {
    expect(await cli(['run', '-'], { stdin: stdin('') })).toEqual({ status: 2, out: '', err: '<stdin>: no steps (the file is empty)\n' });
    expect(await cli(['run', '-'], { stdin: stdin(Buffer.from([0x7f, 0x45, 0x00])) })).toEqual({ status: 2, out: '', err: '<stdin>:1: a NUL byte: a binary file, not a scenario\n' });
    expect(await cli(['run', '-'], { stdin: stdin(Buffer.from([0x0a, 0xff])) })).toEqual({ status: 2, out: '', err: '<stdin>:2: invalid UTF-8 (byte 0xff)\n' });
    expect(await cli(['run', '-'], { stdin: stdin('init: hostname\ninit: clone "a\n') })).toEqual({ status: 2, out: '', err: '<stdin>:2:13: unterminated string\n' });
  });

  test('a file named - is named by a path (./-)', async () => {
    const path = await file('-', GOOD);
    expect((await cli(['run', '--backend', 'sim', path], { stdin: stdin('') })).out).toBe(`${SIM}PASS <dir>/-\n1 passed, 0 failed\n`);
  });
});

describe('what the real kernel here cannot show: said once, those scenarios skipped', () => {
  const NESTED_NOTE = 'linux backend: not root, so its world is nested in a user namespace that maps only uid 1000 and gid 1000 as 0; a scenario whose results that changes (on the model) is skipped (needs root)';
  const PROC_NOTE = 'linux backend: a user namespace cannot mount proc here (EPERM: the host\'s /proc is not fully visible, as in a container); a scenario whose results that changes (on the model) is skipped (needs a fully visible /proc)';
  const needsRoot = join(corpus, 'core/clone-needs-cap.nss');
  const needsProc = join(corpus, 'mnt/proc-userns-owns-pidns.nss');

  test('without root: one note, the scenarios the nested world changes SKIP (needs root), the others run', async () => {
    const a = await file('a.nss', GOOD);
    const b = await file('b.nss', GOOD);
    const linux = fake('linux', { nested: { uid: 1000, gid: 1000 } });
    const result = await cli(['run', a, needsRoot, b], { backends: { sim: fake('sim'), linux } });
    expect(result).toEqual({
      status: 0,
      out: `${BOTH}${NESTED_NOTE}\nPASS <dir>/a.nss\nSKIP <corpus>/core/clone-needs-cap.nss (${NEEDS_ROOT})\nPASS <dir>/b.nss\n2 passed, 0 failed, 1 skipped\n`,
      err: '',
    });
    expect(linux.opened).toHaveLength(2);
  });

  test('a host /proc that is not fully visible: one note, the scenarios it changes SKIP', async () => {
    const linux = fake('linux', { userNsProc: 'EPERM' });
    const result = await cli(['run', '--backend', 'linux', needsProc], { backends: { linux } });
    expect(result).toEqual({ status: 0, out: `backend: linux\n${PROC_NOTE}\nSKIP <corpus>/mnt/proc-userns-owns-pidns.nss (${NEEDS_PROC})\n0 passed, 0 failed, 1 skipped\n`, err: '' });
    expect(linux.opened).toHaveLength(0);
  });

  test('a probe that finds nothing wrong says nothing', async () => {
    const path = await file('good.nss', GOOD);
    const result = await cli(['run', path], { backends: { sim: fake('sim'), linux: fake('linux', { userNsProc: null }) } });
    expect(result.out).toBe(`${BOTH}PASS <dir>/good.nss\n1 passed, 0 failed\n`);
  });

  test.each([['linux'], ['both'], []])('under CI=true with --backend %s (none: auto): a FAIL with the reason, exit 1', async (...backend: string[]) => {
    const linux = fake('linux', { nested: { uid: 1000, gid: 1000 } });
    const result = await cli(['run', ...(backend.length > 0 ? ['--backend', ...backend] : []), needsRoot], { backends: { sim: fake('sim'), linux }, env: { CI: 'true' } });
    expect(result.status).toBe(1);
    expect(result.out).toContain(`${NESTED_NOTE}\nFAIL <corpus>/core/clone-needs-cap.nss\n  ${NEEDS_ROOT} (a failure under CI=true)\n0 passed, 1 failed\n`);
  });

  test('--json: the notes in notes (and on stderr), the reason in the file', async () => {
    const linux = fake('linux', { nested: { uid: 1000, gid: 1000 }, userNsProc: 'EPERM' });
    const result = await cli(['run', '--json', needsRoot], { backends: { sim: fake('sim'), linux } });
    expect(result.err).toBe(`${NESTED_NOTE}\n${PROC_NOTE}\n`);
    const report = JSON.parse(result.out) as { notes: string[]; files: { status: string; reason: string }[] };
    expect(report.notes).toEqual([NESTED_NOTE, PROC_NOTE]);
    expect(report.files[0]).toMatchObject({ status: 'skip', reason: NEEDS_ROOT });
  });

  test('--backend sim asks the real kernel nothing', async () => {
    const path = await file('good.nss', GOOD);
    const linux = fake('linux', { nested: { uid: 1000, gid: 1000 }, userNsProc: 'EPERM' });
    expect((await cli(['run', '--backend', 'sim', path], { backends: { sim: fake('sim'), linux } })).out).toBe(`${SIM}PASS <dir>/good.nss\n1 passed, 0 failed\n`);
  });
});

describe('limitSkip: exactly the scenarios whose results the world here changes, on the model', () => {
  const parse = composeAreas(BUILTIN_AREAS);
  const scenario = (rel: string) => parseScenario(readFileSync(join(corpus, rel), 'utf8'), rel, parse);
  const nested = { uid: 1000, gid: 1000 };

  test.each([
    // As root, init's mount namespace is the initial user namespace's: its proc mounts do not depend on /proc being visible.
    ['mnt/proc-init-pidns-nspid.nss', { userNsProc: 'EPERM' }, undefined],
    ['mnt/proc-userns-owns-pidns.nss', { userNsProc: 'EPERM' }, NEEDS_PROC],
    // Without root every mount namespace of the world is a user namespace's.
    ['mnt/proc-init-pidns-nspid.nss', { nested, userNsProc: 'EPERM' }, NEEDS_PROC],
    ['mnt/proc-init-pidns-nspid.nss', { nested }, undefined],
    // A proc mount that fails anyway (EPERM by P5.4) is not changed.
    ['mnt/userns-tmpfs-ok-proc-eperm.nss', { userNsProc: 'EPERM' }, undefined],
    ['core/clone-needs-cap.nss', { nested }, NEEDS_ROOT],
    ['core/clone-needs-cap.nss', { nested, userNsProc: 'EPERM' }, NEEDS_ROOT],
    ['core/format-example.nss', { nested, userNsProc: 'EPERM' }, undefined],
    ['core/format-example.nss', {}, undefined],
  ])('%s with %j: %s', async (rel, limits, expected) => {
    expect(await limitSkip(scenario(rel), limits, BUILTIN_AREAS)).toBe(expected);
  });
});
