/**
 * The time type's kernel-wide state in a snapshot: the kernel's clocks
 * (saveState/reviveState) go on from where they were in a restored kernel,
 * and a snapshot older than type states restores with the boot clocks.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWTIME, Kernel } from '@nsproxy/core';
import type { KernelSnapshot } from '@nsproxy/core';
import { toyUserType } from '@nsproxy/testkit';
import { CLOCK, CLOCK_START, NSEC_PER_SEC, advanceClocks, clockGettime, kernelClock, timeNamespaceType, writeTimensOffsets } from './index.ts';

describe('time snapshots', () => {
  it('keeps the kernel clocks: a restored kernel reads the same times and moves on from them', () => {
    const kernel = new Kernel({ namespaces: [timeNamespaceType, toyUserType] });
    const init = kernel.initTask;
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    writeTimensOffsets(kernel, a, a, 'monotonic 5 0');
    const b = kernel.clone(a, 0);
    advanceClocks(kernel, 90n * NSEC_PER_SEC);
    advanceClocks(kernel, 7n * NSEC_PER_SEC, { suspended: true });
    const snap = JSON.parse(JSON.stringify(kernel.snapshot())) as KernelSnapshot;
    const copy = Kernel.restore(snap, { namespaces: [timeNamespaceType, toyUserType] });
    expect(copy.snapshot()).toEqual(snap);
    for (const clock of [CLOCK.MONOTONIC, CLOCK.BOOTTIME, CLOCK.REALTIME, CLOCK.TAI]) {
      expect(kernelClock(copy, clock)).toEqual(kernelClock(kernel, clock));
      const b2 = copy.tasks().find((t) => t.serial === b.serial);
      if (!b2) throw new Error('no b');
      expect(clockGettime(copy, b2, clock)).toEqual(clockGettime(kernel, b, clock));
    }
    advanceClocks(copy, NSEC_PER_SEC);
    expect(kernelClock(copy, CLOCK.MONOTONIC).sec).toBe(CLOCK_START.monotonic / NSEC_PER_SEC + 91n);
  });

  it('restores a snapshot without type states (older than them) with the boot clocks', () => {
    const kernel = new Kernel({ namespaces: [timeNamespaceType, toyUserType] });
    advanceClocks(kernel, 90n * NSEC_PER_SEC);
    const { state: _state, ...old } = JSON.parse(JSON.stringify(kernel.snapshot())) as KernelSnapshot;
    const copy = Kernel.restore(old, { namespaces: [timeNamespaceType, toyUserType] });
    expect(kernelClock(copy, CLOCK.MONOTONIC).sec).toBe(CLOCK_START.monotonic / NSEC_PER_SEC);
  });
});
