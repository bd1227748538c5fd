import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ArgsError, parseArgs, selected } from './args.ts';

describe('parseArgs', () => {
  it('defaults to the full table run', () => {
    expect(parseArgs([])).toEqual({ json: false, quick: false, help: false, kernel: true, model: true, scale: true, only: null });
  });

  it('reads every flag', () => {
    expect(parseArgs(['--json', '--quick', '--no-kernel', '--no-model', '--no-scale', '-h'])).toEqual({
      json: true, quick: true, help: true, kernel: false, model: false, scale: false, only: null,
    });
    expect(parseArgs(['--help']).help).toBe(true);
  });

  it('takes --only as one argument or two, and adds up repeats', () => {
    expect(parseArgs(['--only=unshare-uts,setns-uts']).only).toEqual(['unshare-uts', 'setns-uts']);
    expect(parseArgs(['--only', 'scale']).only).toEqual(['scale']);
    expect(parseArgs(['--only=a', '--only', ' b , c ']).only).toEqual(['a', 'b', 'c']);
  });

  it('rejects what it does not know, and an --only without ops', () => {
    expect(() => parseArgs(['--fast'])).toThrow(ArgsError);
    expect(() => parseArgs(['quick'])).toThrow("unknown argument 'quick'");
    expect(() => parseArgs(['--only'])).toThrow(ArgsError);
    expect(() => parseArgs(['--only='])).toThrow(ArgsError);
    expect(() => parseArgs(['--only', '--json'])).toThrow(ArgsError);
    expect(() => parseArgs(['--only=,'])).toThrow(ArgsError);
  });

  const flag = fc.constantFrom('--json', '--quick', '--no-kernel', '--no-model', '--no-scale');
  test.prop([fc.array(flag, { maxLength: 8 })])('flags are independent of order and repetition', (flags) => {
    const a = parseArgs(flags);
    const b = parseArgs([...flags].reverse());
    expect(a).toEqual(b);
    expect(a.json).toBe(flags.includes('--json'));
    expect(a.quick).toBe(flags.includes('--quick'));
    expect(a.kernel).toBe(!flags.includes('--no-kernel'));
    expect(a.model).toBe(!flags.includes('--no-model'));
    expect(a.scale).toBe(!flags.includes('--no-scale'));
  });
});

describe('selected', () => {
  it('selects everything without --only', () => {
    const args = parseArgs([]);
    expect(selected(args, 'unshare-uts')).toBe(true);
    expect(selected(args, 'scale')).toBe(true);
  });

  it('selects only the named ops, and scale only when named', () => {
    const args = parseArgs(['--only=setns-uts']);
    expect(selected(args, 'setns-uts')).toBe(true);
    expect(selected(args, 'unshare-uts')).toBe(false);
    expect(selected(args, 'scale')).toBe(false);
    expect(selected(parseArgs(['--only=scale']), 'scale')).toBe(true);
  });

  it('drops scale with --no-scale even when named', () => {
    expect(selected(parseArgs(['--only=scale', '--no-scale']), 'scale')).toBe(false);
  });
});
