import { describe, expect, test } from 'vitest';
import type { StepResult } from './contract.ts';
import { formatFileText } from './contract.ts';
import { formatFstat, formatList, formatPropagation, formatResult, joinTranscript, LabelMap, labelType, printTranscript, transcriptLine } from './transcript.ts';

const ns = (type: string, id: string): StepResult => ({ kind: 'ns', type, id });

describe('LabelMap: namespace labels', () => {
  test('numbered per type in order of first appearance', () => {
    const labels = new LabelMap();
    expect(labels.namespace('uts', '4026531838')).toBe('uts:1');
    expect(labels.namespace('net', '4026531840')).toBe('net:1');
    expect(labels.namespace('uts', '4026532001')).toBe('uts:2');
    expect(labels.namespace('uts', '4026531838')).toBe('uts:1');
    expect(labels.namespace('net', '7')).toBe('net:2');
    expect(labels.namespace('uts', '12')).toBe('uts:3');
  });

  test('the ids are opaque: the same id under two types is two namespaces', () => {
    const labels = new LabelMap();
    expect(labels.namespace('uts', '1')).toBe('uts:1');
    expect(labels.namespace('ipc', '1')).toBe('ipc:1');
    expect(labels.namespace('ipc', '2')).toBe('ipc:2');
  });

  test('init observed before the first step: every starting namespace is <type>:1', () => {
    const labels = new LabelMap();
    labels.observe([
      ns('cgroup', 'c0'), ns('ipc', 'i0'), ns('mnt', 'm0'), ns('net', 'n0'), ns('pid', 'p0'), ns('pid_for_children', 'p0'),
      ns('time', 't0'), ns('time_for_children', 't0'), ns('user', 'u0'), ns('uts', 'h0'), { kind: 'ok' },
    ]);
    for (const [type, id] of [['cgroup', 'c0'], ['ipc', 'i0'], ['mnt', 'm0'], ['net', 'n0'], ['pid', 'p0'], ['time', 't0'], ['user', 'u0'], ['uts', 'h0']] as const) {
      expect(labels.namespace(type, id)).toBe(`${type}:1`);
    }
    expect(labels.namespace('uts', 'h1')).toBe('uts:2');
  });

  test('pid_for_children and time_for_children are labelled with their type', () => {
    const labels = new LabelMap();
    expect(labelType('pid_for_children')).toBe('pid');
    expect(labelType('time_for_children')).toBe('time');
    expect(labelType('uts')).toBe('uts');
    expect(labels.namespace('pid_for_children', 'a')).toBe('pid:1');
    expect(labels.namespace('pid', 'b')).toBe('pid:2');
    expect(labels.namespace('pid_for_children', 'b')).toBe('pid:2');
    expect(labels.namespace('time_for_children', 'x')).toBe('time:1');
  });

  test('peer groups share one sequence, so a slave shows its master group', () => {
    const labels = new LabelMap();
    expect(formatPropagation('shared:187', labels)).toBe('shared:1');
    expect(formatPropagation('shared:201 master:187', labels)).toBe('shared:2 master:1');
    expect(formatPropagation('master:201', labels)).toBe('master:2');
    expect(formatPropagation('  private ', labels)).toBe('private');
    expect(formatPropagation('unbindable', labels)).toBe('unbindable');
    expect(formatPropagation('master:9 propagate_from:187', labels)).toBe('master:3 propagate_from:1');
  });
});

