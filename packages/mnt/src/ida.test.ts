/**
 * The IDA behind mount ids, peer-group ids and anonymous devices: always the
 * lowest free number, whatever the order of frees, across growth of the bitmap.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { propertyRuns } from '@nsproxy/testkit';
import { Ida } from './mount.ts';

test.prop([fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 400 })), { maxLength: 300 }), fc.integer({ min: 0, max: 40 })], { numRuns: propertyRuns(200) })(
  'alloc gives the lowest number not in use, from min; free makes a number available again',
  (ops, min) => {
    const ida = new Ida(min);
    const used = new Set<number>();
    for (const [alloc, pick] of ops) {
      if (alloc || used.size === 0) {
        let lowest = min;
        while (used.has(lowest)) lowest++;
        const n = ida.alloc();
        expect(n).toBe(lowest);
        used.add(n);
      } else {
        const n = [...used][pick % used.size] as number;
        ida.free(n);
        used.delete(n);
      }
    }
  },
);
