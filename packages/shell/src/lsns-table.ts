/**
 * lsns(8)'s output, shared by the simulated `lsns` and `nsproxy lsns --host`
 * (which reads the real /proc): the columns of sys-utils/lsns.c (`infos[]`),
 * the parent line of each namespace in the process tree (`add_scols_line`
 * with LSNS_TREE_PROCESS), and libsmartcols 2.38.1's printing of a table:
 * aligned columns (lib/print.c print_data), the tree drawn in one column
 * (`├─`, `└─`, `│ ` in a UTF-8 locale, `|-`, `` `- ``, `| ` otherwise), raw
 * output (fputs_nonblank's `\x20` escapes), and JSON (lib/jsonwrt.c: three
 * spaces of indentation, `},{` between siblings, `"children"` arrays in a
 * tree). Browser-safe.
 */

/** One column of lsns (sys-utils/lsns.c infos[]): right-aligned, JSON type, truncated on a terminal, help. */
export interface LsnsColumn {
  readonly right: boolean;
  readonly json: 'number' | 'string';
  readonly trunc?: boolean;
  readonly help: string;
  /** The width hint of infos[] (`whint`): a column whose data reach its header's width is widened to it. */
  readonly whint?: number;
}

/** lsns's columns, in its order. */
export const LSNS_COLUMNS: Readonly<Record<string, LsnsColumn>> = {
  NS: { right: true, json: 'number', help: 'namespace identifier (inode number)', whint: 10 },
  TYPE: { right: false, json: 'string', help: 'kind of namespace', whint: 5 },
  PATH: { right: false, json: 'string', help: 'path to the namespace' },
  NPROCS: { right: true, json: 'number', help: 'number of processes in the namespace', whint: 5 },
  PID: { right: true, json: 'number', help: 'lowest PID in the namespace', whint: 5 },
  PPID: { right: true, json: 'number', help: 'PPID of the PID', whint: 5 },
  COMMAND: { right: false, json: 'string', trunc: true, help: 'command line of the PID' },
  UID: { right: true, json: 'number', help: 'UID of the PID' },
  USER: { right: false, json: 'string', help: 'username of the PID' },
  NETNSID: { right: true, json: 'string', help: 'namespace ID as used by network subsystem' },
  NSFS: { right: false, json: 'string', help: 'nsfs mountpoint (usually used network subsystem)' },
  PNS: { right: true, json: 'number', help: 'parent namespace identifier (inode number)', whint: 10 },
  ONS: { right: true, json: 'number', help: 'owner namespace identifier (inode number)', whint: 10 },
};

/** The namespace types in lsns's order (ns_names[]). */
export const LSNS_TYPES: readonly string[] = ['mnt', 'net', 'pid', 'uts', 'ipc', 'user', 'cgroup', 'time'];

/** lsns's default columns (`-t net` adds NETNSID and NSFS). */
export function lsnsDefaultColumns(net: boolean): string[] {
  return ['NS', 'TYPE', 'NPROCS', 'PID', 'USER', ...(net ? ['NETNSID', 'NSFS'] : []), 'COMMAND'];
}

/**
 * `-o LIST` over `columns` (string_add_to_idarray): `+LIST` appends, else
 * replaces; names are case-insensitive. Returns the columns, or the unknown
 * name (lsns: `unknown column: NAME`).
 */
export function lsnsOutputColumns(columns: readonly string[], list: string): string[] | { readonly unknown: string } {
  const names = (list.startsWith('+') ? list.slice(1) : list).split(',');
  const out = list.startsWith('+') ? [...columns] : [];
  for (const name of names) {
    const c = name.toUpperCase();
    if (!(c in LSNS_COLUMNS)) return { unknown: name };
    out.push(c);
  }
  return out;
}

/** A cell: text, a number, or nothing (null: an empty cell, JSON `null`). */
export type LsnsCell = string | number | null | undefined;

/** One line of the table: its cells by column name, and the index of the (earlier) line it hangs under in a tree. */
export interface LsnsLine {
  readonly cells: Readonly<Record<string, LsnsCell>>;
  readonly parent?: number;
}

/**
 * The parent line of each namespace line in lsns's process tree
 * (LSNS_TREE_PROCESS): the last earlier line whose process is the parent
 * of this line's process (`proc->parent->outline`), if any.
 */
export function lsnsProcessParents(lines: readonly { readonly pid: number; readonly ppid: number }[]): (number | undefined)[] {
  const lastLineOf = new Map<number, number>();
  return lines.map((l, i) => {
    const parent = l.ppid > 0 ? lastLineOf.get(l.ppid) : undefined;
    if (l.pid > 0) lastLineOf.set(l.pid, i);
    return parent;
  });
}

