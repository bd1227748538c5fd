/**
 * The pure part of the bench: rows, ratios, targets, the table and the JSON
 * object. Nothing here measures or touches Node, so it is unit-tested.
 */
import type { ScaleReport } from './scale.ts';

/** One line of the table: an operation timed on the real kernel and on the model. */
export interface Row {
  readonly op: string;
  /** Real kernel, ns per operation; null when not measured (see `kernelNote`). */
  readonly kernel_ns: number | null;
  /** Model, ns per operation; null when not measured (see `modelNote`). */
  readonly model_ns: number | null;
  /** kernel_ns / model_ns: how many times faster the model is; null if either is missing. */
  readonly ratio: number | null;
  /** The least ratio the model must reach (from the issue), if any. */
  readonly target?: number;
  /** False in a quick run: its sizes are too small to judge a target. */
  readonly judged?: boolean;
  /** For per-unit targets (mounts copied): the units each side handled per operation. */
  readonly unit?: { readonly name: string; readonly kernel: number | null; readonly model: number | null };
  /** kernel per unit / model per unit, when `unit` is set. */
  readonly ratio_per_unit?: number | null;
  /** Every sample of the kernel side (each kbench process's ns/op, over all rounds), summarized. */
  readonly kernel_spread?: Spread;
  /** Every sample of the model side (each timed batch's ns/op, over all rounds), summarized. */
  readonly model_spread?: Spread;
  /**
   * The ratio of each round (that round's fastest kernel figure over its
   * fastest model figure), summarized: how much the ratio moves from one
   * round to the next on this machine. Absent when a side has no figure.
   */
  readonly ratio_rounds?: RatioSpread;
  /** Why the kernel side has no figure. */
  readonly kernelNote?: string;
  /** Why the model side has no figure: `missing (package not built: @nsproxy/mnt)`, `error: ...`. */
  readonly modelNote?: string;
}

/**
 * What one side of a row produced: a figure, or why there is none. `samples`
 * are the figures `ns` is the fastest of (each timed batch's or each kbench
 * process's ns per op); `rounds`, after fastestOf, each round's `ns`.
 */
export type Measured =
  | Figure
  | { readonly missing: string }
  | { readonly error: string };

/** A side's figure: ns per op, the units per op (mounts copied), the samples and rounds it is the fastest of. */
export interface Figure {
  readonly ns: number;
  readonly units?: number;
  readonly samples?: readonly number[];
  readonly rounds?: readonly number[];
}

