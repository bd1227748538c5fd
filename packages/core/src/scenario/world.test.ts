/**
 * The world's `init` clone: an area's `initClone` adds flags and a cgroup fd
 * to it (what the cgroup area uses to clone init into the run's cgroup),
 * areas without one leave it as it was.
 */
import { describe, expect, it } from 'vitest';
import { CAP_FULL_SET, capBit } from '../constants.ts';
import type { NamespaceOperations } from '../ops.ts';
import { NsCommon } from '../ns-common.ts';
import type { Task } from '../task.ts';
import { defineNamespaceType } from '../define.ts';
import { coreArea, coreOps } from './core-area.ts';
import { KernelError } from '../errors.ts';
import { defineSimArea } from './area.ts';
import { SimWorld } from './world.ts';

class ToyNs extends NsCommon {}
const CLONE_TOY_EXTRA = 2 ** 40;
const seen: { flags: number; cgroup: number | undefined }[] = [];
const toyType: NamespaceOperations<ToyNs> = defineNamespaceType<ToyNs>({
  name: 'toyw',
  type: 2 ** 38,
  order: 90,
  cloneFlags: CLONE_TOY_EXTRA,
  createInitial: (_k, owner) => new ToyNs(toyType, owner, null),
  copy: (ctx) => new ToyNs(toyType, ctx.userNs, ctx.chargeUcount()),
  canFork: (ctx) => void seen.push({ flags: ctx.flags, cgroup: ctx.options.cgroup }),
});

describe('SimWorld', () => {
  it('adds what an area\'s initClone gives to init\'s clone, and runs initTask after it', () => {
    seen.length = 0;
    let host: Task | undefined;
    const area = defineSimArea({
      name: 'toyw', types: [toyType], ops: [], sim: {},
      setup: {
        initClone: (world) => {
          host = world.host;
          return { flags: CLONE_TOY_EXTRA, cgroup: 7 };
        },
      },
    });
    const world = new SimWorld([coreArea, area]);
    expect(host).toBe(world.host);
    expect(seen).toHaveLength(1);
    expect((seen[0]?.flags ?? 0) >= CLONE_TOY_EXTRA).toBe(true);
    expect(seen[0]?.cgroup).toBe(7);
  });

  it('clones init as before when no area has an initClone', () => {
    seen.length = 0;
    const area = defineSimArea({ name: 'toyw', types: [toyType], ops: [], sim: {}, setup: { initClone: () => undefined } });
    const world = new SimWorld([coreArea, area]);
    expect(seen).toEqual([{ flags: seen[0]?.flags ?? -1, cgroup: undefined }]);
    expect((seen[0]?.flags ?? 0) < CLONE_TOY_EXTRA).toBe(true);
    expect(world.task('init')).toBeDefined();
  });

  it('gives init the runner\'s capabilities (initCaps): effective, permitted and bounding sets, as a container\'s root has them', () => {
    const runner = CAP_FULL_SET & ~capBit(24); // CAP_SYS_RESOURCE dropped, as a container does
    const init = new SimWorld([coreArea], runner).task('init');
    expect([init?.cred.capEffective, init?.cred.capPermitted, init?.cred.capBset]).toEqual([runner, runner, runner]);
    const full = new SimWorld([coreArea]).task('init');
    expect([full?.cred.capEffective, full?.cred.capBset]).toEqual([CAP_FULL_SET, CAP_FULL_SET]);
  });
});

describe('core area: the signal and pidfd ops', () => {
  const run = (world: SimWorld, actor: string, op: string, ...args: string[]): unknown => {
    const task = world.task(actor);
    const fn = coreOps[op];
    if (!task || !fn) throw new Error(`no ${actor} or ${op}`);
    try {
      return fn(world, task, args);
    } catch (e) {
      if (e instanceof KernelError) return `${e.code} ${e.rule ?? ''}`;
      throw e;
    }
  };

  it('setns-fd without a type and fdns ask ioctl(NS_GET_NSTYPE): a pidfd does not answer it (ENOTTY, as Linux)', () => {
    const world = new SimWorld([coreArea]);
    run(world, 'init', 'clone', 'a', '-');
    expect(run(world, 'init', 'pidfd-open', 'a', 'f')).toEqual({ kind: 'ok' });
    expect(String(run(world, 'init', 'setns-fd', 'f'))).toMatch(/^ENOTTY/);
    expect(String(run(world, 'init', 'fdns', 'f'))).toMatch(/^ENOTTY/);
  });

  it('close of a name not held is close(-1): EBADF by C9.2', () => {
    const world = new SimWorld([coreArea]);
    expect(run(world, 'init', 'close', 'nothing')).toBe('EBADF C9.2');
  });

  it('caught: the handled signals since the last caught, per process; a new child starts with none', () => {
    const world = new SimWorld([coreArea]);
    run(world, 'init', 'clone', 'a', '-');
    run(world, 'a', 'sigaction', 'SIGUSR1', 'handle');
    run(world, 'a', 'sigaction', '34', 'handle');
    run(world, 'init', 'kill', 'a', 'SIGUSR1');
    run(world, 'init', 'kill', 'a', '34');
    run(world, 'init', 'kill', 'a', 'SIGUSR1');
    run(world, 'a', 'clone', 'b', '-');
    expect(run(world, 'b', 'caught')).toEqual({ kind: 'list', items: [] });
    expect(run(world, 'a', 'caught')).toEqual({ kind: 'list', items: ['SIGUSR1', '34'] });
    expect(run(world, 'a', 'caught')).toEqual({ kind: 'list', items: [] });
  });

  it('refuses process groups and SIGCHLD\'s disposition as runner errors', () => {
    const world = new SimWorld([coreArea]);
    expect(() => run(world, 'init', 'kill', '0', 'SIGTERM')).toThrow(/process groups/);
    expect(() => run(world, 'init', 'wait', '-2')).toThrow(/process groups/);
    expect(() => run(world, 'init', 'sigaction', 'SIGCHLD', 'default')).toThrow(/SIGCHLD/);
    run(world, 'init', 'clone', 'a', '-');
    run(world, 'init', 'pidfd-open', 'a', 'f');
    expect(() => run(world, 'init', 'pidfd-send', 'f', '0', '4')).toThrow(/PROCESS_GROUP/);
  });
});
