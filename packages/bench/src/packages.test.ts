import { CLONE_NEWIPC, CLONE_NEWUTS } from '@nsproxy/core';
import { utsNamespaceType } from '@nsproxy/uts';
import { describe, expect, it } from 'vitest';
import { isNamespaceType, missingReason } from './packages.ts';
import type { LoadedPackages } from './packages.ts';

describe('isNamespaceType', () => {
  it('recognizes a namespace type by its flag', () => {
    expect(isNamespaceType(utsNamespaceType, CLONE_NEWUTS)).toBe(true);
    expect(isNamespaceType(utsNamespaceType, CLONE_NEWIPC)).toBe(false);
    expect(isNamespaceType({ type: CLONE_NEWUTS, name: 'uts' }, CLONE_NEWUTS)).toBe(false);
    expect(isNamespaceType(null, CLONE_NEWUTS)).toBe(false);
    expect(isNamespaceType(() => 0, CLONE_NEWUTS)).toBe(false);
  });
});

describe('missingReason', () => {
  const loaded: LoadedPackages = {
    types: new Map([['uts', utsNamespaceType as never]]),
    modules: new Map(),
    missing: new Map([['mnt', 'missing (package not built: @nsproxy/mnt)']]),
  };
  it('is undefined when every needed type is there', () => {
    expect(missingReason(loaded, [])).toBeUndefined();
    expect(missingReason(loaded, ['uts'])).toBeUndefined();
  });
  it('gives the first missing type\'s reason', () => {
    expect(missingReason(loaded, ['uts', 'mnt'])).toBe('missing (package not built: @nsproxy/mnt)');
    expect(missingReason(loaded, ['net'])).toBe('missing (no net namespace type)');
  });
});