/** How lsns(8) prints its table (util-linux sys-utils/lsns.c): the columns (`-o`), JSON (`-J`) or raw (`-r`) output. */
export interface LsnsTableOptions {
  readonly columns: readonly string[];
  readonly json?: boolean;
  readonly raw?: boolean;
  readonly noheadings?: boolean;
  /** The column the process tree is drawn in (lsns: COMMAND when it prints a tree); undefined: a list. */
  readonly treeColumn?: string;
  /** libsmartcols's UTF-8 symbols (a UTF-8 locale); default ASCII, as in the C locale. */
  readonly utf8?: boolean;
  /** The terminal's width when standard output is one: the truncatable columns (COMMAND) are cut to fit, unless `notruncate`. */
  readonly termWidth?: number;
  readonly notruncate?: boolean;
  /** The name of the JSON array (`namespaces`). */
  readonly name?: string;
}

/** The text of a cell, as libsmartcols gets it. */
function text(v: LsnsCell): string {
  return v === null || v === undefined ? '' : String(v);
}

/** fputs_nonblank: blanks, backslashes and every byte that is not printable ASCII as `\xNN`. */
export function rawEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) out += b <= 0x20 || b === 0x5c || b >= 0x7f ? `\\x${b.toString(16).padStart(2, '0')}` : String.fromCharCode(b);
  return out;
}

/** The UTF-8 bytes of a string (what the C tool has in its buffer). */
function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** mbs_safe_encode for a human table: control characters as `\xNN` (`keep`: those a column lets through). */
function safeEncode(s: string, keep = ''): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += (code < 0x20 || code === 0x7f) && !keep.includes(c) ? `\\x${hex2(code)}` : c;
  }
  return out;
}

/** Two hex digits. */
function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** fputs_quoted_case_json: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes. */
function jsonString(s: string): string {
  const short: Readonly<Record<string, string>> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
  let out = '"';
  for (const c of s) {
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c.charCodeAt(0) < 0x20) out += short[c] ?? `\\u00${hex2(c.charCodeAt(0))}`;
    else out += c;
  }
  return `${out}"`;
}

/** lib/jsonwrt.c: the writer libsmartcols prints JSON with. */
class JsonWriter {
  out = '';
  private indent = 0;
  private afterClose = false;

  private pad(): void {
    this.out += '   '.repeat(this.indent);
  }

  open(name: string | null, type: 'object' | 'array' | 'value'): void {
    if (name !== null) {
      if (this.afterClose) this.out += ',\n';
      this.pad();
      this.out += jsonString(name.toLowerCase());
    } else if (this.afterClose) this.out += ',';
    else this.pad();
    if (type === 'object') {
      this.out += name !== null ? ': {\n' : '{\n';
      this.indent++;
    } else if (type === 'array') {
      this.out += name !== null ? ': [\n' : '[\n';
      this.indent++;
    } else this.out += name !== null ? ': ' : ' ';
    this.afterClose = false;
  }

  close(type: 'object' | 'array' | 'value'): void {
    if (this.indent === 1) {
      this.out += '\n}\n';
      this.indent--;
      this.afterClose = true;
      return;
    }
    if (type !== 'value') {
      this.indent--;
      this.out += '\n';
      this.pad();
      this.out += type === 'object' ? '}' : ']';
    }
    this.afterClose = true;
  }

  value(name: string, data: string, kind: 'number' | 'string'): void {
    this.open(name, 'value');
    this.out += data === '' ? 'null' : kind === 'number' ? data : jsonString(data);
    this.close('value');
  }
}

/**
 * The table as lsns prints it (scols_print_table): nothing at all when it
 * has no line (JSON: an empty array), else the header and the lines, each
 * ending in a newline. In a tree, a line is printed right after its parent's
 * subtree so far, with the tree drawn before its cell of `treeColumn`.
 */
