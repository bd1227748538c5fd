import { describe, expect, test } from 'vitest';
import type { Backend, BackendSession, SessionOptions, Step, StepResult } from './contract.ts';
import { FORMAT_OPS } from '../test/format-ops.ts';
import { parseScenario as parseWith } from './parse.ts';
import type { ParseOptions, Scenario } from './parse.ts';
import { runDiff, runScenario, skipReason } from './runner.ts';

/** The parser with the whole format's op table (test/format-ops.ts). */
function parseScenario(source: string, file?: string, options: ParseOptions = {}): Scenario {
  return parseWith(source, file, { ops: FORMAT_OPS, ...options });
}

// ---------------------------------------------------------------------------
// A toy kernel as a fake backend: tasks with pids, uts namespaces with hostnames.
// Its raw namespace ids depend on `idBase`, so two toys never share ids and the
// transcripts agree only through the runner's labels.
// ---------------------------------------------------------------------------

interface ToyOptions {
  readonly name?: string;
  readonly types?: readonly string[];
  readonly unsupported?: readonly string[];
  readonly roads?: readonly string[];
  readonly idBase?: number;
  readonly caps?: bigint;
  /** Answer a step differently: return a result to replace the right one. */
  readonly bug?: (step: Step, right: StepResult) => StepResult | undefined;
  /** Throw on this op (a hung step on a real kernel). */
  readonly throwOn?: string;
  readonly failOpen?: boolean;
  readonly failClose?: boolean;
  /** Shared log of what happened, across backends. */
  readonly log?: string[];
}

interface ToyBackend extends Backend {
  readonly opened: SessionOptions[];
  readonly closed: number;
  readonly ran: Step[];
}

function toy(options: ToyOptions = {}): ToyBackend {
  const name = options.name ?? 'toy';
  const log = options.log ?? [];
  const opened: SessionOptions[] = [];
  const ran: Step[] = [];
  let closed = 0;
  const backend: ToyBackend = {
    name,
    types: options.types ?? ['uts', 'pid', 'user'],
    opened,
    ran,
    get closed() {
      return closed;
    },
    unavailable: () => Promise.resolve(undefined),
    supportsOp: (op) => !(options.unsupported ?? []).includes(op),
    ...(options.roads !== undefined ? { roads: options.roads } : {}),
    open(sessionOptions: SessionOptions = {}): Promise<BackendSession> {
      log.push(`${name}:open`);
      opened.push(sessionOptions);
      if (options.failOpen) return Promise.reject(new Error('agent not built'));
      let nextId = options.idBase ?? 1000;
      const newId = (): string => String(nextId++);
      const hostnames = new Map<string, string>();
      const initUts = newId();
      hostnames.set(initUts, 'nsproxy');
      const tasks = new Map<string, { pid: number; uts: string; alive: boolean }>([['init', { pid: 1, uts: initUts, alive: true }]]);
      const pidNs = newId();
      let nextPid = 2;
      const caps = sessionOptions.initCaps ?? options.caps ?? 0x1ffffffffffn;

      const answer = (step: Step): StepResult => {
        const me = tasks.get(step.actor);
        if (!me?.alive) return { kind: 'errno', code: 'ENOTASK' };
        const [a0 = '', a1 = ''] = step.args;
        switch (step.op) {
          case 'clone': {
            let uts = me.uts;
            if (a1.split(',').includes('uts')) {
              uts = newId();
              hostnames.set(uts, hostnames.get(me.uts) ?? '');
            }
            const pid = nextPid++;
            tasks.set(a0, { pid, uts, alive: true });
            return { kind: 'int', value: pid };
          }
          case 'sethostname':
            hostnames.set(me.uts, a0);
            return { kind: 'ok' };
          case 'hostname':
            return { kind: 'text', value: hostnames.get(me.uts) ?? '' };
          case 'ns':
            return a0 === 'uts' ? { kind: 'ns', type: 'uts', id: me.uts } : { kind: 'ns', type: 'pid', id: pidNs };
          case 'exit':
            me.alive = false;
            return { kind: 'ok' };
          case 'alive':
            return { kind: 'text', value: tasks.get(a0)?.alive ? 'yes' : 'no' };
          case 'caps':
            return { kind: 'text', value: caps.toString(16).padStart(16, '0') };
          case 'links':
            return { kind: 'list', items: ['veth0', 'lo'] };
          default:
            return { kind: 'errno', code: 'ENOSYS' };
        }
      };

      const session: BackendSession = {
        observeInit: () => Promise.resolve([
          { kind: 'ns', type: 'uts', id: initUts },
          { kind: 'ns', type: 'pid', id: pidNs },
          { kind: 'ns', type: 'pid_for_children', id: pidNs },
        ]),
        run(step: Step): Promise<StepResult> {
          ran.push(step);
          if (step.op === options.throwOn) return Promise.reject(new Error(`step timed out after 10 s`));
          const right = answer(step);
          return Promise.resolve(options.bug?.(step, right) ?? right);
        },
        initCaps: () => Promise.resolve(caps),
        close(): Promise<void> {
          log.push(`${name}:close`);
          closed++;
          return options.failClose ? Promise.reject(new Error('could not kill task 7')) : Promise.resolve();
        },
      };
      return Promise.resolve(session);
    },
  };
  return backend;
}

