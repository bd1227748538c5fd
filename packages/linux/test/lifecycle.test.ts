/**
 * The real backend's lifecycle under faults: a runner killed at any moment
 * leaves nothing behind (no process, namespace or mount of the run), the
 * host's file system is not touched, an agent killed from outside the run is
 * reported once, and without root the scenarios the world cannot show are
 * skipped with the reason.
 *
 * The kill test runs a few seeded kills here; a longer version by hand:
 *   NSPROXY_KILLS=200 NSPROXY_KILL_SEED=7 npx vitest run packages/linux/test/lifecycle.test.ts
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinuxBackend } from '../src/index.ts';
import { agentsBelow, Run } from './harness.ts';

const execFileP = promisify(execFile);

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'apps/cli/dist/bin.js');
const CI = process.env.CI === 'true';

const linux = createLinuxBackend();
const unavailable = await linux.unavailable();
const skipReal = unavailable !== undefined && !CI;
if (skipReal) console.log(`@nsproxy/linux: lifecycle tests on the real kernel skipped: ${unavailable}`);
const noCli = !existsSync(CLI) && !CI;
if (noCli && !skipReal) console.log(`@nsproxy/linux: the runner-kill test skipped: ${CLI} is not built (npm run build)`);
const notRoot = process.geteuid?.() !== 0;
if (notRoot && !skipReal) console.log('@nsproxy/linux: the runner-kill test skipped: its scenarios change uids, which the world shows only when run as root');
// The /tmp tests hide the host's /tmp behind a tmpfs, and with it a tree that lives there.
const treeInTmp = ROOT.startsWith('/tmp/');
if (treeInTmp && !skipReal) console.log(`@nsproxy/linux: the host /tmp tests skipped: this tree (${ROOT}) is itself in /tmp`);

const work = mkdtempSync(join(tmpdir(), 'nsproxy-lifecycle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// ---------------------------------------------------------------------------
// What a run may leave behind.

interface Proc {
  readonly pid: number;
  readonly startTime: string;
}

function stat(pid: number): { state: string; ppid: number; startTime: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]), startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** The namespaces (`mnt:[4026532…]`) a process is in, those we may read. */
function namespacesOf(pid: number): string[] {
  const out: string[] = [];
  let files: string[];
  try {
    files = readdirSync(`/proc/${pid}/ns`);
  } catch {
    return out;
  }
  for (const file of files) {
    try {
      out.push(readlinkSync(`/proc/${pid}/ns/${file}`));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/**
 * Every namespace some live process of the machine is in. Zombies do not
 * count: a killed agent whose parent died too waits as a zombie until the
 * host's pid 1 reaps it (some do that only now and then, some never), and
 * what it still pins (its pid and user namespaces) goes with that reaping,
 * which is no business of the run's.
 */
function allNamespaces(): Set<string> {
  const all = new Set<string>();
  for (const pid of pids()) if (stat(pid)?.state !== 'Z') for (const ns of namespacesOf(pid)) all.add(ns);
  return all;
}

/** Mounts of the host's mount namespace at or below /tmp/nss. */
function hostNssMounts(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => / \/tmp\/nss(\/| )/.test(line));
}

/** A run frozen in place: its agent processes and the namespaces only they are in. */
interface Snapshot {
  readonly agents: Proc[];
  readonly namespaces: Set<string>;
}

/** Scans the agents below `root` until two scans agree (a clone may be under way). */
async function snapshot(root: number): Promise<Snapshot> {
  let last = '';
  let agents: Proc[] = [];
  for (let i = 0; i < 50; i++) {
    agents = agentsBelow(root).flatMap((pid) => {
      const s = stat(pid);
      return s === undefined ? [] : [{ pid, startTime: s.startTime }];
    });
    const key = agents.map((a) => `${a.pid}/${a.startTime}`).sort().join(',');
    if (key === last) break;
    last = key;
    await sleep(10);
  }
  const ours = new Set(namespacesOf(process.pid));
  const namespaces = new Set<string>();
  for (const agent of agents) for (const ns of namespacesOf(agent.pid)) if (!ours.has(ns)) namespaces.add(ns);
  return { agents, namespaces };
}

interface Leftovers {
  processes: string[];
  namespaces: string[];
  mounts: string[];
}

function leftovers(snap: Snapshot, mountsBefore: number): Leftovers {
  const processes = snap.agents
    .filter((a) => {
      const s = stat(a.pid);
      return s !== undefined && s.startTime === a.startTime && s.state !== 'Z';
    })
    .map((a) => `pid ${a.pid} (ppid ${stat(a.pid)?.ppid ?? '?'})`);
  const all = allNamespaces();
  const namespaces = [...snap.namespaces].filter((ns) => all.has(ns));
  const mounts = hostNssMounts().slice(mountsBefore);
  return { processes, namespaces, mounts };
}

const NOTHING: Leftovers = { processes: [], namespaces: [], mounts: [] };

/** Waits (bounded) for the kernel to finish tearing the run down, then says what is left. */
async function settleLeftovers(snap: Snapshot, mountsBefore: number): Promise<Leftovers> {
  let left = leftovers(snap, mountsBefore);
  for (let i = 0; i < 250 && JSON.stringify(left) !== JSON.stringify(NOTHING); i++) {
    await sleep(20);
    left = leftovers(snap, mountsBefore);
  }
  return left;
}

// ---------------------------------------------------------------------------
// Scenarios that change init's credentials, stop tasks, enter user
// namespaces and join namespaces elsewhere, with a long tail of steps so
// that a kill lands before, during and after the change. The tails are long
// enough (1,500 steps) that the steps outlast the world's teardown: a kill at
// a fraction of a run's measured time (which includes the teardown) then
// lands inside the steps, also on a loaded machine (with 300 to 400 steps,
// one kill needed all four attempts, and under CI's load missed them all).

/** A file's text, or '' when it cannot be read (a process that is gone). */
function readFileOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function tail(n: number, actor = 'init', step = 'getpid => 1'): string {
  return Array.from({ length: n }, () => `${actor}: ${step}`).join('\n');
}

const SCENARIOS: Record<string, string> = {
  'setuid.nss': `@title: init changes its uid and gid, with a stopped task
${tail(5)}
init: clone a -          => 2
init: kill a SIGSTOP     => ok
init: setgid 1000        => ok
init: setuid 1000        => ok
init: id                 => uid=1000 gid=1000
${tail(1500)}
`,
  'unshare-user.nss': `@title: init enters a user namespace of its own
${tail(5)}
init: clone a pid        => 2
init: unshare user       => ok
init: id                 => uid=65534 gid=65534
${tail(60)}
a: clone b user,uts      => 2
b: sethostname inner     => ok
${tail(1500, 'b', 'hostname => inner')}
`,
  'setns-user.nss': `@title: init joins a child's user namespace, another task a sibling's namespaces
${tail(5)}
init: clone b user       => 2
init: clone c uts,ipc    => 3
init: clone d -          => 4
d: setns c uts           => ok
init: setns b user       => ok
init: id                 => uid=65534 gid=65534
init: kill d SIGSTOP     => ok
${tail(1500)}
`,
};

for (const [name, text] of Object.entries(SCENARIOS)) writeFileSync(join(work, name), text);

function runCli(file: string): ChildProcess {
  return spawn(process.execPath, [CLI, 'run', '--backend', 'linux', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

/** A small seeded generator (mulberry32), so a failing kill can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KILLS = Number(process.env.NSPROXY_KILLS ?? 6);
const SEED = Number(process.env.NSPROXY_KILL_SEED ?? 20261206);

/** Waits until the runner's world exists (the host agent and init), or the runner is gone; how long that took (ms). */
async function worldUp(child: ChildProcess): Promise<number> {
  const started = Date.now();
  while (child.exitCode === null && child.signalCode === null && agentsBelow(child.pid ?? 0).length < 2) await sleep(2);
  return Date.now() - started;
}

describe.skipIf(skipReal || noCli || notRoot)('a killed runner leaves nothing behind', () => {
  /** How long each scenario's steps run, once its world is up (ms). */
  const durations = new Map<string, number>();

  it('runs each scenario to the end when not killed (so the kills below land inside them)', async () => {
    for (const name of Object.keys(SCENARIOS)) {
      const child = runCli(join(work, name));
      const done = exited(child);
      await worldUp(child);
      const started = Date.now();
      const result = await done;
      durations.set(name, Date.now() - started);
      expect({ name, code: result.code, out: result.out }).toEqual({ name, code: 0, out: `backend: linux\nPASS ${join(work, name)}\n1 passed, 0 failed\n` });
    }
  }, 60_000);

  it('SIGKILL right after init changed its uid: init does not survive as an orphan (the kernel cleared its PDEATHSIG)', async () => {
    // The case that leaked: init runs `setuid 1000`, then the runner dies while init waits for its next request.
    const file = join(work, 'setuid-then-wait.nss');
    writeFileSync(file, `@title: init changes its uid, then the runner is killed\ninit: setuid 1000 => ok\n${tail(20000)}\n`);
    const mountsBefore = hostNssMounts().length;
    const child = runCli(file);
    const done = exited(child);
    await worldUp(child);
    // Until init's uid is 1000 (the step ran): then the kill lands after the credential change, every time.
    const uidOf = (pid: number): number | undefined => {
      const m = /^Uid:\s+(\d+)/m.exec(readFileOrEmpty(`/proc/${pid}/status`));
      return m ? Number(m[1]) : undefined;
    };
    for (let i = 0; i < 2500 && !agentsBelow(child.pid ?? 0).some((pid) => uidOf(pid) === 1000); i++) await sleep(2);
    process.kill(child.pid ?? 0, 'SIGSTOP');
    const snap = await snapshot(child.pid ?? 0);
    expect(snap.agents.length).toBeGreaterThanOrEqual(2);
    process.kill(child.pid ?? 0, 'SIGKILL');
    process.kill(child.pid ?? 0, 'SIGCONT');
    await done;
    expect(await settleLeftovers(snap, mountsBefore)).toEqual(NOTHING);
  }, 30_000);

  it(`kills the runner (SIGKILL, SIGINT) at ${KILLS} seeded moments: no process, namespace or mount is left`, async () => {
    const next = random(SEED);
    const names = Object.keys(SCENARIOS);
    const report: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const name = names[i % names.length] ?? '';
      const signal = i % 2 === 0 ? 'SIGKILL' : 'SIGINT';
      // A moment while the steps run (not after the last: the world must be there to be killed).
      // A run can be quicker than the one measured: a kill that comes after its end is made again, sooner.
      let delay = Math.floor(next() * 0.85 * (durations.get(name) ?? 100));
      let killedAt = delay;
      let mountsBefore = 0;
      let child: ChildProcess | undefined;
      let done: Promise<{ code: number | null; signal: string | null; out: string }> | undefined;
      let snap: Snapshot = { agents: [], namespaces: new Set() };
      // How each attempt found the run when it froze it (for the report of a kill that never hit a world).
      const attempts: string[] = [];
      for (let attempt = 0; attempt < 4 && snap.agents.length < 2; attempt++, delay = Math.floor(delay / 4)) {
        if (child !== undefined) {
          try {
            process.kill(child.pid ?? 0, 'SIGCONT'); // the frozen run that was too quick: let it end
          } catch {
            // it had ended before it could be frozen
          }
          await done;
        }
        mountsBefore = hostNssMounts().length;
        child = runCli(join(work, name));
        done = exited(child);
        const upAfter = await worldUp(child);
        await sleep(delay);
        killedAt = delay;
        // Freeze the runner, take stock of its world, then kill it.
        try {
          process.kill(child.pid ?? 0, 'SIGSTOP');
        } catch {
          // it has finished already: nothing to take stock of
        }
        snap = await snapshot(child.pid ?? 0);
        const ended = child.exitCode ?? child.signalCode;
        attempts.push(`${delay} ms after a world up in ${upAfter} ms: ${snap.agents.length} agents${ended === null ? '' : `, the run had ended (${ended})`}`);
      }
      const pid = child?.pid ?? 0;
      try {
        process.kill(pid, signal);
        process.kill(pid, 'SIGCONT');
      } catch {
        // finished meanwhile
      }
      const result = await done;
      const left = await settleLeftovers(snap, mountsBefore);
      report.push(`${name} ${signal} ${killedAt} ms into the steps: ${snap.agents.length} agents, ${snap.namespaces.size} namespaces of their own`);
      expect({ kill: report.at(-1), ...left }).toEqual({ kill: report.at(-1), ...NOTHING });
      // The kill hit a world: the host agent and init at least, and init's fresh namespaces.
      const missed = `${report.at(-1)}; attempts: ${attempts.join('; ')}; the last run's output: ${result?.out ?? ''}`;
      expect(snap.agents.length, missed).toBeGreaterThanOrEqual(2);
      expect(snap.namespaces.size, missed).toBeGreaterThanOrEqual(7);
    }
    console.log(`@nsproxy/linux: runner kills (seed ${SEED}):\n  ${report.join('\n  ')}`);
  }, 60_000 + KILLS * 10_000);
});

// ---------------------------------------------------------------------------

/** Runs a shell script in a private mount namespace of its own (root, or a user namespace of its own). */
async function inPrivateMountNs(script: string): Promise<{ code: number; out: string }> {
  const root = process.geteuid?.() === 0;
  const args = root ? ['-m', '--propagation', 'private'] : ['-Urm', '--propagation', 'private'];
  try {
    const { stdout, stderr } = await execFileP('unshare', [...args, 'sh', '-ec', script], { cwd: ROOT, timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('the unshare(1) command is missing (util-linux)', { cause: error });
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe.skipIf(skipReal)('the host file system is not touched', () => {
  it.skipIf(treeInTmp)('creates nothing in the host\'s /tmp: a run leaves it as it found it', async () => {
    // In a mount namespace of its own with an empty /tmp (so other runs do not matter).
    const result = await inPrivateMountNs(
      `mount -t tmpfs tmpfs /tmp
       printf 'init: clone a uts => 2\\na: sethostname x => ok\\n' > /tmp/s.nss
       node apps/cli/dist/bin.js run --backend linux /tmp/s.nss
       ls -A /tmp | tr '\\n' ' '`,
    );
    expect(result).toEqual({ code: 0, out: 'backend: linux\nPASS /tmp/s.nss\n1 passed, 0 failed\ns.nss ' });
  });

  it.skipIf(treeInTmp)('runs a scenario with a regular file at /tmp/nss on the host, and leaves the file as it was', async () => {
    const scenario = 'init: getpid => 1\\ninit: clone a uts => 2\\na: sethostname x => ok\\n';
    const result = await inPrivateMountNs(
      `mount -t tmpfs tmpfs /tmp
       printf 'a file' > /tmp/nss
       printf '${scenario}' > /tmp/s.nss
       node apps/cli/dist/bin.js run --backend linux /tmp/s.nss
       test -f /tmp/nss && cat /tmp/nss && echo
       ls -A /tmp | tr '\\n' ' '`,
    );
    expect(result).toEqual({ code: 0, out: 'backend: linux\nPASS /tmp/s.nss\n1 passed, 0 failed\na file\nnss s.nss ' });
  });

  it('says in one line why when the world cannot be built (here: no net namespace may be made)', async () => {
    // In a user namespace of its own whose max_net_namespaces is 0, as root there.
    const agent = join(ROOT, 'packages/linux/agent/bin/nsproxy-agent');
    const result = await execFileP('unshare', ['-Ur', 'sh', '-c', `echo 0 > /proc/sys/user/max_net_namespaces && exec ${JSON.stringify(agent)} --probe`]).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code, out: error.stdout }),
    );
    expect(result).toEqual({ code: 1, out: 'cannot build the world of a run: clone with new cgroup, ipc, mnt, net, pid, time and uts namespaces: ENOSPC\n' });
  });
});

// ---------------------------------------------------------------------------

describe.skipIf(skipReal)('an agent killed from outside the run', () => {
  it('is reported once, as what it is, and the session stops there', async () => {
    const run = await Run.open();
    try {
      expect(await run.step('init: clone a -')).toBe('2');
      expect(await run.step('init: clone b -')).toBe('3');
      expect(await run.step('a: getpid')).toBe('2');
      const [a] = agentsBelow(process.pid).filter((pid) => /^NSpid:.*\s2$/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')));
      expect(a).toBeDefined();
      process.kill(a ?? 0, 'SIGKILL');
      while (stat(a ?? 0) !== undefined) await sleep(2);
      // b is untouched; a step of (or on) a says what happened, once.
      expect(await run.step('b: getpid')).toBe('3');
      await expect(run.step('a: getpid')).rejects.toThrow(new RegExp(`^a: getpid: task a's agent \\(pid ${a}\\) was killed from outside the run$`));
      await expect(run.step('b: getpid')).rejects.toThrow(/the session is unusable: task a's agent .* was killed from outside the run/);
    } finally {
      await run.close();
    }
  });

  it('names the target too: a step on a task killed from outside fails the same way', async () => {
    const run = await Run.open();
    try {
      expect(await run.step('init: clone a uts')).toBe('2');
      const [a] = agentsBelow(process.pid).filter((pid) => /^NSpid:.*\s2$/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')));
      process.kill(a ?? 0, 'SIGKILL');
      while (stat(a ?? 0) !== undefined) await sleep(2);
      await expect(run.step('init: setns a uts')).rejects.toThrow(/^init: setns a uts: task a's agent \(pid \d+\) was killed from outside the run$/);
    } finally {
      await run.close();
    }
  });

  it('keeps ENOTASK for a task the scenario ended', async () => {
    const run = await Run.open();
    try {
      expect(await run.step('init: clone a -')).toBe('2');
      expect(await run.step('init: clone b -')).toBe('3');
      expect(await run.step('a: exit')).toBe('ok');
      expect(await run.step('init: kill b SIGKILL')).toBe('ok');
      expect(await run.step('a: getpid')).toBe('ENOTASK');
      expect(await run.step('b: getpid')).toBe('ENOTASK');
      expect(await run.step('init: alive b')).toBe('no');
    } finally {
      await run.close();
    }
  });
});

// ---------------------------------------------------------------------------

describe('without root', () => {
  it('says its world is nested one user namespace deeper exactly when it is not root (the CLI then skips what that changes)', () => {
    const uid = process.geteuid?.();
    expect(linux.nestedWorld?.()).toEqual(uid === 0 ? undefined : { uid, gid: process.getegid?.() });
  });

  it.skipIf(skipReal || process.geteuid?.() === 0)('runs the other scenarios as under root (this runner is not root)', async () => {
    // The world's user namespace is the runner's own: init is root there, and sees only its own uid mapped.
    const run = await Run.open();
    try {
      expect(await run.step('init: id')).toBe('uid=0 gid=0');
      expect(await run.step('init: clone a user,uts')).toBe('2');
    } finally {
      await run.close();
    }
  });
});
