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
  /** Why the kernel side has no figure. */
  readonly kernelNote?: string;
  /** Why the model side has no figure: `missing (package not built: @nsproxy/mnt)`, `error: ...`. */
  readonly modelNote?: string;
}

/** What one side of a row produced: a figure, or why there is none. */
export type Measured =
  | { readonly ns: number; readonly units?: number }
  | { readonly missing: string }
  | { readonly error: string };

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
 * failed, missing if any was, else the fastest.
 */
export function fastestOf(rounds: readonly Measured[]): Measured {
  const error = rounds.find((m) => 'error' in m);
  if (error) return error;
  const missing = rounds.find((m) => 'missing' in m);
  if (missing) return missing;
  const measured = rounds.filter((m): m is { readonly ns: number; readonly units?: number } => 'ns' in m);
  if (measured.length === 0) return { error: 'not measured' };
  return measured.reduce((best, m) => (m.ns < best.ns ? m : best));
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
  const cells = [['op', 'kernel ns/op', 'model ns/op', 'ratio', 'status']];
  for (const r of rows) cells.push([r.op, formatNs(r.kernel_ns), formatNs(r.model_ns), formatRatio(r.ratio), statusOf(r)]);
  const lines = layout(cells, [false, true, true, true, false]);
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

/** The JSON row: the four fields of the issue, then the rest when present. */
export function jsonRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = { op: row.op, kernel_ns: round1(row.kernel_ns), model_ns: round1(row.model_ns), ratio: round2(row.ratio) };
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
  if (row.kernelNote) out.kernel_note = row.kernelNote;
  if (row.modelNote) out.model_note = row.modelNote;
  if (isMissing(row)) out.missing = true;
  return out;
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
    lines.push(
      ['tasks', `${t.tasks.toLocaleString('en-US')} live tasks in ${t.namespaces.toLocaleString('en-US')} namespaces (${t.ns_types.join(', ')}), built in ${formatMs(t.build_ms)}`],
      ['heap', `${formatBytes(t.heap_bytes)} heapUsed ${target}; the model's part ${formatBytes(t.model_heap_bytes)}`],
      ['per task', formatBytes(t.bytes_per_task)],
      ['per namespace', `${formatBytes(t.bytes_per_namespace)} (a group leader with a new namespace, beyond a plain task)`],
      ['lsns', `${t.lsns_rows.toLocaleString('en-US')} rows in ${formatMs(t.lsns_ms)}`],
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