const HOSTNAMES = parseScenario(
  `@title: a child with its own uts namespace
# comments and headers are not in the transcript
init: clone a uts            => 2
a: sethostname alpha         => ok
a: hostname                  => alpha
init: hostname               => nsproxy   # untouched
a: ns uts                    => uts:2
init: ns uts                 => uts:1
init: ns pid_for_children    => pid:1
init: links                  => lo,veth0
`,
  'corpus/uts/hostnames.nss',
);

const TRANSCRIPT = `init: clone a uts => 2
a: sethostname alpha => ok
a: hostname => alpha
init: hostname => nsproxy
a: ns uts => uts:2
init: ns uts => uts:1
init: ns pid_for_children => pid:1
init: links => lo,veth0
`;

describe('runScenario', () => {
  test('pass: every expectation holds; the transcript is normalized, comments and headers dropped', async () => {
    const backend = toy();
    const result = await runScenario(HOSTNAMES, backend);
    expect(result).toEqual({ status: 'pass', transcript: TRANSCRIPT, failures: [] });
    expect(backend.closed).toBe(1);
    expect(backend.ran[0]).toEqual({ actor: 'init', op: 'clone', args: ['a', 'uts'] });
  });

  test('labels do not depend on the raw ids', async () => {
    expect((await runScenario(HOSTNAMES, toy({ idBase: 4026531838 }))).transcript).toBe(TRANSCRIPT);
  });

  test('fail: a wrong expectation names the line, the step, the expected and the actual result; every step still runs', async () => {
    const scenario = parseScenario('init: clone a uts => 3\na: hostname => alpha\na: sethostname b => ok\na: hostname => b\n', 'x.nss');
    const backend = toy();
    const result = await runScenario(scenario, backend);
    expect(result.status).toBe('fail');
    expect(result.reason).toBeUndefined();
    expect(result.failures).toEqual([
      { line: 1, step: 'init: clone a uts', expected: '3', actual: '2' },
      { line: 2, step: 'a: hostname', expected: 'alpha', actual: 'nsproxy' },
    ]);
    expect(result.transcript).toBe('init: clone a uts => 2\na: hostname => nsproxy\na: sethostname b => ok\na: hostname => b\n');
    expect(backend.ran).toHaveLength(4);
  });

  test('a step without an expectation never fails by itself', async () => {
    const result = await runScenario(parseScenario('init: hostname\ninit: clone a -'), toy());
    expect(result.status).toBe('pass');
    expect(result.transcript).toBe('init: hostname => nsproxy\ninit: clone a - => 2\n');
  });

  test('expectations are compared after trimming', async () => {
    const parsed = parseScenario('init: hostname => nsproxy');
    const step = parsed.steps[0];
    if (!step) throw new Error('no step');
    const scenario: Scenario = { ...parsed, steps: [{ ...step, expect: '  nsproxy \t' }] };
    expect((await runScenario(scenario, toy())).status).toBe('pass');
  });

  test('skip when @needs lists a type the backend lacks: never opened, never passed', async () => {
    const scenario = parseScenario('@needs: uts, net\ninit: hostname => nsproxy');
    const backend = toy({ name: 'sim' });
    expect(await runScenario(scenario, backend)).toEqual({ status: 'skip', reason: 'sim backend lacks namespace type net', transcript: '', failures: [] });
    expect(backend.opened).toHaveLength(0);
  });

  test('REQUIRED: skip when a step names a type the backend lacks, even without @needs: never a pass by accident', async () => {
    // The toy answers every op it does not know with ENOSYS, and clone ignores types it
    // lacks: each of these would pass if the runner did not skip it.
    const cases: [string, string][] = [
      ['init: clone a net => 2', 'net'],
      ['init: ns cgroup => pid:1', 'cgroup'],
      ['init: clone a - => 2\na: setns init ipc => ENOSYS', 'ipc'],
      ['init: unshare uts,ipc => ENOSYS', 'ipc'],
      ['init: open init time_for_children f => ENOSYS', 'time'],
      ['init: nsof init mnt => ENOSYS', 'mnt'],
      ['init: setns-pidfd init user,net => ENOSYS', 'net'],
      ['init: setns-fd f ipc => ENOSYS', 'ipc'],
      ['init: setns-path /tmp/nss/n cgroup => ENOSYS', 'cgroup'],
      ['init: pin init net /tmp/nss/n => ENOSYS', 'net'],
    ];
    for (const [source, type] of cases) {
      const scenario = parseScenario(`@needs: uts\n${source}`);
      const backend = toy({ name: 'sim' });
      expect(await runScenario(scenario, backend), source).toEqual({
        status: 'skip',
        reason: `sim backend lacks namespace type ${type} (named by a step)`,
        transcript: '',
        failures: [],
      });
      expect(backend.opened).toHaveLength(0);
    }
  });

  test('the types a step names that the backend has do not skip; pid_for_children counts as pid; any names none', async () => {
    const scenario = parseScenario('init: ns pid_for_children => pid:1\ninit: clone a uts,user => 2\ninit: setns-fd f any => ENOSYS');
    expect(scenario.uses).toEqual(['pid', 'uts', 'user']);
    expect(skipReason(scenario, toy())).toBeUndefined();
    expect(skipReason(scenario, toy({ types: ['uts', 'user'] }))).toBe('toy backend lacks namespace type pid (named by a step)');
    expect((await runScenario(scenario, toy())).status).toBe('pass');
  });

  test('a @needs type is reported before a type a step names', () => {
    const scenario = parseScenario('@needs: time\ninit: clone a net');
    expect(skipReason(scenario, toy())).toBe('toy backend lacks namespace type time');
  });

  test('skip when a step uses an op the backend does not support', async () => {
    const scenario = parseScenario('init: hostname => nsproxy\ninit: veth v0 v1 => ok');
    const result = await runScenario(scenario, toy({ name: 'sim', unsupported: ['veth'] }));
    expect(result).toEqual({ status: 'skip', reason: 'sim backend does not support op veth', transcript: '', failures: [] });
  });

  test('@road: skipped, never opened, on a backend of Linux as merged; opened with the roads where the backend has them', async () => {
    const scenario = parseScenario('@road: nsproxy-ids\ninit: hostname => nsproxy', 'r.nss', { roads: ['nsproxy-ids', 'socketat'] });
    const linux = toy({ name: 'linux' });
    expect(await runScenario(scenario, linux)).toEqual({
      status: 'skip', reason: 'linux backend runs Linux as merged; road nsproxy-ids is a model opt-in', transcript: '', failures: [],
    });
    expect(linux.opened).toEqual([]);
    const partial = toy({ name: 'sim', roads: ['socketat'] });
    expect(skipReason(scenario, partial)).toBe('sim backend lacks road nsproxy-ids');
    const sim = toy({ name: 'sim', roads: ['nsproxy-ids'] });
    const result = await runScenario(scenario, sim);
    expect(result.status).toBe('pass');
    expect(sim.opened).toEqual([{ roads: ['nsproxy-ids'] }]);
    // A scenario without @road opens no road.
    const plain = toy({ name: 'sim', roads: ['nsproxy-ids'] });
    await runScenario(parseScenario('init: hostname => nsproxy'), plain);
    expect(plain.opened).toEqual([{}]);
  });

  test('@road: the road comes before the ops: a road op unknown to Linux still skips for the road', () => {
    const scenario = parseScenario('@road: nsproxy-ids\ninit: links', 'r.nss', { roads: ['nsproxy-ids'] });
    expect(skipReason(scenario, toy({ name: 'linux', unsupported: ['links'] }))).toBe('linux backend runs Linux as merged; road nsproxy-ids is a model opt-in');
  });

  test('@road in a diff run: skipped, as the real kernel takes no road', async () => {
    const scenario = parseScenario('@road: socketat\ninit: hostname', 'r.nss', { roads: ['socketat'] });
    const result = await runDiff(scenario, { sim: toy({ name: 'sim', roads: ['socketat'] }), linux: toy({ name: 'linux' }) });
    expect([result.status, result.reason]).toEqual(['skip', 'linux backend runs Linux as merged; road socketat is a model opt-in']);
  });

  test('skip when @needs lists an op the backend does not support', async () => {
    const scenario = parseScenario('@needs: uts, make-rslave\ninit: hostname => nsproxy');
    expect((await runScenario(scenario, toy({ unsupported: ['make-rslave'] }))).reason).toBe('toy backend does not support op make-rslave');
    expect(skipReason(scenario, toy())).toBeUndefined();
  });

  test('ENOTASK from the backend passes through: unknown and exited tasks', async () => {
    const scenario = parseScenario('ghost: hostname => ENOTASK\ninit: clone a -\na: exit => ok\na: hostname => ENOTASK\ninit: alive a => no');
    const result = await runScenario(scenario, toy());
    expect(result.status).toBe('pass');
    expect(result.transcript).toBe('ghost: hostname => ENOTASK\ninit: clone a - => 2\na: exit => ok\na: hostname => ENOTASK\ninit: alive a => no\n');
  });

  test('a thrown error is a failure naming the line; the run stops there and the session is closed', async () => {
    const scenario = parseScenario('init: clone a uts => 2\n\ninit: exit => ok\ninit: hostname => nsproxy', 'hang.nss');
    const backend = toy({ name: 'linux', throwOn: 'exit' });
    const result = await runScenario(scenario, backend);
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('linux backend failed at line 3 (init: exit): step timed out after 10 s');
    expect(result.failures).toEqual([{ line: 3, step: 'init: exit', expected: 'ok', actual: 'error: step timed out after 10 s' }]);
    expect(result.transcript).toBe('init: clone a uts => 2\ninit: exit => error: step timed out after 10 s\n');
    expect(backend.ran).toHaveLength(2);
    expect(backend.closed).toBe(1);
  });

  test('a backend that cannot open fails the scenario with a reason', async () => {
    const result = await runScenario(HOSTNAMES, toy({ name: 'linux', failOpen: true }));
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('linux backend failed to start: agent not built');
    expect(result.failures).toEqual([{ line: 0, step: '(start)', expected: undefined, actual: 'error: agent not built' }]);
  });

  test('a failing close is reported', async () => {
    const result = await runScenario(HOSTNAMES, toy({ failClose: true }));
    expect(result.status).toBe('fail');
    expect(result.transcript).toBe(TRANSCRIPT);
    expect(result.failures).toEqual([{ line: 0, step: '(close)', expected: undefined, actual: 'error: could not kill task 7' }]);
  });

  test('initCaps is passed to open', async () => {
    const backend = toy();
    const result = await runScenario(parseScenario('init: caps => 000000000000000f'), backend, { initCaps: 0xfn });
    expect(backend.opened).toEqual([{ initCaps: 0xfn }]);
    expect(result.status).toBe('pass');
  });
});

