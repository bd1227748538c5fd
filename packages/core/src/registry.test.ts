/**
 * The bookkeeping structures of registry.ts against the Set they replace
 * (fast-check model tests): same answers, same iteration order.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Kernel } from './index.ts';
import type { NsCommon } from './index.ts';
import { IdBitmap, NsRegistry } from './registry.ts';
import { FlatNamespace, toyType } from '../test/toy-types.ts';

type IdOp = { op: 'add' | 'delete' | 'has'; id: number };
const idOp: fc.Arbitrary<IdOp> = fc.record({
  op: fc.constantFrom('add' as const, 'delete' as const, 'has' as const),
  // Small ids collide often; big ones make the bitmap grow.
  id: fc.oneof(fc.nat({ max: 70 }), fc.nat({ max: 5000 })),
});

describe('IdBitmap', () => {
  test.prop([fc.array(idOp, { maxLength: 200 })])('answers like a Set of numbers and iterates in ascending order', (ops) => {
    const bitmap = new IdBitmap();
    const set = new Set<number>();
    for (const { op, id } of ops) {
      if (op === 'add') {
        bitmap.add(id);
        set.add(id);
      } else if (op === 'delete') expect(bitmap.delete(id)).toBe(set.delete(id));
      else expect(bitmap.has(id)).toBe(set.has(id));
      expect(bitmap.size).toBe(set.size);
    }
    expect([...bitmap]).toEqual([...set].sort((a, b) => a - b));
  });

  it('holds no negative, fractional or huge ids', () => {
    const b = new IdBitmap();
    expect(() => b.add(-1)).toThrow(RangeError);
    expect(() => b.add(1.5)).toThrow(RangeError);
    expect(() => b.add(2 ** 32)).toThrow(RangeError);
    expect(b.has(-1)).toBe(false);
    expect(b.delete(-1)).toBe(false);
    expect(b.size).toBe(0);
  });
});

describe('NsRegistry', () => {
  const k = new Kernel({ namespaces: [toyType] });
  const pool: NsCommon[] = Array.from({ length: 24 }, (_, i) => new FlatNamespace(toyType, k.initUserNs, `n${i}`, null));
  const nsOp = fc.record({ op: fc.constantFrom('add' as const, 'delete' as const, 'has' as const), i: fc.nat({ max: pool.length - 1 }) });

  test.prop([fc.array(nsOp, { maxLength: 300 })])('answers like a Set and keeps the insertion order through compactions', (ops) => {
    for (const ns of pool) ns.registryIndex = -1;
    const reg = new NsRegistry();
    const set = new Set<NsCommon>();
    for (const { op, i } of ops) {
      const ns = pool[i] as NsCommon;
      if (op === 'add') {
        reg.add(ns);
        set.add(ns);
      } else if (op === 'delete') expect(reg.delete(ns)).toBe(set.delete(ns));
      else expect(reg.has(ns)).toBe(set.has(ns));
      expect(reg.size).toBe(set.size);
    }
    expect([...reg]).toEqual([...set]);
    expect(reg.toArray()).toEqual([...set]);
  });

  it('does not mistake another registry\'s member for its own', () => {
    const a = new NsRegistry();
    const b = new NsRegistry();
    const [x, y] = pool as [NsCommon, NsCommon];
    x.registryIndex = -1;
    y.registryIndex = -1;
    a.add(x);
    b.add(y);
    expect(a.has(y)).toBe(false);
    expect(b.has(x)).toBe(false);
    expect(a.delete(y)).toBe(false);
    expect(a.size).toBe(1);
  });
});