/** A side's samples in short: how many, the fastest, the median and the slowest (ns per op). */
export interface Spread {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The ratio of every round, and their fastest, median and slowest; `rel` is (max - min) / median. */
export interface RatioSpread {
  readonly values: readonly number[];
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly rel: number;
}

/** The median of some figures (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Sums up samples as a Spread; null for none. */
export function spreadOf(samples: readonly number[]): Spread | null {
  if (samples.length === 0) return null;
  return { n: samples.length, min: Math.min(...samples), median: median(samples), max: Math.max(...samples) };
}

/**
 * Each round's ratio (kernel round i over model round i) and their spread;
 * null unless both sides have the same number of rounds, all measured.
 */
export function ratioSpread(kernelRounds: readonly number[] | undefined, modelRounds: readonly number[] | undefined): RatioSpread | null {
  if (!kernelRounds || !modelRounds || kernelRounds.length === 0 || kernelRounds.length !== modelRounds.length) return null;
  const values: number[] = [];
  for (let i = 0; i < kernelRounds.length; i++) {
    const r = ratio(kernelRounds[i], modelRounds[i]);
    if (r === null) return null;
    values.push(r);
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const med = median(values);
  return { values, min, median: med, max, rel: med > 0 ? (max - min) / med : 0 };
}

/** kernel / model, or null when a side is missing or the model figure is not positive. */
export function ratio(kernel: number | null | undefined, model: number | null | undefined): number | null {
  if (kernel == null || model == null || !Number.isFinite(kernel) || !Number.isFinite(model) || model <= 0 || kernel < 0) return null;
  return kernel / model;
}

/**
 * The figure of several timed batches (each already a mean over many
 * iterations): the fastest. This VM is shared and other load only ever adds
 * time, so the fastest batch is the closest to the operation's own cost; both
 * sides are summarized the same way. NaN for no samples.
 */
export function fastest(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : Math.min(...samples);
}

/**
 * The figures of one op from several rounds as one: an error if any round
 * failed, missing if any was, else the fastest, with every round's samples
 * and each round's figure (`rounds`).
 */
export function fastestOf(rounds: readonly Measured[]): Measured {
  const error = rounds.find((m) => 'error' in m);
  if (error) return error;
  const missing = rounds.find((m) => 'missing' in m);
  if (missing) return missing;
  const measured = rounds.filter((m): m is Figure => 'ns' in m);
  if (measured.length === 0) return { error: 'not measured' };
  const best = measured.reduce((b, m) => (m.ns < b.ns ? m : b));
  const samples = measured.flatMap((m) => m.samples ?? [m.ns]);
  return { ...best, samples, rounds: measured.map((m) => m.ns) };
}

function noteOf(m: Measured): string | undefined {
  if ('missing' in m) return m.missing;
  if ('error' in m) return `error: ${m.error}`;
  return undefined;
}

/**
 * Builds a row from both sides' results; `target` is a least ratio, per unit
 * when `unitName` is given, and judged only when `judge` (not in a quick run).
 */
export function makeRow(op: string, kernel: Measured, model: Measured, target?: number, unitName?: string, judge = true): Row {
  const k = 'ns' in kernel ? kernel.ns : null;
  const m = 'ns' in model ? model.ns : null;
  const row: {
    -readonly [K in keyof Row]: Row[K];
  } = { op, kernel_ns: k, model_ns: m, ratio: ratio(k, m) };
  if (target !== undefined) row.target = target;
  if (target !== undefined && !judge) row.judged = false;
  const ks = 'ns' in kernel && kernel.samples ? spreadOf(kernel.samples) : null;
  const ms = 'ns' in model && model.samples ? spreadOf(model.samples) : null;
  if (ks) row.kernel_spread = ks;
  if (ms) row.model_spread = ms;
  const rs = 'ns' in kernel && 'ns' in model ? ratioSpread(kernel.rounds, model.rounds) : null;
  if (rs) row.ratio_rounds = rs;
  if (unitName !== undefined) {
    const ku = 'ns' in kernel ? kernel.units ?? null : null;
    const mu = 'ns' in model ? model.units ?? null : null;
    row.unit = { name: unitName, kernel: ku, model: mu };
    row.ratio_per_unit = k !== null && m !== null && ku && mu ? ratio(k / ku, m / mu) : null;
  }
  const kn = noteOf(kernel);
  const mn = noteOf(model);
  if (kn !== undefined) row.kernelNote = kn;
  if (mn !== undefined) row.modelNote = mn;
  return row;
}

/** The ratio a target is checked against: per unit when the row has units. */
export function checkedRatio(row: Row): number | null {
  return row.unit ? row.ratio_per_unit ?? null : row.ratio;
}

/** Whether the row meets its target: undefined when it has none or a side is missing. */
export function meetsTarget(row: Row): boolean | undefined {
  if (row.target === undefined || row.judged === false) return undefined;
  const r = checkedRatio(row);
  return r === null ? undefined : r >= row.target;
}

/** A row is missing when a side has no figure for a reason other than an error. */
export function isMissing(row: Row): boolean {
  return (row.model_ns === null && row.modelNote !== undefined && !row.modelNote.startsWith('error:')) ||
    (row.kernel_ns === null && row.kernelNote !== undefined && !row.kernelNote.startsWith('error:'));
}

/** Whether a side of the row failed with an error (the run then exits non-zero). */
export function hasError(row: Row): boolean {
  return (row.modelNote?.startsWith('error:') ?? false) || (row.kernelNote?.startsWith('error:') ?? false);
}

/** Nanoseconds for the table: 3 significant digits below 100, whole numbers with separators above. */
export function formatNs(ns: number | null): string {
  if (ns === null || !Number.isFinite(ns)) return '—';
  if (ns < 10) return ns.toFixed(2);
  if (ns < 100) return ns.toFixed(1);
  return Math.round(ns).toLocaleString('en-US');
}

/** A ratio for the table: `12.3×`, `250×`. */
export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  if (r < 10) return `${r.toFixed(2)}×`;
  if (r < 100) return `${r.toFixed(1)}×`;
  return `${Math.round(r).toLocaleString('en-US')}×`;
}

/** Bytes for the table: `812.4 MiB`, `742 B`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${Math.round(bytes)} B`;
  if (abs < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (abs < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Milliseconds for the table: `2,310 ms`, `1.23 ms`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** A time target: whole seconds as `1 s`, else as formatMs. */
function formatTargetMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : formatMs(ms);
}

/** Microseconds for the table: `812 µs`, `4.1 µs`. */
export function formatUs(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '—';
  if (us < 10) return `${us.toFixed(2)} µs`;
  if (us < 100) return `${us.toFixed(1)} µs`;
  return `${Math.round(us).toLocaleString('en-US')} µs`;
}