describe('runDiff', () => {
  test('two agreeing backends pass, with no diff; linux runs first and the model starts with its caps', async () => {
    const log: string[] = [];
    const linux = toy({ name: 'linux', idBase: 4026531835, caps: 0x1fffffeffffn, log });
    const sim = toy({ name: 'sim', idBase: 1, log });
    const scenario = parseScenario(`${HOSTNAMES.steps.map((s) => `${s.text} => ${s.expect ?? ''}`).join('\n')}\ninit: caps`);
    const result = await runDiff(scenario, { sim, linux });
    expect(result.status).toBe('pass');
    expect(result.diff).toBeUndefined();
    expect(result.failures).toEqual([]);
    expect(result.transcript).toBe(`${TRANSCRIPT}init: caps => 000001fffffeffff\n`);
    expect(result.runs.sim.transcript).toBe(result.runs.linux.transcript);
    expect(log).toEqual(['linux:open', 'linux:close', 'sim:open', 'sim:close']);
    expect(sim.opened).toEqual([{ initCaps: 0x1fffffeffffn }]);
  });

  test('REQUIRED: a broken backend that answers one step differently is caught, with a readable unified diff', async () => {
    const linux = toy({ name: 'linux', idBase: 4026531835 });
    // The bug: the model forgets that a child's hostname is its own (answers from init's namespace).
    const sim = toy({
      name: 'sim',
      bug: (step, right) => (step.actor === 'a' && step.op === 'hostname' ? { kind: 'text', value: 'nsproxy' } : right),
    });
    const scenario = parseScenario(
      `init: clone a uts
a: sethostname alpha
init: clone b -
b: hostname
a: hostname
a: ns uts
init: ns uts
init: ns pid
b: exit
`,
      'corpus/uts/broken.nss',
    );
    const result = await runDiff(scenario, { sim, linux });
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('transcripts differ (sim vs linux)');
    expect(result.failures).toEqual([]);
    expect(result.diff).toBe(`--- sim
+++ linux
@@ -2,7 +2,7 @@
 a: sethostname alpha => ok
 init: clone b - => 3
 b: hostname => nsproxy
-a: hostname => nsproxy
+a: hostname => alpha
 a: ns uts => uts:2
 init: ns uts => uts:1
 init: ns pid => pid:1
`);
    expect(result.transcript).toBe(result.runs.linux.transcript);
  });

  test('expectations are checked on both backends, each failure tagged with its backend', async () => {
    const linux = toy({ name: 'linux' });
    const sim = toy({ name: 'sim', bug: (step, right) => (step.op === 'hostname' ? { kind: 'text', value: 'wrong' } : right) });
    const result = await runDiff(parseScenario('init: clone a -   => 2\ninit: hostname => nsproxy\n', 'x.nss'), { sim, linux });
    expect(result.status).toBe('fail');
    expect(result.failures).toEqual([{ line: 2, step: 'init: hostname', expected: 'nsproxy', actual: 'wrong', backend: 'sim' }]);
    expect(result.diff).toContain('-init: hostname => wrong\n+init: hostname => nsproxy\n');
  });

  test('the same wrong expectation fails on both, even when the transcripts agree', async () => {
    const result = await runDiff(parseScenario('init: hostname => alpha'), { sim: toy({ name: 'sim' }), linux: toy({ name: 'linux' }) });
    expect(result.status).toBe('fail');
    expect(result.diff).toBeUndefined();
    expect(result.failures.map((f) => f.backend)).toEqual(['linux', 'sim']);
  });

  test('skipped when either backend cannot run the scenario; nothing is opened', async () => {
    const sim = toy({ name: 'sim', types: ['uts'] });
    const linux = toy({ name: 'linux' });
    const result = await runDiff(parseScenario('@needs: user\ninit: hostname'), { sim, linux });
    expect(result.status).toBe('skip');
    expect(result.reason).toBe('sim backend lacks namespace type user');
    expect(sim.opened).toHaveLength(0);
    expect(linux.opened).toHaveLength(0);
    const unsupported = await runDiff(parseScenario('init: links'), { sim: toy({ name: 'sim' }), linux: toy({ name: 'linux', unsupported: ['links'] }) });
    expect(unsupported.reason).toBe('linux backend does not support op links');
  });

  test('skipped when either backend lacks a type a step names; nothing is opened', async () => {
    const scenario = parseScenario('init: clone a net => 2');
    for (const [sim, linux, reason] of [
      [toy({ name: 'sim' }), toy({ name: 'linux', types: ['uts', 'pid', 'user', 'net'] }), 'sim backend lacks namespace type net (named by a step)'],
      [toy({ name: 'sim', types: ['uts', 'pid', 'user', 'net'] }), toy({ name: 'linux' }), 'linux backend lacks namespace type net (named by a step)'],
    ] as const) {
      const result = await runDiff(scenario, { sim, linux });
      expect(result.status).toBe('skip');
      expect(result.reason).toBe(reason);
      expect([sim.opened.length, linux.opened.length]).toEqual([0, 0]);
    }
  });

  test('a thrown error on linux fails the run, and the diff shows where', async () => {
    const linux = toy({ name: 'linux', throwOn: 'hostname' });
    const result = await runDiff(parseScenario('init: clone a -\ninit: hostname\ninit: clone b -'), { sim: toy({ name: 'sim' }), linux });
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('linux backend failed at line 2 (init: hostname): step timed out after 10 s; transcripts differ (sim vs linux)');
    expect(result.failures).toEqual([{ line: 2, step: 'init: hostname', expected: undefined, actual: 'error: step timed out after 10 s', backend: 'linux' }]);
    expect(result.diff).toBe(`--- sim
+++ linux
@@ -1,3 +1,2 @@
 init: clone a - => 2
-init: hostname => nsproxy
-init: clone b - => 3
+init: hostname => error: step timed out after 10 s
`);
    expect(linux.closed).toBe(1);
  });
});
