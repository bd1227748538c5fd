/** The argument words both backends read (args.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MSGRCV_FLAG_BITS, cIntArg, cIntBounds, cIntProblem, integerArg, integerBig, isPrintable, semOpsArg, showWord, userSysctlRefusal } from './args.ts';
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