/** What the last column says about a row's target or why it is incomplete. */
export function statusOf(row: Row): string {
  const notes: string[] = [];
  if (row.kernelNote) notes.push(`kernel: ${row.kernelNote}`);
  if (row.modelNote) notes.push(`model: ${row.modelNote}`);
  if (row.target !== undefined) {
    const per = row.unit ? ` per ${row.unit.name}` : '';
    const met = meetsTarget(row);
    const mark = row.judged === false ? ' (not judged in a quick run)' : met === undefined ? '' : met ? ' ok' : ' MISSED';
    const got = row.unit && met !== undefined ? ` (${formatRatio(checkedRatio(row))})` : '';
    notes.unshift(`target ≥${row.target}×${per}${got}${mark}`);
  }
  return notes.join('; ');
}

/** Lays out rows of cells as aligned columns; `right` says which columns are right-aligned. */
export function layout(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...c].length);
        const last = i === r.length - 1;
        return right[i] ? pad + c : last ? c : c + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** The op table: one line per row, then a line naming the rows that are missing. */
export function formatTable(rows: readonly Row[]): string {
  const cells = [['op', 'kernel ns/op', 'model ns/op', 'ratio', 'rounds', 'spread k/m', 'status']];
  for (const r of rows) {
    cells.push([r.op, formatNs(r.kernel_ns), formatNs(r.model_ns), formatRatio(r.ratio), formatRounds(r.ratio_rounds),
      `${formatAbove(r.kernel_spread)}/${formatAbove(r.model_spread)}`, statusOf(r)]);
  }
  const lines = layout(cells, [false, true, true, true, true, true, false]);
  lines.splice(1, 0, '-'.repeat(Math.max(...lines.map((l) => [...l].length))));
  const perUnit = formatPerUnit(rows);
  if (perUnit) lines.push('', perUnit);
  const missing = rows.filter(isMissing).map((r) => r.op);
  lines.push('');
  lines.push(missing.length ? `missing rows (${missing.length}): ${missing.join(', ')}` : 'missing rows: none');
  const missed = rows.filter((r) => meetsTarget(r) === false).map((r) => r.op);
  if (missed.length) lines.push(`targets missed: ${missed.join(', ')}`);
  return lines.join('\n');
}

/** The rounds' ratios as `41.2–50.1×` (one round: its ratio; none: `—`). */
export function formatRounds(r: RatioSpread | undefined): string {
  if (!r) return '—';
  if (r.values.length === 1) return formatRatio(r.min);
  return `${formatRatio(r.min).slice(0, -1)}–${formatRatio(r.max)}`;
}

/** How far a side's median sample is above its fastest: `+12%` (`—` without samples). */
export function formatAbove(s: Spread | undefined): string {
  if (!s || !(s.min > 0)) return '—';
  return `+${Math.round(((s.median - s.min) / s.min) * 100)}%`;
}

/** A side's ns per unit (per mount copied), or null. */
export function perUnitNs(ns: number | null, units: number | null | undefined): number | null {
  return ns !== null && units ? ns / units : null;
}

/**
 * The rows with a unit (the mount copies) per unit: each side's units per
 * operation, its ns per unit, and their ratio; '' when no row has a unit.
 */
export function formatPerUnit(rows: readonly Row[]): string {
  const unitRows = rows.filter((r) => r.unit);
  if (unitRows.length === 0) return '';
  const lines: string[] = [];
  for (const name of [...new Set(unitRows.map((r) => r.unit?.name ?? ''))]) {
    const cells = [[`per ${name}`, `kernel ${name}s`, `kernel ns/${name}`, `model ${name}s`, `model ns/${name}`, 'ratio']];
    for (const r of unitRows.filter((x) => x.unit?.name === name)) {
      const u = r.unit;
      const count = (n: number | null | undefined): string => (n ? n.toLocaleString('en-US') : '—');
      cells.push([r.op, count(u?.kernel), formatNs(perUnitNs(r.kernel_ns, u?.kernel)), count(u?.model), formatNs(perUnitNs(r.model_ns, u?.model)),
        formatRatio(r.ratio_per_unit)]);
    }
    lines.push(...layout(cells, [false, true, true, true, true, true]));
  }
  return lines.join('\n');
}

/**
 * The JSON row: the four fields of the issue, then the rest when present:
 * `ratio_spread` (each round's ratio and their min, median, max and
 * (max - min) / median), `kernel_spread` and `model_spread` (every sample's
 * n, min, median and max, ns per op).
 */
export function jsonRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = { op: row.op, kernel_ns: round1(row.kernel_ns), model_ns: round1(row.model_ns), ratio: round2(row.ratio) };
  if (row.ratio_rounds) {
    const r = row.ratio_rounds;
    out.ratio_spread = { rounds: r.values.map(round2), min: round2(r.min), median: round2(r.median), max: round2(r.max), rel: round2(r.rel) };
  }
  if (row.target !== undefined) {
    out.target = row.target;
    out.target_met = meetsTarget(row) ?? null;
  }
  if (row.unit) {
    out.unit = row.unit;
    out.kernel_ns_per_unit = round1(perUnitNs(row.kernel_ns, row.unit.kernel));
    out.model_ns_per_unit = round1(perUnitNs(row.model_ns, row.unit.model));
    out.ratio_per_unit = round2(row.ratio_per_unit ?? null);
  }
  if (row.kernel_spread) out.kernel_spread = spreadJson(row.kernel_spread);
  if (row.model_spread) out.model_spread = spreadJson(row.model_spread);
  if (row.kernelNote) out.kernel_note = row.kernelNote;
  if (row.modelNote) out.model_note = row.modelNote;
  if (isMissing(row)) out.missing = true;
  return out;
}

