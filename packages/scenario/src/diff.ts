/**
 * A unified diff of two transcripts, as `diff -u` prints it: `--- sim` and
 * `+++ linux` headers, then `@@ -a,b +c,d @@` hunks with context lines.
 * A small LCS (longest common subsequence) implementation: transcripts are
 * short, so the quadratic table is cheap, and the common head and tail are
 * trimmed first.
 */

/** Options of {@link unifiedDiff}. */
export interface DiffOptions {
  /** Name on the `---` line (default `sim`). */
  readonly fromLabel?: string;
  /** Name on the `+++` line (default `linux`). */
  readonly toLabel?: string;
  /** Lines of context around each change (default 3). */
  readonly context?: number;
}

/** One line of an edit script. */
interface Edit {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
  /** 0-based index in `from` (for ' ' and '-') or where it would be. */
  readonly fromIndex: number;
  /** 0-based index in `to` (for ' ' and '+') or where it would be. */
  readonly toIndex: number;
}

/** Splits text into lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The edit script from `a` to `b` (deletions before insertions in a changed run). */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const n = a.length - head - tail;
  const m = b.length - head - tail;
  // lcs[i][j] = length of the LCS of a[head+i..] and b[head+j..] (middle part only)
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[head + i] === b[head + j]
        ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
        : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }

  const edits: Edit[] = [];
  for (let k = 0; k < head; k++) edits.push({ kind: ' ', text: a[k] ?? '', fromIndex: k, toIndex: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] === b[head + j]) {
      edits.push({ kind: ' ', text: a[head + i] ?? '', fromIndex: head + i, toIndex: head + j });
      i++;
      j++;
    } else if (j >= m || (i < n && (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      edits.push({ kind: '-', text: a[head + i] ?? '', fromIndex: head + i, toIndex: head + j });
      i++;
    } else {
      edits.push({ kind: '+', text: b[head + j] ?? '', fromIndex: head + i, toIndex: head + j });
      j++;
    }
  }
  for (let k = 0; k < tail; k++) {
    const fromIndex = a.length - tail + k;
    const toIndex = b.length - tail + k;
    edits.push({ kind: ' ', text: a[fromIndex] ?? '', fromIndex, toIndex });
  }
  return edits;
}

/** `start,length` of a hunk side as diff -u prints it (`3` for one line, `2,0` for none after line 2). */
function range(start: number, length: number): string {
  if (length === 1) return `${start + 1}`;
  if (length === 0) return `${start},0`;
  return `${start + 1},${length}`;
}

/**
 * The unified diff of two texts, or `''` when they are equal.
 * Every line of the result ends with a newline.
 */
export function unifiedDiff(from: string, to: string, options: DiffOptions = {}): string {
  const a = splitLines(from);
  const b = splitLines(to);
  const context = Math.max(0, options.context ?? 3);
  const edits = editScript(a, b);
  const changed = edits.map((e, index) => (e.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';

  // Group changes whose context windows touch or overlap.
  const hunks: { first: number; last: number }[] = [];
  for (const index of changed) {
    const first = Math.max(0, index - context);
    const last = Math.min(edits.length - 1, index + context);
    const open = hunks[hunks.length - 1];
    if (open && first <= open.last + 1) open.last = last;
    else hunks.push({ first, last });
  }

  const out = [`--- ${options.fromLabel ?? 'sim'}`, `+++ ${options.toLabel ?? 'linux'}`];
  for (const { first, last } of hunks) {
    const slice = edits.slice(first, last + 1);
    const head = slice[0];
    if (!head) continue;
    const fromLength = slice.filter((e) => e.kind !== '+').length;
    const toLength = slice.filter((e) => e.kind !== '-').length;
    out.push(`@@ -${range(head.fromIndex, fromLength)} +${range(head.toIndex, toLength)} @@`);
    for (const e of slice) out.push(`${e.kind}${e.text}`);
  }
  return out.map((line) => `${line}\n`).join('');
}
