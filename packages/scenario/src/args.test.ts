/** The argument words both backends read (args.ts). */
import { describe, expect, it } from 'vitest';
import { MSGRCV_FLAG_BITS, integerArg, semOpsArg, userSysctlRefusal } from './args.ts';

describe('extension op arguments', () => {
  it('msgrcv flag words carry the kernel\'s bits (include/uapi/linux/msg.h; checked against @nsproxy/ipc in its scenario test)', () => {
    expect(MSGRCV_FLAG_BITS).toEqual({ noerror: 0o10000, except: 0o20000, copy: 0o40000 });
  });

  it('integers: decimal, negative, 0x-hex; anything else is undefined', () => {
    expect(['12', '-3', '0x1F', '0X10'].map(integerArg)).toEqual([12, -3, 31, 16]);
    expect(['', '1.5', '0x', 'IPC_PRIVATE', '+1'].map(integerArg)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('semop lists', () => {
    expect(semOpsArg('-')).toEqual([]);
    expect(semOpsArg('0:1,2:-1')).toEqual([{ num: 0, op: 1 }, { num: 2, op: -1 }]);
    for (const bad of ['', '0', '0:', ':1', '0:1,', '-1:1', '0:+1']) expect(semOpsArg(bad), bad).toBeUndefined();
  });

  it('the user.* refusal names the file', () => {
    expect(userSysctlRefusal('user.max_uts_namespaces')).toMatch(/^refusing to write user\.max_uts_namespaces from the world's initial user namespace/);
  });
});
