import { describe, expect, it } from 'vitest';
import { FULL_SCALE, QUICK_SCALE, opSpec } from './catalog.ts';
import { NSS_DIR, makeKernel, privateMntNs, runModelOp, vethMove } from './model.ts';
import { loadPackages } from './packages.ts';
import { mntnsCopyScale, tasksScale } from './scale.ts';

// The model side of the mount rows: the namespaces they copy, and that one
// iteration runs. Nothing is timed against anything here.
const loaded = await loadPackages();
const hasMnt = loaded.types.has('mnt');
const hasNet = loaded.types.has('net');

describe.skipIf(!hasMnt)('the mount namespace the mount rows copy', () => {
  it('is the boot tree (rootfs, /, /proc) with a tmpfs on /tmp and one on /tmp/nss-bench, plus the extra mounts there', () => {
    const k = makeKernel(loaded);
    // The boot tree is 3 mounts today; the bench only needs it to be there.
    const base = privateMntNs(k, loaded, { extra: 0 }).mounts;
    expect(base).toBeGreaterThanOrEqual(3 + 2);
    expect(privateMntNs(k, loaded, { extra: 10 })).toMatchObject({ mounts: base + 10, extra: 10 });
    expect(privateMntNs(k, loaded, { total: 40 })).toMatchObject({ mounts: 40, extra: 40 - base });
    expect(NSS_DIR).toBe('/tmp/nss-bench');
  });

  it('unshare-mnt and mntns-copy-1000 run and say how many mounts each copy takes', () => {
    const small = runModelOp(opSpec('unshare-mnt') ?? expect.unreachable(), loaded, 2, 1);
    const base = 'units' in small ? (small.units ?? 0) : 0;
    expect(base).toBeGreaterThanOrEqual(5);
    expect('ns' in small && small.ns > 0).toBe(true);
    expect(runModelOp(opSpec('mntns-copy-1000') ?? expect.unreachable(), loaded, 1, 1)).toMatchObject({ units: base + 1000 });
  });

  it('told the kernel\'s mount count, the mount ops copy a tree of that size', () => {
    expect(runModelOp(opSpec('unshare-mnt') ?? expect.unreachable(), loaded, 2, 1, { mounts: 23 })).toMatchObject({ units: 23 });
    expect(runModelOp(opSpec('mntns-copy-1000') ?? expect.unreachable(), loaded, 1, 1, { mounts: 1023 })).toMatchObject({ units: 1023 });
  });

  it('the scale copy builds the namespace at the size asked and copies all of it', () => {
    const r = mntnsCopyScale(loaded, { ...FULL_SCALE, mounts: 200 }, false, 1);
    expect(r).toMatchObject({ mounts: 200, copies: 1, copy_target_ms: 1000, copy_target_met: null });
  });
});

describe.skipIf(!hasNet)('the net rows', () => {
  it('unshare-net, netns-create and veth-move run', () => {
    for (const op of ['unshare-net', 'netns-create', 'veth-move']) {
      const r = runModelOp(opSpec(op) ?? expect.unreachable(), loaded, 2, 1);
      expect('ns' in r && r.ns > 0, `${op}: ${JSON.stringify(r)}`).toBe(true);
    }
  });

  it('veth-move works between two new namespaces (B kept by an open ns file) and leaves only lo in each', () => {
    const k = makeKernel(loaded);
    const { a, b, run } = vethMove(k, loaded);
    expect(a).not.toBe(b);
    expect(b.freed).toBe(false);
    expect(run(3)).toBeGreaterThan(0);
    expect([...a.byName.keys()]).toEqual(['lo']);
    expect([...b.byName.keys()]).toEqual(['lo']);
  });

  it('the scale machine puts every group in new namespaces of every type, net and mnt included, and lsns lists them all', () => {
    const r = tasksScale(loaded, { ...QUICK_SCALE, tasks: 400, namespaces: 40 }, false);
    expect(r).toMatchObject({ tasks: 400, namespaces: 40, heap_target_met: null, lsns_target_met: null });
    const types = 'ns_types' in r ? r.ns_types : [];
    expect(types).toContain('net');
    if (hasMnt) expect(types).toContain('mnt');
    expect([...types].sort()).toEqual([...loaded.types.keys()].sort());
    // 40 new namespaces of each type, and the initial one of each.
    expect('ns_by_type' in r ? r.ns_by_type : {}).toEqual(Object.fromEntries(types.map((t) => [t, 41])));
    expect('lsns_rows' in r ? r.lsns_rows : 0).toBe(41 * loaded.types.size);
    // Every type's namespace alone has a cost (without --expose-gc the figure is rough, but a namespace is never free).
    expect(Object.keys('bytes_by_type' in r ? r.bytes_by_type : {}).sort()).toEqual([...types].sort());
  });
});
