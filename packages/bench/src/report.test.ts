import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  checkedRatio, fastest, fastestOf, formatAbove, formatBytes, formatMs, formatNs, formatPerUnit, formatRatio, formatRounds, formatScale, formatTable,
  formatUs, hasError, isMissing, jsonRow, layout, makeRow, median, meetsTarget, perUnitNs, ratio, ratioSpread, scaleHasError, spreadOf, statusOf,
} from './report.ts';
import type { ScaleReport } from './scale.ts';

describe('ratio', () => {
  it('is kernel over model', () => {
    expect(ratio(2000, 100)).toBe(20);
    expect(ratio(150, 300)).toBe(0.5);
  });

  it('is null when a side is missing or the model figure is not positive', () => {
    expect(ratio(null, 100)).toBeNull();
    expect(ratio(100, null)).toBeNull();
    expect(ratio(100, 0)).toBeNull();
    expect(ratio(100, -1)).toBeNull();
    expect(ratio(Number.NaN, 1)).toBeNull();
    expect(ratio(1, Number.POSITIVE_INFINITY)).toBeNull();
  });

  test.prop([fc.double({ min: 0, max: 1e12, noNaN: true }), fc.double({ min: 1e-3, max: 1e12, noNaN: true })])(
    'ratio × model gives the kernel figure back',
    (k, m) => {
      const r = ratio(k, m);
      expect(r).not.toBeNull();
      expect((r as number) * m).toBeCloseTo(k, 6 - Math.max(0, Math.ceil(Math.log10(k + 1))));
    },
  );
});

describe('fastest', () => {
  it('is the least sample, NaN for none', () => {
    expect(fastest([3, 1, 2])).toBe(1);
    expect(fastest([])).toBeNaN();
  });

  test.prop([fc.array(fc.double({ noNaN: true, min: 0, max: 1e9 }), { minLength: 1 })])('is one of the samples and no sample is lower', (xs) => {
    const f = fastest(xs);
    expect(xs).toContain(f);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(f);
  });
});

describe('fastestOf (rounds)', () => {
  it("keeps the fastest round with its units, every sample and each round's figure", () => {
    expect(fastestOf([{ ns: 30 }, { ns: 10, units: 5 }, { ns: 20 }])).toEqual({ ns: 10, units: 5, samples: [30, 10, 20], rounds: [30, 10, 20] });
    expect(fastestOf([{ ns: 3, samples: [3, 4] }, { ns: 2, samples: [5, 2, 9] }])).toEqual({ ns: 2, samples: [3, 4, 5, 2, 9], rounds: [3, 2] });
  });

  it('reports an error or a missing side from any round, the error first', () => {
    expect(fastestOf([{ ns: 1 }, { missing: 'no pkg' }])).toEqual({ missing: 'no pkg' });
    expect(fastestOf([{ missing: 'no pkg' }, { error: 'boom' }, { ns: 1 }])).toEqual({ error: 'boom' });
    expect(fastestOf([])).toEqual({ error: 'not measured' });
  });
});

