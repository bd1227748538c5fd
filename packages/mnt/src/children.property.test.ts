/**
 * MountChildren keeps a mount's children in attach order with an index by
 * mountpoint made on the first lookup of a long list. Invariant, checked
 * after every step of random sequences (set, append of a new mountpoint,
 * delete, lookups, iterations with entries appended while they run): it
 * holds what a Map given the same steps holds, in the same order.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { MountChildren } from './children.ts';
import type { Mount } from './mount.ts';
import type { Dentry } from './vfs.ts';

// Stand-ins: MountChildren only compares keys by identity and hands values back.
const KEYS = Array.from({ length: 24 }, (_, i) => ({ key: i }) as unknown as Dentry);
const VALUES = Array.from({ length: 8 }, (_, i) => ({ value: i }) as unknown as Mount);

type Step =
  | { readonly op: 'set' | 'append' | 'delete' | 'get'; readonly k: number; readonly v: number }
  | { readonly op: 'iterate-appending'; readonly k: number; readonly v: number };

const step: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('set' as const, 'set' as const, 'append' as const, 'delete' as const, 'get' as const, 'iterate-appending' as const),
  k: fc.nat(KEYS.length - 1),
  v: fc.nat(VALUES.length - 1),
});

describe('MountChildren', () => {
  test.prop([fc.array(step, { minLength: 60, maxLength: 300 })])('holds what a Map holds, in insertion order', (steps) => {
    const kids = new MountChildren();
    const map = new Map<Dentry, Mount>();
    for (const s of steps) {
      const key = KEYS[s.k] as Dentry;
      const value = VALUES[s.v] as Mount;
      if (s.op === 'set') {
        expect(kids.set(key, value)).toBe(kids);
        map.set(key, value);
      } else if (s.op === 'append') {
        // Only for a mountpoint no child is on (copy_tree's promise).
        if (!map.has(key)) {
          kids.append(key, value);
          map.set(key, value);
        }
      } else if (s.op === 'delete') expect(kids.delete(key)).toBe(map.delete(key));
      else if (s.op === 'get') {
        expect(kids.get(key)).toBe(map.get(key));
        expect(kids.has(key)).toBe(map.has(key));
      } else {
        // An iteration sees the entries appended while it runs, as a Map's does.
        const seen: Mount[] = [];
        const seenMap: Mount[] = [];
        let added = false;
        for (const m of kids.values()) {
          seen.push(m);
          if (!added && !kids.has(key)) kids.append(key, value);
          added = true;
        }
        added = false;
        for (const m of map.values()) {
          seenMap.push(m);
          if (!added && !map.has(key)) map.set(key, value);
          added = true;
        }
        expect(seen).toEqual(seenMap);
      }
      expect(kids.size).toBe(map.size);
      expect([...kids]).toEqual([...map]);
      expect(kids.valueArray()).toEqual([...map.values()]);
      expect([...kids.keys()]).toEqual([...map.keys()]);
    }
    const each: [Dentry, Mount][] = [];
    kids.forEach((v, k) => each.push([k, v]));
    expect(each).toEqual([...map]);
    kids.clear();
    expect(kids.size).toBe(0);
    expect([...kids]).toEqual([]);
  });
});
