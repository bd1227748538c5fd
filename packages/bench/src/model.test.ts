import { describe, expect, it } from 'vitest';
import { FULL_SCALE, opSpec } from './catalog.ts';
import { NSS_DIR, makeKernel, privateMntNs, runModelOp } from './model.ts';
import { loadPackages } from './packages.ts';
import { mntnsCopyScale } from './scale.ts';

// The model side of the mount rows: the namespaces they copy, and that one
// iteration runs. Nothing is timed against anything here.
const loaded = await loadPackages();
const hasMnt = loaded.types.has('mnt');

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

  it('the scale copy builds the namespace at the size asked and copies all of it', () => {
    const r = mntnsCopyScale(loaded, { ...FULL_SCALE, mounts: 200 }, false, 1);
    expect(r).toMatchObject({ mounts: 200, copies: 1, copy_target_ms: 1000, copy_target_met: null });
  });
});