describe('spread', () => {
  it('sums up samples as n, min, median and max', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(spreadOf([5, 1, 3, 2])).toEqual({ n: 4, min: 1, median: 2.5, max: 5 });
    expect(spreadOf([])).toBeNull();
  });

  test.prop([fc.array(fc.double({ noNaN: true, min: 0, max: 1e9 }), { minLength: 1 })])('min ≤ median ≤ max, all within the samples', (xs) => {
    const s = spreadOf(xs);
    expect(s).not.toBeNull();
    const { n, min, median: med, max } = s as NonNullable<typeof s>;
    expect(n).toBe(xs.length);
    expect(min).toBeLessThanOrEqual(med);
    expect(med).toBeLessThanOrEqual(max);
    expect(min).toBe(fastest(xs));
  });

  it("takes each round's ratio, and needs both sides in every round", () => {
    const r = ratioSpread([1000, 1200, 900], [20, 30, 10]);
    expect(r?.values).toEqual([50, 40, 90]);
    expect(r).toMatchObject({ min: 40, median: 50, max: 90, rel: 1 });
    expect(ratioSpread([1000], [20, 30])).toBeNull();
    expect(ratioSpread(undefined, [20])).toBeNull();
    expect(ratioSpread([1000], [0])).toBeNull();
    expect(ratioSpread([], [])).toBeNull();
  });

  it("puts each side's spread and the rounds' ratios in the row, the JSON and the table", () => {
    const kernel = fastestOf([{ ns: 1000, samples: [1000, 1100] }, { ns: 1200, samples: [1200, 1300] }, { ns: 900, samples: [900, 1000] }]);
    const model = fastestOf([{ ns: 20, samples: [20, 22, 40] }, { ns: 30, samples: [30, 31, 33] }, { ns: 10, samples: [10, 11, 12] }]);
    const row = makeRow('unshare-pid', kernel, model, 50);
    expect(row.ratio).toBe(90);
    expect(row.kernel_spread).toEqual({ n: 6, min: 900, median: 1050, max: 1300 });
    expect(row.model_spread).toEqual({ n: 9, min: 10, median: 22, max: 40 });
    expect(row.ratio_rounds?.values).toEqual([50, 40, 90]);
    const j = jsonRow(row);
    expect(Object.keys(j).slice(0, 5)).toEqual(['op', 'kernel_ns', 'model_ns', 'ratio', 'ratio_spread']);
    expect(j).toMatchObject({
      ratio: 90, ratio_spread: { rounds: [50, 40, 90], min: 40, median: 50, max: 90, rel: 1 },
      kernel_spread: { n: 6, min: 900, median: 1050, max: 1300 }, model_spread: { n: 9, min: 10, median: 22, max: 40 }, target_met: true,
    });
    expect(formatRounds(row.ratio_rounds)).toBe('40.0–90.0×');
    expect(formatRounds(ratioSpread([100], [2]) ?? undefined)).toBe('50.0×');
    expect(formatRounds(undefined)).toBe('—');
    expect(formatAbove(row.model_spread)).toBe('+120%');
    expect(formatAbove(undefined)).toBe('—');
    expect(formatTable([row]).split('\n')[2]).toMatch(/^unshare-pid\s+900\s+10\.00?\s+90\.0×\s+40\.0–90\.0×\s+\+17%\/\+120%\s+target ≥50× ok$/);
    // A missing side: no spread, no rounds.
    const missing = jsonRow(makeRow('x', kernel, { missing: 'missing (package not built: @nsproxy/pid)' }));
    expect(missing.ratio_spread).toBeUndefined();
    expect(missing.model_spread).toBeUndefined();
    expect(missing.kernel_spread).toMatchObject({ n: 6 });
  });
});

describe('rows and targets', () => {
  it('meets, misses or cannot judge a target', () => {
    expect(meetsTarget(makeRow('a', { ns: 2000 }, { ns: 100 }, 10))).toBe(true);
    expect(meetsTarget(makeRow('a', { ns: 2000 }, { ns: 300 }, 10))).toBe(false);
    expect(meetsTarget(makeRow('a', { ns: 2000 }, { ns: 300 }))).toBeUndefined();
    expect(meetsTarget(makeRow('a', { ns: 2000 }, { missing: 'missing (package not built: @nsproxy/mnt)' }, 10))).toBeUndefined();
  });

  it('does not judge a target in a quick run', () => {
    const row = makeRow('unshare-uts', { ns: 2000 }, { ns: 4000 }, 10, undefined, false);
    expect(meetsTarget(row)).toBeUndefined();
    expect(statusOf(row)).toBe('target ≥10× (not judged in a quick run)');
    expect(jsonRow(row)).toMatchObject({ target: 10, target_met: null });
  });

  it('checks a per-unit target against the per-unit ratio', () => {
    // kernel: 1,000 ns for 100 mounts = 10 ns a mount; model: 50 ns for 10 mounts = 5 ns a mount.
    const row = makeRow('copy', { ns: 1000, units: 100 }, { ns: 50, units: 10 }, 10, 'mount');
    expect(row.ratio).toBe(20);
    expect(row.ratio_per_unit).toBe(2);
    expect(checkedRatio(row)).toBe(2);
    expect(meetsTarget(row)).toBe(false);
    expect(statusOf(row)).toBe('target ≥10× per mount (2.00×) MISSED');
  });

  it('reports a per-unit row per operation and per unit, in the table and the JSON', () => {
    const row = makeRow('mntns-copy-1000', { ns: 2_046_000, units: 1023 }, { ns: 100_500, units: 1005 }, 10, 'mount');
    expect(perUnitNs(row.kernel_ns, row.unit?.kernel)).toBe(2000);
    expect(perUnitNs(row.model_ns, row.unit?.model)).toBe(100);
    expect(perUnitNs(null, 5)).toBeNull();
    expect(perUnitNs(5, null)).toBeNull();
    expect(jsonRow(row)).toMatchObject({ kernel_ns_per_unit: 2000, model_ns_per_unit: 100, ratio_per_unit: 20, target_met: true });
    const text = formatPerUnit([makeRow('unshare-uts', { ns: 2000 }, { ns: 100 }, 10), row]).split('\n');
    expect(text[0]).toMatch(/^per mount\s+kernel mounts\s+kernel ns\/mount\s+model mounts\s+model ns\/mount\s+ratio$/);
    expect(text[1]).toMatch(/^mntns-copy-1000\s+1,023\s+2,000\s+1,005\s+100\s+20\.0×$/);
    expect(text).toHaveLength(2);
    expect(formatTable([row])).toContain(text[1]);
    expect(formatPerUnit([makeRow('unshare-uts', { ns: 2000 }, { ns: 100 }, 10)])).toBe('');
    const missing = formatPerUnit([makeRow('unshare-mnt', { ns: 5000, units: 23 }, { missing: 'missing (package not built: @nsproxy/mnt)' }, 10, 'mount')]);
    expect(missing.split('\n')[1]).toMatch(/^unshare-mnt\s+23\s+217\s+—\s+—\s+—$/);
  });

  it('says why a side is missing, and tells missing from broken', () => {
    const missing = makeRow('unshare-mnt', { ns: 5 }, { missing: 'missing (package not built: @nsproxy/mnt)' });
    expect(missing.model_ns).toBeNull();
    expect(missing.ratio).toBeNull();
    expect(isMissing(missing)).toBe(true);
    expect(hasError(missing)).toBe(false);
    expect(statusOf(missing)).toBe('model: missing (package not built: @nsproxy/mnt)');
    const broken = makeRow('x', { error: 'kbench: x: unshare: Operation not permitted' }, { ns: 3 });
    expect(isMissing(broken)).toBe(false);
    expect(hasError(broken)).toBe(true);
    expect(statusOf(broken)).toBe('kernel: error: kbench: x: unshare: Operation not permitted');
  });

  it('puts the four fields of the issue first in the JSON row', () => {
    const j = jsonRow(makeRow('setns-uts', { ns: 1234.56 }, { ns: 98.765 }, 10));
    expect(Object.keys(j).slice(0, 4)).toEqual(['op', 'kernel_ns', 'model_ns', 'ratio']);
    expect(j).toMatchObject({ op: 'setns-uts', kernel_ns: 1234.6, model_ns: 98.8, ratio: 12.5, target: 10, target_met: true });
    const m = jsonRow(makeRow('netns-create', { ns: 5e5 }, { missing: 'missing (package not built: @nsproxy/net)' }, 100));
    expect(m).toMatchObject({ model_ns: null, ratio: null, target_met: null, missing: true, model_note: 'missing (package not built: @nsproxy/net)' });
  });
});

