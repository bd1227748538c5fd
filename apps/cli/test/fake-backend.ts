/**
 * Fake backends for in-process tests of `nsproxy run`: a tiny uts model
 * (clone, sethostname, hostname, ns). `bug` makes an answer differ; `nested`
 * and `userNsProc` make a linux fake report what the real backend reports
 * without root and where the host's /proc is not fully visible. Also the
 * in-process run the tests make with them (`runInProcess`) and their
 * scenario files (`writeFileUnder`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backend, BackendSession, SessionOptions, Step, StepResult } from '@nsproxy/scenario';
import { runCli } from '../src/cli.ts';
import type { CliDeps } from '../src/cli.ts';

export interface FakeOptions {
  readonly types?: readonly string[];
  readonly unsupported?: readonly string[];
  readonly unavailable?: string;
  readonly bug?: (step: Step) => StepResult | undefined;
  readonly throwOn?: string;
  readonly failOpen?: string;
  /** What `nestedWorld()` answers (the real backend without root). */
  readonly nested?: { readonly uid: number; readonly gid: number };
  /** What `userNsProcMount()` answers (`EPERM`: the host's /proc is not fully visible); without it the fake has no such probe. */
  readonly userNsProc?: string | null;
}

export interface Fake extends Backend {
  readonly opened: SessionOptions[];
}

export function fake(name: string, options: FakeOptions = {}): Fake {
  const opened: SessionOptions[] = [];
  return {
    name,
    opened,
    types: options.types ?? ['uts', 'pid', 'user', 'ipc', 'mnt', 'net', 'cgroup', 'time'],
    unavailable: () => Promise.resolve(options.unavailable),
    supportsOp: (op) => !(options.unsupported ?? []).includes(op),
    ...(options.nested ? { nestedWorld: () => options.nested } : {}),
    ...(options.userNsProc !== undefined ? { userNsProcMount: () => Promise.resolve(options.userNsProc ?? undefined) } : {}),
    open(sessionOptions: SessionOptions = {}): Promise<BackendSession> {
      opened.push(sessionOptions);
      if (options.failOpen) return Promise.reject(new Error(options.failOpen));
      const base = name === 'linux' ? 4026531835 : 1;
      const tasks = new Map<string, { uts: number }>([['init', { uts: base }]]);
      const hostnames = new Map<number, string>([[base, 'nsproxy']]);
      let next = base + 1;
      let pid = 2;
      return Promise.resolve({
        observeInit: () => Promise.resolve([{ kind: 'ns', type: 'uts', id: String(base) }]),
        initCaps: () => Promise.resolve(0x1ffffffffffn),
        close: () => Promise.resolve(),
        run(step: Step): Promise<StepResult> {
          if (step.op === options.throwOn) return Promise.reject(new Error('agent did not answer within 5 s'));
          const wrong = options.bug?.(step);
          if (wrong) return Promise.resolve(wrong);
          const me = tasks.get(step.actor);
          if (!me) return Promise.resolve({ kind: 'errno', code: 'ENOTASK' });
          const [a0 = '', a1 = ''] = step.args;
          switch (step.op) {
            case 'clone': {
              const uts = a1.includes('uts') ? next++ : me.uts;
              hostnames.set(uts, hostnames.get(me.uts) ?? '');
              tasks.set(a0, { uts });
              return Promise.resolve({ kind: 'int', value: pid++ });
            }
            case 'sethostname':
              hostnames.set(me.uts, a0);
              return Promise.resolve({ kind: 'ok' });
            case 'hostname':
              return Promise.resolve({ kind: 'text', value: hostnames.get(me.uts) ?? '' });
            case 'ns':
              return Promise.resolve({ kind: 'ns', type: 'uts', id: String(me.uts) });
            default:
              return Promise.resolve({ kind: 'errno', code: 'ENOSYS' });
          }
        },
      });
    },
  };
}


/** Writes `content` to `rel` under `dir` (directories made as needed); returns the path. */
export async function writeFileUnder(dir: string, rel: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, rel);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

/** What an in-process run printed, and its status. */
export interface Outcome {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

/** `nsproxy ARGV` in process, with fake backends unless `deps` says otherwise; `mask` is applied to what it printed. */
export async function runInProcess(argv: readonly string[], deps: Partial<CliDeps>, mask: (text: string) => string): Promise<Outcome> {
  let out = '';
  let err = '';
  const status = await runCli(argv, {
    backends: { sim: fake('sim'), linux: fake('linux') },
    env: {},
    platform: 'linux',
    ...deps,
    write: (text) => (out += text),
    writeErr: (text) => (err += text),
  });
  return { status, out: mask(out), err: mask(err) };
}
