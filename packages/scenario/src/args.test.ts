/** The argument words both backends read (args.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MSGRCV_FLAG_BITS, groupListArg, groupListProblem, cIntArg, cIntBounds, cIntProblem, integerArg, integerBig, isPrintable, pidTargetArg, pidfdSendRefusal, processGroupRefusal, semOpsArg, showWord, sigactionRefusal, signalNumberArg, userSysctlRefusal } from './args.ts';
import type { CIntType } from './args.ts';

describe('extension op arguments', () => {
  it('msgrcv flag words carry the kernel\'s bits (include/uapi/linux/msg.h; checked against @nsproxy/ipc in its scenario test)', () => {
    expect(MSGRCV_FLAG_BITS).toEqual({ noerror: 0o10000, except: 0o20000, copy: 0o40000 });
  });

  it('integers: decimal, negative, 0x-hex; anything else is undefined', () => {
    expect(['12', '-3', '0x1F', '0X10'].map(integerArg)).toEqual([12, -3, 31, 16]);
    expect(['', '1.5', '0x', 'IPC_PRIVATE', '+1'].map(integerArg)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('integers past 2^53 are never rounded: a number only when exact, a bigint always', () => {
    expect(integerArg('9007199254740991')).toBe(9007199254740991);
    expect(integerArg('9007199254740993')).toBeUndefined();
    expect(integerArg('0xffffffffffffffffffff')).toBeUndefined();
    expect(integerBig('0xffffffffffffffffffff')).toBe(0xffffffffffffffffffffn);
    expect(integerBig('-18446744073709551617')).toBe(-18446744073709551617n);
    expect(integerBig('1.2089258196146292e+24')).toBeUndefined();
  });

  it('a C integer argument: every value of its width, signed or unsigned, converted as C converts it', () => {
    expect(cIntArg('-1', 'u32')).toBe(4294967295n);
    expect(cIntArg('4294967295', 'u32')).toBe(4294967295n);
    expect(cIntArg('-2147483648', 'u32')).toBe(2147483648n);
    expect(cIntArg('0xdeadbeef', 'i32')).toBe(-559038737n);
    expect(cIntArg('0xffffffffffffffff', 'i64')).toBe(-1n);
    expect(cIntArg('-1', 'u64')).toBe(18446744073709551615n);
    expect(cIntArg('65535', 'i16')).toBe(-1n);
    expect(cIntArg('-9223372036854775808', 'i64')).toBe(-9223372036854775808n);
  });

  it('a value that does not fit in the width is refused, with what a cast would make of it', () => {
    expect(cIntProblem('0xffffffffffffffffffff', 'u32', 'uid_t')).toBe(
      '0xffffffffffffffffffff does not fit in uid_t (32 bits: -2147483648..4294967295); C would need a cast, and (uid_t)0xffffffffffffffffffff is 4294967295',
    );
    expect(cIntProblem('4294967296', 'u32')).toMatch(/^4294967296 does not fit in unsigned int .* is 0$/);
    expect(cIntProblem('-2147483649', 'i32')).toMatch(/is 2147483647$/);
    expect(cIntProblem('18446744073709551616', 'u64', 'size_t')).toMatch(/does not fit in size_t \(64 bits/);
    expect(cIntProblem('-9223372036854775809', 'i64')).toMatch(/does not fit in long/);
    expect(cIntProblem('x', 'i32')).toBe("expected an integer, found 'x'");
    expect(() => cIntArg('0x100000000', 'u32')).toThrow(RangeError);
    expect(cIntProblem(`1${'0'.repeat(500)}`, 'i64')?.length).toBeLessThan(200);
  });

  it('property: an accepted word gives its value modulo 2^N; the bounds are exactly the edge of acceptance', () => {
    const types: CIntType[] = ['i16', 'u16', 'i32', 'u32', 'i64', 'u64'];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), fc.boolean(), (type, n, hex) => {
        const word = hex && n >= 0n ? `0x${n.toString(16)}` : n.toString();
        const { min, max } = cIntBounds(type);
        const bits = Number(type.slice(1));
        if (n < min || n > max) {
          expect(cIntProblem(word, type)).toMatch(/does not fit/);
          return;
        }
        const v = cIntArg(word, type);
        expect((((v - n) % (1n << BigInt(bits))) + (1n << BigInt(bits))) % (1n << BigInt(bits))).toBe(0n);
        if (type.startsWith('u')) expect(v >= 0n && v <= max).toBe(true);
        else expect(v >= min && v < -min).toBe(true);
      }),
    );
    for (const type of types) {
      const { min, max } = cIntBounds(type);
      expect(cIntProblem(String(min), type), type).toBeUndefined();
      expect(cIntProblem(String(max), type), type).toBeUndefined();
      expect(cIntProblem(String(min - 1n), type), type).toMatch(/does not fit/);
      expect(cIntProblem(String(max + 1n), type), type).toMatch(/does not fit/);
    }
  });

  it('words shown in messages: control, format and odd blank characters and the backslash are escaped', () => {
    expect(showWord('cl\\x00one')).toBe('cl\\\\x00one'); // a backslash typed is not an escape
    expect(showWord('cl\0one')).toBe('cl\\x00one');
    expect(showWord('a\u0000b\n\u001b[31m\u200bc\u00a0d\u202ee\u0085')).toBe('a\\x00b\\x0a\\x1b[31m\\u{200b}c\\xa0d\\u{202e}e\\x85');
    expect(showWord('hôte ok')).toBe('hôte ok');
    expect(isPrintable('clone')).toBe(true);
    expect(isPrintable('cl\u0000one')).toBe(false);
  });

  it('semop lists', () => {
    expect(semOpsArg('-')).toEqual([]);
    expect(semOpsArg('0:1,2:-1')).toEqual([{ num: 0, op: 1 }, { num: 2, op: -1 }]);
    for (const bad of ['', '0', '0:', ':1', '0:1,', '-1:1', '0:+1']) expect(semOpsArg(bad), bad).toBeUndefined();
    // sem_num is an unsigned short, sem_op a short: the values those C types receive
    expect(semOpsArg('65535:-32768,0:65535')).toEqual([{ num: 65535, op: -32768 }, { num: 0, op: -1 }]);
    for (const bad of ['65536:0', '0:65536', '0:-32769', '99999999999999999999:1']) expect(semOpsArg(bad), bad).toBeUndefined();
  });

  it('the user.* refusal names the file', () => {
    expect(userSysctlRefusal('user.max_uts_namespaces')).toMatch(/^refusing to write user\.max_uts_namespaces from the world's initial user namespace/);
  });
});

describe('the signal extension arguments (kill, sigaction, pidfd-open, pidfd-send, wait)', () => {
  const signals = { SIGKILL: 9, SIGCHLD: 17 };
  it('a signal is a name or any C int, passed as it is; other words are none', () => {
    expect(['SIGKILL', '0', '65', '-1', '0x7fffffff', '0xffffffff'].map((w) => signalNumberArg(w, signals))).toEqual([9, 0, 65, -1, 2147483647, -1]);
    expect(['SIGKIL', '', '0x100000000', '1.5'].map((w) => signalNumberArg(w, signals))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('a target is a task name or a pid_t; every int32 is a pid passed as it is', () => {
    expect(pidTargetArg('init')).toEqual({ task: 'init' });
    expect(pidTargetArg('-1')).toEqual({ pid: -1 });
    expect(pidTargetArg('A')).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
      expect(pidTargetArg(String(n))).toEqual({ pid: n });
    }));
  });

  it('process groups, PIDFD_SIGNAL_PROCESS_GROUP alone and SIGCHLD\'s disposition are refused; nothing else is', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (pid) => {
      expect(processGroupRefusal('kill', pid) !== undefined).toBe(pid === 0 || pid < -1);
    }));
    expect([0, 1, 2, 3, 4, 5, 6].map((f) => pidfdSendRefusal(f) !== undefined)).toEqual([false, false, false, false, true, false, false]);
    expect(sigactionRefusal(17)).toMatch(/SIGCHLD/);
    expect(sigactionRefusal(10)).toBeUndefined();
  });
});

describe('the group list of setgroups-call', () => {
  it('reads - and <gid>[*<count>] items as gid_t values, in order', () => {
    expect(groupListArg('-')).toEqual([]);
    expect(groupListArg('0,5,6')).toEqual([0, 5, 6]);
    expect(groupListArg('-1,7*3')).toEqual([4294967295, 7, 7, 7]);
    expect(groupListArg('0*65537')).toHaveLength(65537);
    expect(groupListArg('3*0')).toEqual([]);
  });

  it('refuses what is not a list, saying where', () => {
    expect(groupListProblem('0,x')).toEqual({ message: expect.stringContaining("'x'") as string, offset: 2 });
    expect(groupListProblem('1,4294967296')?.message).toMatch(/gid_t/);
    expect(groupListProblem('1*2*3')?.offset).toBe(0);
    expect(groupListProblem('1*x')?.offset).toBe(2);
    expect(groupListProblem(`1*${(1 << 20) + 1}`)?.message).toMatch(/count/);
    expect(groupListProblem('')?.message).toMatch(/<gid>/);
    expect(() => groupListArg('0,')).toThrow(/<gid>/);
  });

  it('a list of gids written back with counts reads as those gids', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 8 }), (items) => {
      const word = items.map(([gid, n]) => (n === 1 ? String(gid) : `${gid}*${n}`)).join(',');
      expect(groupListProblem(word)).toBeUndefined();
      expect(groupListArg(word)).toEqual(items.flatMap(([gid, n]) => new Array<number>(n).fill(gid)));
    }));
  });
});