describe('formatting', () => {
  it('formats ns, ratios, bytes and ms', () => {
    expect(formatNs(null)).toBe('—');
    expect(formatNs(3.14159)).toBe('3.14');
    expect(formatNs(42.25)).toBe('42.3');
    expect(formatNs(1234567.8)).toBe('1,234,568');
    expect(formatRatio(9.876)).toBe('9.88×');
    expect(formatRatio(42.42)).toBe('42.4×');
    expect(formatRatio(1234.5)).toBe('1,235×');
    expect(formatRatio(null)).toBe('—');
    expect(formatBytes(742)).toBe('742 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(812.4 * 1024 ** 2)).toBe('812.4 MiB');
    expect(formatBytes(1024 ** 3)).toBe('1.00 GiB');
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(2310.4)).toBe('2,310 ms');
    expect(formatUs(4.123)).toBe('4.12 µs');
    expect(formatUs(812.4)).toBe('812 µs');
    expect(formatUs(null)).toBe('—');
  });

  const cell = fc.stringMatching(/^[a-z0-9]{1,12}$/);
  test.prop([fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 })])(
    'layout pads the left-aligned columns, right-aligns the numbers, and keeps every cell',
    (rows) => {
      const lines = layout(rows, [false, true, false]);
      const w0 = Math.max(...rows.map((r) => r[0].length));
      const w1 = Math.max(...rows.map((r) => r[1].length));
      expect(lines).toEqual(rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`));
    },
  );

  it('prints one line per row, a rule, and the missing rows', () => {
    const rows = [
      makeRow('unshare-uts', { ns: 2000 }, { ns: 100 }, 10),
      makeRow('unshare-mnt', { ns: 60000 }, { missing: 'missing (package not built: @nsproxy/mnt)' }),
      makeRow('setns-uts', { ns: 1400 }, { ns: 200 }, 10),
    ];
    const lines = formatTable(rows).split('\n');
    expect(lines[0]).toMatch(/^op\s+kernel ns\/op\s+model ns\/op\s+ratio\s+rounds\s+spread k\/m\s+status$/);
    expect(lines[1]).toMatch(/^-+$/);
    expect(lines[2]).toMatch(/^unshare-uts\s+2,000\s+100\s+20\.0×\s+—\s+—\/—\s+target ≥10× ok$/);
    expect(lines[3]).toMatch(/^unshare-mnt\s+60,000\s+—\s+—\s+—\s+—\/—\s+model: missing \(package not built: @nsproxy\/mnt\)$/);
    expect(lines[4]).toMatch(/^setns-uts\s+1,400\s+200\s+7\.00×\s+—\s+—\/—\s+target ≥10× MISSED$/);
    expect(lines).toContain('missing rows (1): unshare-mnt');
    expect(lines).toContain('targets missed: setns-uts');
  });
});

describe('scale', () => {
  const tasks = {
    tasks: 1_000_000, namespaces: 100_000, ns_types: ['uts', 'ipc'], ns_by_type: { uts: 100_001, ipc: 100_001 }, build_ms: 5000,
    heap_bytes: 900 * 1024 ** 2, model_heap_bytes: 890 * 1024 ** 2, bytes_per_task: 850, bytes_per_namespace: 900, bytes_by_type: { uts: 210, ipc: 930 },
    heap_target_bytes: 1024 ** 3,
    heap_target_met: true, lsns_rows: 200_002, lsns_ms: 600, lsns_objects_ms: 1_250, lsns_target_ms: 500, lsns_target_met: false,
  };
  it('prints the figures, and missing parts as missing', () => {
    const scale: ScaleReport = { tasks, pid_tree: { missing: 'missing (package not built: @nsproxy/pid)' }, mntns_copy: { missing: 'missing (package not built: @nsproxy/mnt)' } };
    const text = formatScale(scale);
    expect(text).toContain('1,000,000 live tasks in 100,000 groups, each in new namespaces of every type');
    expect(text).toMatch(/namespaces\s+uts 100,001, ipc 100,001 \(with the initial ones\)/);
    expect(text).toMatch(/by type\s+uts 210 B, ipc 930 B \(one new namespace alone, beyond a plain task\)/);
    expect(text).toMatch(/lsns\s+200,002 rows in 600 ms target under 500 ms MISSED; as an object per row 1,250 ms/);
    expect(formatScale({ ...scale, tasks: { ...tasks, lsns_ms: 400, lsns_target_met: true } })).toContain('rows in 400 ms target under 500 ms ok');
    expect(formatScale({ ...scale, tasks: { ...tasks, lsns_target_met: null } })).toContain('(the target, under 500 ms, is for the full size)');
    expect(text).toContain('900.0 MiB heapUsed target ≤ 1.00 GiB ok');
    expect(text).toContain('850 B');
    expect(text).toMatch(/pid tree\s+missing \(package not built: @nsproxy\/pid\)/);
    expect(scaleHasError(scale)).toBe(false);
  });

  const copy = {
    mounts: 100_000, build_ms: 700, copy_ms: 312.4, copies: 3, ns_per_mount: 3124, copy_target_ms: 1000, copy_target_met: true,
    drop_ms: 9800, umount_us: 812, mount_us: 41,
  };
  it('prints the mount namespace copy beside its target', () => {
    const text = formatScale({ tasks, pid_tree: { missing: 'x' }, mntns_copy: copy });
    expect(text).toMatch(/mntns copy\s+100,000 mounts copied by unshare\(CLONE_NEWNS\) in 312 ms target under 1 s ok \(the fastest of 3; 3,124 ns a mount\)/);
    expect(text).toMatch(/mntns drop\s+the last task of a copy exits \(put_mnt_ns\): 9,800 ms/);
    expect(text).toMatch(/one mount\s+umount2 812 µs, mount 41\.0 µs/);
    expect(formatScale({ tasks, pid_tree: { missing: 'x' }, mntns_copy: { ...copy, copy_ms: 1500, copy_target_met: false } })).toContain('1,500 ms target under 1 s MISSED');
    expect(formatScale({ tasks, pid_tree: { missing: 'x' }, mntns_copy: { ...copy, copy_target_met: null } })).toContain('(the target, under 1 s, is for the full size)');
    expect(scaleHasError({ tasks, pid_tree: { missing: 'x' }, mntns_copy: { error: 'boom' } })).toBe(true);
  });

  it('says MISSED over the heap target, and reports errors', () => {
    const scale: ScaleReport = { tasks: { ...tasks, heap_target_met: false }, pid_tree: { error: 'boom' }, mntns_copy: { missing: 'x' } };
    expect(formatScale(scale)).toContain('MISSED');
    expect(formatScale(scale)).toMatch(/pid tree\s+error: boom/);
    expect(scaleHasError(scale)).toBe(true);
  });
});