export function lsnsTable(lines: readonly LsnsLine[], options: LsnsTableOptions): string {
  const { columns } = options;
  const tree = options.treeColumn !== undefined && columns.includes(options.treeColumn) ? options.treeColumn : undefined;
  const children = new Map<number | undefined, number[]>();
  lines.forEach((l, i) => {
    const p = tree !== undefined && l.parent !== undefined && l.parent < i ? l.parent : undefined;
    children.set(p, [...(children.get(p) ?? []), i]);
  });
  // The lines in printing order, each with its tree art (ancestors' verticals, then its own branch) and depth.
  const order: { readonly i: number; readonly art: string }[] = [];
  const sym = options.utf8 === true ? { branch: '\u251c\u2500', right: '\u2514\u2500', vertical: '\u2502 ' } : { branch: '|-', right: '`-', vertical: '| ' };
  const walk = (i: number, lead: string, own: string): void => {
    order.push({ i, art: lead + own });
    const kids = children.get(i) ?? [];
    const next = own === '' ? lead : lead + (own === sym.right ? '  ' : sym.vertical);
    kids.forEach((k, n) => walk(k, next, n === kids.length - 1 ? sym.right : sym.branch));
  };
  if (tree !== undefined) for (const i of children.get(undefined) ?? []) walk(i, '', '');
  else lines.forEach((_, i) => order.push({ i, art: '' }));
  const name = options.name ?? 'namespaces';

  if (options.json === true) {
    const w = new JsonWriter();
    w.open(null, 'object');
    w.open(name, 'array');
    if (lines.length === 0) {
      w.close('array');
      w.close('object');
      return w.out;
    }
    const emit = (i: number): void => {
      const line = lines[i];
      w.open(null, 'object');
      for (const c of columns) w.value(c, text(line?.cells[c]), LSNS_COLUMNS[c]?.json ?? 'string');
      const kids = tree !== undefined ? children.get(i) ?? [] : [];
      if (kids.length > 0) {
        w.open('children', 'array');
        for (const k of kids) emit(k);
        w.close('array');
      }
      w.close('object');
    };
    for (const i of tree !== undefined ? children.get(undefined) ?? [] : lines.map((_, i) => i)) emit(i);
    w.close('array');
    w.close('object');
    return w.out;
  }

  if (lines.length === 0) return '';
  const cellText = (i: number, art: string, c: string): string => (c === tree ? art : '') + text(lines[i]?.cells[c]);
  if (options.raw === true) {
    const rows = [...(options.noheadings === true ? [] : [columns.map((c) => rawEscape(c))]), ...order.map(({ i, art }) => columns.map((c) => rawEscape(cellText(i, art, c))))];
    return rows.map((r) => `${r.join(' ')}\n`).join('');
  }
  // A human table: each cell safe-encoded (NSFS keeps its newlines: one mount point per line), split into its lines.
  const body = order.map(({ i, art }) => columns.map((c) => safeEncode(cellText(i, art, c), c === 'NSFS' ? '\n' : '').split('\n')));
  // count_column_width: the widest cell; narrower than the header, the header's width; else, narrower than the hint
  // while the header is too, the hint's.
  const widths = columns.map((c, k) => {
    const data = Math.max(0, ...body.map((r) => Math.max(...(r[k] ?? ['']).map((s) => [...s].length))));
    const hint = LSNS_COLUMNS[c]?.whint ?? 0;
    if (data < c.length) return c.length;
    return hint >= 1 && data < hint && c.length < hint ? hint : data;
  });
  // On a terminal, the truncatable columns give up what the line lacks (libsmartcols cuts them; -u keeps them whole).
  if (options.termWidth !== undefined && options.notruncate !== true) {
    const total = widths.reduce((a, b) => a + b, 0) + columns.length - 1;
    let excess = total - options.termWidth;
    columns.forEach((c, k) => {
      if (excess <= 0 || LSNS_COLUMNS[c]?.trunc !== true) return;
      const cut = Math.min(excess, (widths[k] ?? 0) - c.length);
      widths[k] = (widths[k] ?? 0) - cut;
      excess -= cut;
    });
  }
  const last = columns.length - 1;
  const format = (cells: readonly string[]): string =>
    cells
      .map((s, k) => {
        const w = widths[k] ?? 0;
        const chars = [...s];
        const cell = chars.length > w ? chars.slice(0, w).join('') : s;
        // A tree column is never right-aligned (lsns clears SCOLS_FL_RIGHT on NS for --tree).
        if (LSNS_COLUMNS[columns[k] ?? '']?.right === true && columns[k] !== tree) return cell.padStart(w + cell.length - [...cell].length);
        return k === last ? cell : cell.padEnd(w + cell.length - [...cell].length);
      })
      .join(' ');
  const out: string[] = [];
  if (options.noheadings !== true) out.push(format(columns.map((c) => c)));
  for (const r of body) {
    const height = Math.max(...r.map((parts) => parts.length));
    for (let n = 0; n < height; n++) out.push(format(r.map((parts) => parts[n] ?? '')));
  }
  return out.map((l) => `${l}\n`).join('');
}
