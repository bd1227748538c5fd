/**
 * A type's kernel-wide state in a snapshot (`saveState` / `reviveState`,
 * KernelSnapshot.state): saved once per snapshot after the namespaces,
 * revived before them, with fs_structs and namespaces resolved in `defer`;
 * snapshots older than type states restore; a malformed state is one
 * InvalidArgumentError; and what a snapshot cannot keep is a
 * SnapshotUnsupportedError, which kernelProblems does not count as a problem.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWIPC, FsStruct, Kernel, NsCommon, SnapshotUnsupportedError, defineNamespaceType, kernelProblems } from './index.ts';
import type { FsPath, KernelSnapshot, NamespaceOperations, UserNamespace } from './index.ts';

/** A namespace of the stateful toy type. */
class StatefulNamespace extends NsCommon {
  /** Read from the type's state while it is revived (revive runs after reviveState). */
  label = '';
}

/** A path of the toy type's own: a name. */
class NamedPath implements FsPath {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  get(): void {}
  put(): void {}
  chrooted(): boolean {
    return false;
  }
}

/** Per kernel: a label, and the names the tasks' fs_structs point at (as a mount type keeps paths). */
const labels = new WeakMap<Kernel, string>();
const order: string[] = [];

const statefulType: NamespaceOperations<StatefulNamespace> = defineNamespaceType<StatefulNamespace>({
  name: 'stateful',
  type: CLONE_NEWIPC,
  order: 30,
  createInitial: (kernel, owner) => {
    labels.set(kernel, 'boot');
    return new StatefulNamespace(statefulType, owner, null);
  },
  copy: (ctx) => new StatefulNamespace(statefulType, ctx.userNs, ctx.chargeUcount()),
  save: () => {
    order.push('save');
    return null;
  },
  revive: (kernel, owner: UserNamespace) => {
    order.push('revive');
    const ns = new StatefulNamespace(statefulType, owner, null);
    ns.label = labels.get(kernel) ?? '';
    return ns;
  },
  saveState(kernel, refs) {
    order.push('saveState');
    const fs = kernel.tasks().flatMap((t) => (t.fs && t.fs.root instanceof NamedPath ? [[refs.fs(t.fs), t.fs.root.name]] : []));
    return { label: labels.get(kernel), fs, initial: kernel.initialNamespace(statefulType).nsId };
  },
  reviveState(kernel, data, refs) {
    order.push('reviveState');
    const d = data as { label: string; fs: [number, string][]; initial: number };
    labels.set(kernel, d.label);
    refs.defer(() => {
      order.push('defer');
      expect(refs.ns(d.initial)).toBeInstanceOf(StatefulNamespace);
      for (const [n, name] of d.fs) {
        const fs = refs.fs(n);
        expect(fs).toBeInstanceOf(FsStruct);
        fs.root = new NamedPath(name);
      }
    });
  },
});

describe('type states in snapshots', () => {
  it('saves after the namespaces, revives before them, resolves fs_structs and namespaces in defer', () => {
    const kernel = new Kernel({ namespaces: [statefulType] });
    labels.set(kernel, 'later');
    const child = kernel.clone(kernel.initTask, CLONE_NEWIPC);
    if (!child.fs) throw new Error('no fs');
    child.fs.root = new NamedPath('/somewhere');
    order.length = 0;
    const snap = kernel.snapshot();
    expect(order).toEqual(['save', 'save', 'saveState']);
    expect(snap.state).toEqual({ stateful: { label: 'later', fs: [[1, '/somewhere']], initial: kernel.initialNamespace(statefulType).nsId } });
    const json = JSON.parse(JSON.stringify(snap)) as KernelSnapshot;
    order.length = 0;
    const copy = Kernel.restore(json, { namespaces: [statefulType] });
    expect(order.slice(0, 4)).toEqual(['reviveState', 'revive', 'revive', 'defer']);
    const child2 = copy.tasks().find((t) => t.serial === child.serial);
    expect((child2?.fs?.root as NamedPath).name).toBe('/somewhere');
    const mine = copy.namespaces().filter((ns): ns is StatefulNamespace => ns instanceof StatefulNamespace);
    expect(mine.map((ns) => ns.label)).toEqual(['later', 'later']);
    expect(copy.snapshot()).toEqual(snap);
  });

  it('restores a snapshot without `state` (older than type states): the types keep their boot state', () => {
    const kernel = new Kernel({ namespaces: [statefulType] });
    labels.set(kernel, 'later');
    const { state: _state, ...old } = JSON.parse(JSON.stringify(kernel.snapshot())) as KernelSnapshot;
    const copy = Kernel.restore(old, { namespaces: [statefulType] });
    expect(labels.get(copy)).toBe('boot');
  });

  it('refuses a state that is not an object, a missing type state, and state of a type it does not have (InvalidArgumentError)', () => {
    const kernel = new Kernel({ namespaces: [statefulType] });
    const snap = JSON.parse(JSON.stringify(kernel.snapshot())) as KernelSnapshot;
    for (const state of [[], { other: 1 }, {}]) {
      expect(() => Kernel.restore({ ...snap, state } as unknown as KernelSnapshot, { namespaces: [statefulType] })).toThrow(/not a valid nsproxy kernel snapshot/);
    }
  });

  it('an open object file is a SnapshotUnsupportedError, which kernelProblems does not report', () => {
    const kernel = new Kernel({ namespaces: [statefulType] });
    kernel.installFile(kernel.initTask, { what: 'widget', holds: () => [], release: () => undefined });
    expect(() => kernel.snapshot()).toThrow(SnapshotUnsupportedError);
    expect(kernelProblems(kernel)).toEqual([]);
  });
});
