import { describe, expect, test } from 'vitest';
import { splitLines, unifiedDiff } from './diff.ts';

const lines = (...xs: string[]): string => xs.map((x) => `${x}\n`).join('');

describe('unifiedDiff', () => {
  test('equal texts: no diff', () => {
    expect(unifiedDiff('', '')).toBe('');
    expect(unifiedDiff(lines('a', 'b'), lines('a', 'b'))).toBe('');
  });

  test('one changed line in the middle, with 3 lines of context', () => {
    const a = lines('1', '2', '3', '4', '5', '6', '7', '8', '9');
    const b = lines('1', '2', '3', '4', 'five', '6', '7', '8', '9');
    expect(unifiedDiff(a, b)).toBe(lines('--- sim', '+++ linux', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8'));
  });

  test('labels and context are options', () => {
    expect(unifiedDiff(lines('a', 'b', 'c'), lines('a', 'x', 'c'), { fromLabel: 'old', toLabel: 'new', context: 0 })).toBe(
      lines('--- old', '+++ new', '@@ -2 +2 @@', '-b', '+x'),
    );
  });

  test('insertions and deletions at the edges', () => {
    expect(unifiedDiff(lines('a'), lines('a', 'b'))).toBe(lines('--- sim', '+++ linux', '@@ -1 +1,2 @@', ' a', '+b'));
    expect(unifiedDiff(lines('a', 'b'), lines('b'))).toBe(lines('--- sim', '+++ linux', '@@ -1,2 +1 @@', '-a', ' b'));
    expect(unifiedDiff('', lines('a', 'b'))).toBe(lines('--- sim', '+++ linux', '@@ -0,0 +1,2 @@', '+a', '+b'));
    expect(unifiedDiff(lines('a', 'b'), '')).toBe(lines('--- sim', '+++ linux', '@@ -1,2 +0,0 @@', '-a', '-b'));
  });

  test('a pure insertion after line 2 of 4, no context: the empty side names the line before', () => {
    expect(unifiedDiff(lines('a', 'b', 'c', 'd'), lines('a', 'b', 'x', 'c', 'd'), { context: 0 })).toBe(
      lines('--- sim', '+++ linux', '@@ -2,0 +3 @@', '+x'),
    );
  });

  test('far-apart changes make two hunks; near ones merge', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const b = a.map((x) => (x === 'l2' || x === 'l18' ? `${x}!` : x));
    expect(unifiedDiff(lines(...a), lines(...b))).toBe(
      lines(
        '--- sim', '+++ linux',
        '@@ -1,5 +1,5 @@', ' l1', '-l2', '+l2!', ' l3', ' l4', ' l5',
        '@@ -15,6 +15,6 @@', ' l15', ' l16', ' l17', '-l18', '+l18!', ' l19', ' l20',
      ),
    );
    const c = a.map((x) => (x === 'l2' || x === 'l8' ? `${x}!` : x));
    const merged = unifiedDiff(lines(...a), lines(...c));
    expect(merged.match(/^@@/gm)).toHaveLength(1);
    expect(merged).toContain('@@ -1,11 +1,11 @@\n');
  });

  test('the diff is minimal (LCS), deletions before insertions', () => {
    expect(unifiedDiff(lines('a', 'b', 'c', 'd'), lines('a', 'c', 'b', 'd'), { context: 1 })).toBe(
      lines('--- sim', '+++ linux', '@@ -1,4 +1,4 @@', ' a', '-b', ' c', '+b', ' d'),
    );
    expect(unifiedDiff(lines('x', 'y'), lines('p', 'q'))).toBe(lines('--- sim', '+++ linux', '@@ -1,2 +1,2 @@', '-x', '-y', '+p', '+q'));
  });

  test('texts without a final newline', () => {
    expect(unifiedDiff('a\nb', 'a\nc')).toBe(lines('--- sim', '+++ linux', '@@ -1,2 +1,2 @@', ' a', '-b', '+c'));
  });

  test('splitLines', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
});
