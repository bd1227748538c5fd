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
import { coreArea } from './core-area.ts';
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