function spreadJson(s: Spread): Record<string, number | null> {
  return { n: s.n, min: round1(s.min), median: round1(s.median), max: round1(s.max) };
}

function round1(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}

function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}

/** The scale part as the table prints it. */
export function formatScale(scale: ScaleReport): string {
  const lines: [string, string][] = [];
  const t = scale.tasks;
  if ('missing' in t) lines.push(['tasks', t.missing]);
  else if ('error' in t) lines.push(['tasks', `error: ${t.error}`]);
  else {
    const target = t.heap_target_met === null
      ? `(the ≤ ${formatBytes(t.heap_target_bytes)} target is for the full size)`
      : `target ≤ ${formatBytes(t.heap_target_bytes)}${t.heap_target_met ? ' ok' : ' MISSED'}`;
    const lsnsTarget = t.lsns_target_met === null
      ? `(the target, under ${formatTargetMs(t.lsns_target_ms)}, is for the full size)`
      : `target under ${formatTargetMs(t.lsns_target_ms)}${t.lsns_target_met ? ' ok' : ' MISSED'}`;
    const byType = t.ns_types.map((ty) => `${ty} ${(t.ns_by_type[ty] ?? 0).toLocaleString('en-US')}`).join(', ');
    lines.push(
      ['tasks', `${t.tasks.toLocaleString('en-US')} live tasks in ${t.namespaces.toLocaleString('en-US')} groups, each in new namespaces of every type, ` +
        `built in ${formatMs(t.build_ms)}`],
      ['namespaces', `${byType} (with the initial ones)`],
      ['heap', `${formatBytes(t.heap_bytes)} heapUsed ${target}; the model's part ${formatBytes(t.model_heap_bytes)}`],
      ['per task', formatBytes(t.bytes_per_task)],
      ['per namespace', `${formatBytes(t.bytes_per_namespace)} (a group leader beyond a plain task, over the ${t.ns_types.length} namespaces it made)`],
      ['by type', `${t.ns_types.map((ty) => `${ty} ${formatBytes(t.bytes_by_type[ty])}`).join(', ')} (one new namespace alone, beyond a plain task)`],
      ['lsns', `${t.lsns_rows.toLocaleString('en-US')} rows in ${formatMs(t.lsns_ms)} ${lsnsTarget}; as an object per row ${formatMs(t.lsns_objects_ms)}`],
    );
  }
  const p = scale.pid_tree;
  if ('missing' in p) lines.push(['pid tree', p.missing]);
  else if ('error' in p) lines.push(['pid tree', `error: ${p.error}`]);
  else {
    lines.push(['pid tree', `${p.depth} levels deep, ${p.tasks} tasks, built in ${formatMs(p.build_ms)}; ` +
      `${p.translations.toLocaleString('en-US')} translations (every task at every level), ${formatNs(p.ns_per_translation)} ns each`]);
  }
  const m = scale.mntns_copy;
  if ('missing' in m) lines.push(['mntns copy', m.missing]);
  else if ('error' in m) lines.push(['mntns copy', `error: ${m.error}`]);
  else {
    const target = m.copy_target_met === null
      ? `(the target, under ${formatTargetMs(m.copy_target_ms)}, is for the full size)`
      : `target under ${formatTargetMs(m.copy_target_ms)}${m.copy_target_met ? ' ok' : ' MISSED'}`;
    lines.push(
      ['mntns copy', `${m.mounts.toLocaleString('en-US')} mounts copied by unshare(CLONE_NEWNS) in ${formatMs(m.copy_ms)} ${target} ` +
        `(the fastest of ${m.copies}; ${formatNs(m.ns_per_mount)} ns a mount); built in ${formatMs(m.build_ms)}`],
      ['mntns drop', `the last task of a copy exits (put_mnt_ns): ${formatMs(m.drop_ms)}`],
      ['one mount', `umount2 ${formatUs(m.umount_us)}, mount ${formatUs(m.mount_us)} (of one tmpfs among the ${m.mounts.toLocaleString('en-US')})`],
    );
  }
  return layout(lines, [false, false]).join('\n');
}

/** Whether the scale part failed somewhere. */
export function scaleHasError(scale: ScaleReport): boolean {
  return 'error' in scale.tasks || 'error' in scale.pid_tree || 'error' in scale.mntns_copy;
}
