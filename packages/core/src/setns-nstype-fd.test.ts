/**
 * Road setns-nstype-fd (setns-nstype-fd.ts): setns(nstype, fd) is setns(fd,
 * nstype) with the arguments swapped, on a kernel that opened the road, and
 * ENOSYS without it.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWIPC, Kernel } from './index.ts';
import { setnsNstypeFd } from './setns-nstype-fd.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';
import { errnoRule as code } from '../test/nested-types.ts';


describe('road setns-nstype-fd', () => {
  it('is ENOSYS without the road, and changes nothing', () => {
    const k = new Kernel({ namespaces: [toyType, blueType] });
    const a = k.clone(k.initTask, CLONE_NEWIPC);
    const fd = k.openNs(k.initTask, a, 'toy');
    const before = JSON.stringify(k.snapshot());
    expect(code(() => setnsNstypeFd(k, k.initTask, CLONE_NEWIPC, fd))).toBe('ENOSYS R2.1');
    expect(JSON.stringify(k.snapshot())).toBe(before);
  });

  it('on the road: the same call as setns(fd, nstype), its checks included', () => {
    const k = new Kernel({ namespaces: [toyType, blueType], roads: ['setns-nstype-fd'] });
    const a = k.clone(k.initTask, CLONE_NEWIPC);
    const fd = k.openNs(k.initTask, a, 'toy');
    const b = k.clone(k.initTask, 0);
    expect(code(() => setnsNstypeFd(k, b, CLONE_NEWBLUE, fd))).toBe('EINVAL C8.2');
    expect(code(() => setnsNstypeFd(k, b, CLONE_NEWIPC, 12345))).toBe('EBADF C8.1');
    expect(code(() => setnsNstypeFd(k, b, CLONE_NEWIPC, fd))).toBe('ok');
    expect(k.peekNs(b, toyType)).toBe(k.peekNs(a, toyType));
    const c = k.clone(k.initTask, 0);
    expect(code(() => setnsNstypeFd(k, c, 0, fd))).toBe('ok');
    expect(k.peekNs(c, toyType)).toBe(k.peekNs(a, toyType));
  });
});