describe('result formatting', () => {
  const labels = (): LabelMap => new LabelMap();

  test.each<[StepResult, string]>([
    [{ kind: 'ok' }, 'ok'],
    [{ kind: 'errno', code: 'EPERM' }, 'EPERM'],
    [{ kind: 'errno', code: 'ENOTASK' }, 'ENOTASK'],
    [{ kind: 'int', value: 2 }, '2'],
    [{ kind: 'int', value: 0 }, '0'],
    [{ kind: 'int', value: -1 }, '-1'],
    [{ kind: 'int', value: 65534 }, '65534'],
    [{ kind: 'text', value: 'alpha' }, 'alpha'],
    [{ kind: 'text', value: 'uid=0 gid=0' }, 'uid=0 gid=0'],
    [{ kind: 'text', value: '000001ffffffffff\n' }, '000001ffffffffff'],
    [{ kind: 'text', value: '' }, '-'],
    [{ kind: 'text', value: 'a\nb' }, 'a\\nb'],
    [{ kind: 'list', items: [] }, '-'],
    [{ kind: 'list', items: ['lo'] }, 'lo'],
    [{ kind: 'list', items: ['veth1', 'lo', 'eth0', 'Veth0'] }, 'Veth0,eth0,lo,veth1'],
    [ns('uts', 'x'), 'uts:1'],
  ])('%j → %s', (result, text) => {
    expect(formatResult(result, labels())).toBe(text);
  });

  test('a label numbers through the map', () => {
    const map = labels();
    expect(formatResult(ns('net', 'a'), map)).toBe('net:1');
    expect(formatResult(ns('net', 'b'), map)).toBe('net:2');
    expect(formatResult(ns('net', 'a'), map)).toBe('net:1');
  });

  test('formatList sorts a copy, in code-unit order', () => {
    const items = ['b', 'a', 'B', 'a10', 'a9'];
    expect(formatList(items)).toBe('B,a,a10,a9,b');
    expect(items).toEqual(['b', 'a', 'B', 'a10', 'a9']);
    expect(formatList([])).toBe('-');
  });

  test('read: lines ;-joined, blanks collapsed, - when empty (idempotent)', () => {
    expect(formatFileText('         0          0 4294967295\n')).toBe('0 0 4294967295');
    expect(formatFileText('         0       1000          1\n         1     100000      65536\n')).toBe('0 1000 1;1 100000 65536');
    expect(formatFileText('0 1000 1;1 100000 65536')).toBe('0 1000 1;1 100000 65536');
    expect(formatFileText('')).toBe('-');
    expect(formatFileText('\n\n')).toBe('-');
    expect(formatResult({ kind: 'text', value: '   0  0  1\n' }, labels(), 'read')).toBe('0 0 1');
    expect(formatResult({ kind: 'text', value: '' }, labels(), 'read')).toBe('-');
  });

  test('propagation results are relabelled through the map', () => {
    const map = labels();
    expect(formatResult({ kind: 'text', value: 'shared:55' }, map, 'propagation')).toBe('shared:1');
    expect(formatResult({ kind: 'text', value: 'master:55' }, map, 'propagation')).toBe('master:1');
  });
});

describe('transcripts', () => {
  test('a line is the step as written, then => result', () => {
    expect(transcriptLine('init: clone a uts', '2')).toBe('init: clone a uts => 2');
    expect(transcriptLine('  b: ns uts ', 'uts:2')).toBe('b: ns uts => uts:2');
  });

  test('one line per step, each ending in a newline', () => {
    const steps = [{ text: 'init: clone a uts' }, { text: 'a: sethostname alpha' }, { text: 'a: hostname' }];
    expect(printTranscript(steps, ['2', 'ok', 'alpha'])).toBe('init: clone a uts => 2\na: sethostname alpha => ok\na: hostname => alpha\n');
    expect(printTranscript(steps, ['2'])).toBe('init: clone a uts => 2\n');
    expect(joinTranscript([])).toBe('');
  });
});

describe('formatFstat: device and inode labels', () => {
  test('devices and inode numbers are numbered by first appearance; the eight fixed initial numbers print as they are', () => {
    const labels = new LabelMap();
    expect(formatFstat('dev=0:4 ino=4026531837 mode=0100444 size=0', labels)).toBe('dev=dev:1 ino=4026531837 mode=0100444 size=0');
    expect(formatFstat('dev=0:4 ino=4026532281 mode=0100444 size=0', labels)).toBe('dev=dev:1 ino=ino:1 mode=0100444 size=0');
    expect(formatFstat('dev=0:27 ino=4026532281 mode=040755 size=0', labels)).toBe('dev=dev:2 ino=ino:1 mode=040755 size=0');
    expect(formatFstat('dev=0:4 ino=4026531832', labels)).toBe('dev=dev:1 ino=4026531832');
    expect(formatFstat('dev=0:4 ino=4026531840', labels)).toBe('dev=dev:1 ino=ino:2');
    expect(formatFstat('dev=0:4 ino=4026531831', labels)).toBe('dev=dev:1 ino=ino:3');
    expect(formatResult({ kind: 'text', value: 'dev=0:4 ino=4026532281 mode=0100444 size=0' }, labels, 'fstat')).toBe('dev=dev:1 ino=ino:1 mode=0100444 size=0');
    // The sequences are the fstat op's own: namespace labels do not move them.
    expect(labels.namespace('uts', '7')).toBe('uts:1');
  });
});
