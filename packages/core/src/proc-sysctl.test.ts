/** procSysNumbers: the number parsing of kernel/sysctl.c (proc_skip_spaces, proc_get_long). */
import { describe, expect, it } from 'vitest';
import { KernelError, procSysFirstNumber, procSysNumbers } from './index.ts';

const all = (data: string): string[] => [...procSysNumbers(data, 'write')].map((n) => `${n.neg ? '-' : ''}${n.value}`);
const errorAt = (data: string): { code: string; read: string[] } => {
  const read: string[] = [];
  try {
    for (const n of procSysNumbers(data, 'write')) read.push(`${n.neg ? '-' : ''}${n.value}`);
  } catch (e) {
    if (e instanceof KernelError) return { code: e.code, read };
    throw e;
  }
  return { code: 'ok', read };
};

describe('procSysNumbers', () => {
  it('reads base 0 numbers separated by blanks', () => {
    expect(all('32000 1024000000\t500\n32000\n')).toEqual(['32000', '1024000000', '500', '32000']);
    expect(all('0x1F 017 0 -3')).toEqual(['31', '15', '0', '-3']);
    expect(all(' \r\v\f 7')).toEqual(['7']);
    expect(all('   ')).toEqual([]);
    expect(all('18446744073709551615')).toEqual(['18446744073709551615']);
  });

  it('refuses a malformed number when it reaches it, after yielding the ones before', () => {
    expect(errorAt('1 2 x')).toEqual({ code: 'EINVAL', read: ['1', '2'] });
    expect(errorAt('5\r')).toEqual({ code: 'EINVAL', read: [] }); // only ' ', '\t', '\n' may follow a number
    expect(errorAt('08')).toEqual({ code: 'EINVAL', read: [] }); // octal stops at 8
    expect(errorAt('0x')).toEqual({ code: 'EINVAL', read: [] }); // "0" then 'x'
    expect(errorAt('+1')).toEqual({ code: 'EINVAL', read: [] });
    expect(errorAt('18446744073709551616')).toEqual({ code: 'EINVAL', read: [] }); // strtoul overflow
    expect(errorAt('000000000000000000001')).toEqual({ code: 'EINVAL', read: [] }); // 21 characters fill TMPBUFLEN - 1
    expect(errorAt('00000000000000000001')).toEqual({ code: 'ok', read: ['1'] });
  });

  it('procSysFirstNumber: the first number, EINVAL when there is none', () => {
    expect(procSysFirstNumber(' 9 junk', 'write').value).toBe(9n);
    expect(() => procSysFirstNumber(' \n', 'write')).toThrow(KernelError);
  });
});
