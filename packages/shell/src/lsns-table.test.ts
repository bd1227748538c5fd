/**
 * The lsns table printer shared by the simulated lsns and `nsproxy lsns
 * --host`. The expected texts are what util-linux 2.38.1's lsns printed on
 * Linux 6.18 for the same lines (`unshare -mpuinf --mount-proc sh -c ...`).
 */
import { describe, expect, it } from 'vitest';
import { lsnsOutputColumns, lsnsProcessParents, lsnsTable, rawEscape } from './index.ts';
import type { LsnsLine } from './index.ts';

const SH = 'sh -c unshare -u sleep 300 & sleep 200';
/** Three uts namespaces: init's, a child's, and its child's (each line under the one before). */
const lines: LsnsLine[] = [
  { cells: { NS: 4026532175, TYPE: 'uts', PID: 1, PPID: 0, COMMAND: 'sh -c x' } },
  { cells: { NS: 4026532243, TYPE: 'uts', PID: 3, PPID: 1, COMMAND: SH }, parent: 0 },
  { cells: { NS: 4026532244, TYPE: 'uts', PID: 5, PPID: 3, COMMAND: 'sleep 300' }, parent: 1 },
];

describe('lsnsTable', () => {
  it('draws the process tree in COMMAND, in UTF-8 or ASCII, numbers right-aligned', () => {
    const columns = ['NS', 'PID', 'PPID', 'COMMAND'];
    expect(lsnsTable(lines, { columns, treeColumn: 'COMMAND', utf8: true })).toBe([
      '        NS PID PPID COMMAND',
      '4026532175   1    0 sh -c x',
      `4026532243   3    1 \u2514\u2500${SH}`,
      '4026532244   5    3   \u2514\u2500sleep 300',
      '',
    ].join('\n'));
    expect(lsnsTable(lines, { columns, treeColumn: 'COMMAND' }).split('\n')[3]).toBe('4026532244   5    3   `-sleep 300');
    expect(lsnsTable(lines, { columns, treeColumn: 'COMMAND', noheadings: true }).split('\n')[0]).toBe('4026532175   1    0 sh -c x');
  });

  it('raw: one blank between cells, blanks, backslashes and non-ASCII bytes as \\xNN, the tree included', () => {
    expect(lsnsTable(lines, { columns: ['NS', 'PID', 'PPID', 'COMMAND'], treeColumn: 'COMMAND', raw: true, utf8: true })).toBe([
      'NS PID PPID COMMAND',
      '4026532175 1 0 sh\\x20-c\\x20x',
      '4026532243 3 1 \\xe2\\x94\\x94\\xe2\\x94\\x80sh\\x20-c\\x20unshare\\x20-u\\x20sleep\\x20300\\x20&\\x20sleep\\x20200',
      '4026532244 5 3 \\x20\\x20\\xe2\\x94\\x94\\xe2\\x94\\x80sleep\\x20300',
      '',
    ].join('\n'));
    expect(rawEscape('a\\b\tc')).toBe('a\\x5cb\\x09c');
  });

  it('JSON: lsns\'s keys, },{ between siblings, children nested in a tree, null for an empty cell', () => {
    expect(lsnsTable(lines, { columns: ['NS', 'PID', 'COMMAND'], treeColumn: 'COMMAND', json: true })).toBe(`{
   "namespaces": [
      {
         "ns": 4026532175,
         "pid": 1,
         "command": "sh -c x",
         "children": [
            {
               "ns": 4026532243,
               "pid": 3,
               "command": "sh -c unshare -u sleep 300 & sleep 200",
               "children": [
                  {
                     "ns": 4026532244,
                     "pid": 5,
                     "command": "sleep 300"
                  }
               ]
            }
         ]
      }
   ]
}
`);
    // As a list (-l): no children, siblings joined by },{.
    expect(lsnsTable(lines, { columns: ['NS', 'PID'], json: true })).toBe(`{
   "namespaces": [
      {
         "ns": 4026532175,
         "pid": 1
      },{
         "ns": 4026532243,
         "pid": 3
      },{
         "ns": 4026532244,
         "pid": 5
      }
   ]
}
`);
    expect(lsnsTable([{ cells: { NS: 1, NETNSID: null, COMMAND: 'a "b" \\ \n' } }], { columns: ['NS', 'NETNSID', 'COMMAND'], json: true }))
      .toContain('"ns": 1,\n         "netnsid": null,\n         "command": "a \\"b\\" \\\\ \\n"\n');
  });

  it('an empty table prints nothing, or an empty JSON array', () => {
    expect(lsnsTable([], { columns: ['NS'] })).toBe('');
    expect(lsnsTable([], { columns: ['NS'], json: true })).toBe('{\n   "namespaces": [\n\n   ]\n}\n');
  });

  it('pads a left-aligned cell that is not last (an empty last one leaves the separator), a wide header widens its column', () => {
    expect(lsnsTable([{ cells: { NS: 4026532178, NSFS: null } }], { columns: ['NS', 'NSFS'] })).toBe('        NS NSFS\n4026532178 \n');
    expect(lsnsTable([{ cells: { NS: 4026532178, NSFS: null, TYPE: 'net' } }], { columns: ['NS', 'NSFS', 'TYPE'] })).toBe('        NS NSFS TYPE\n4026532178      net\n');
    expect(lsnsTable([{ cells: { TYPE: 'uts', PID: 1 } }], { columns: ['TYPE', 'PID'], noheadings: true })).toBe('uts    1\n');
  });

  it('on a terminal, cuts COMMAND to the width, unless notruncate', () => {
    const one: LsnsLine[] = [{ cells: { NS: 1, COMMAND: 'x'.repeat(50) } }];
    expect(lsnsTable(one, { columns: ['NS', 'COMMAND'], termWidth: 20 }).split('\n')[1]).toBe(` 1 ${'x'.repeat(17)}`);
    expect(lsnsTable(one, { columns: ['NS', 'COMMAND'], termWidth: 20, notruncate: true }).split('\n')[1]).toBe(` 1 ${'x'.repeat(50)}`);
  });
});

describe('lsnsProcessParents', () => {
  it('hangs a line under the last earlier line of its parent process (proc->parent->outline)', () => {
    // pid 1 represents three namespaces; pid 5 (child of 1) comes after the second of them; pid 9's parent has no line.
    expect(lsnsProcessParents([{ pid: 1, ppid: 0 }, { pid: 1, ppid: 0 }, { pid: 5, ppid: 1 }, { pid: 1, ppid: 0 }, { pid: 7, ppid: 5 }, { pid: 9, ppid: 4 }]))
      .toEqual([undefined, undefined, 1, undefined, 2, undefined]);
  });
});

describe('lsnsOutputColumns', () => {
  it('replaces, or appends with +, case-insensitively; names the unknown column as given', () => {
    expect(lsnsOutputColumns(['NS', 'TYPE'], 'pid,command')).toEqual(['PID', 'COMMAND']);
    expect(lsnsOutputColumns(['NS', 'TYPE'], '+ppid')).toEqual(['NS', 'TYPE', 'PPID']);
    expect(lsnsOutputColumns(['NS'], 'NS,foo')).toEqual({ unknown: 'foo' });
  });
});
