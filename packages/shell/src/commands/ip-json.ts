/**
 * iproute2's output layer: lib/json_writer.c (the JSON writer, compact or
 * pretty, byte for byte) and lib/json_print.c (print_string, print_int,
 * ... that print a value with a printf format in plain mode, as a JSON
 * field with `-j`, or only in one of the two: PRINT_FP, PRINT_JSON,
 * PRINT_ANY). The ip commands print through one `IpOutput` per run.
 */
import type { Writer } from '../io.ts';

/** json_writer.c's jsonw_puts: a string with its escapes. */
function jsonQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    switch (c) {
      case '\t': out += '\\t'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\f': out += '\\f'; break;
      case '\b': out += '\\b'; break;
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      default: out += c;
    }
  }
  return `${out}"`;
}

/** struct json_writer: depth, pretty, and the separator owed before the next value. */
export class JsonWriter {
  private depth = 0;
  private sep = '';
  private readonly put: (s: string) => void;
  private readonly pretty: boolean;

  constructor(put: (s: string) => void, pretty: boolean) {
    this.put = put;
    this.pretty = pretty;
  }

  private indent(): void {
    for (let i = 0; i < this.depth; i++) this.put('    ');
  }

  private eol(): void {
    if (!this.pretty) return;
    this.put('\n');
    this.indent();
  }

  private eor(): void {
    if (this.sep !== '') this.put(this.sep);
    this.sep = ',';
  }

  private begin(c: string): void {
    this.eor();
    this.put(c);
    this.depth++;
    this.sep = '';
  }

  private end(c: string): void {
    this.depth--;
    if (this.sep !== '') this.eol();
    this.put(c);
    this.sep = ',';
  }

  /** jsonw_name: `"name":` (`"name": ` pretty), on a line of its own when pretty. */
  name(name: string): void {
    this.eor();
    this.eol();
    this.sep = '';
    this.put(`${jsonQuote(name)}:`);
    if (this.pretty) this.put(' ');
  }

  /** jsonw_printf: a raw value. */
  raw(text: string): void {
    this.eor();
    this.put(text);
  }

  string(value: string): void {
    this.eor();
    this.put(jsonQuote(value));
  }

  startObject(): void {
    this.begin('{');
  }

  endObject(): void {
    this.end('}');
  }

  startArray(): void {
    this.begin('[');
    if (this.pretty) this.put(' ');
  }

  endArray(): void {
    if (this.pretty && this.sep !== '') this.put(' ');
    this.sep = '';
    this.end(']');
  }

  /** jsonw_destroy: the final newline. */
  destroy(): void {
    this.put('\n');
  }
}

/** print_*'s output types. */
export const PRINT_FP = 1;
export const PRINT_JSON = 2;
export const PRINT_ANY = 4;

/** printf with one conversion (`%s`, `%-16s`, `%d`, `%u`, `%x`, `%02x`, `%%`), as json_print's formats use it. */
export function cformat(fmt: string, value: string | number): string {
  return fmt.replace(/%(-?)(0?)(\d*)([sdux%])/g, (_m, left: string, zero: string, width: string, conv: string) => {
    if (conv === '%') return '%';
    let s = conv === 'x' ? Number(value).toString(16) : String(value);
    const w = width === '' ? 0 : Number(width);
    if (s.length < w) s = left ? s.padEnd(w) : s.padStart(w, zero && !left ? '0' : ' ');
    return s;
  });
}

/** json_print.c: one run's output, plain or JSON (`new_json_obj` ... `delete_json_obj`). */
export class IpOutput {
  private jw: JsonWriter | null = null;
  private readonly stdout: Writer;
  readonly json: boolean;
  readonly pretty: boolean;

  constructor(stdout: Writer, json: boolean, pretty: boolean) {
    this.stdout = stdout;
    this.json = json;
    this.pretty = pretty;
  }

  /** is_json_context. */
  get inJson(): boolean {
    return this.jw !== null;
  }

  private jsonFor(type: number): JsonWriter | null {
    return this.jw && (type & (PRINT_JSON | PRINT_ANY)) ? this.jw : null;
  }

  private fpFor(type: number): boolean {
    return !this.jw && (type & (PRINT_FP | PRINT_ANY)) !== 0;
  }

  /** fprintf to stdout, whatever the context (ip does it for text it never puts in JSON). */
  write(text: string): void {
    this.stdout.write(text);
  }

  /** new_json_obj: with -j, a writer and its opening `[`. */
  newJsonObj(): void {
    if (!this.json) return;
    this.jw = new JsonWriter((s) => this.stdout.write(s), this.pretty);
    this.jw.startArray();
  }

  /** delete_json_obj: the closing `]` and newline. */
  deleteJsonObj(): void {
    if (!this.jw) return;
    this.jw.endArray();
    this.jw.destroy();
    this.jw = null;
  }

  openObject(key?: string): void {
    if (!this.jw) return;
    if (key !== undefined) this.jw.name(key);
    this.jw.startObject();
  }

  closeObject(): void {
    this.jw?.endObject();
  }

  /** open_json_array: the key in JSON, `str` as text in plain mode. */
  openArray(type: number, str: string): void {
    const jw = this.jsonFor(type);
    if (jw) {
      jw.name(str);
      jw.startArray();
    } else if (this.fpFor(type)) this.stdout.write(str);
  }

  closeArray(type: number, str: string): void {
    const jw = this.jsonFor(type);
    if (jw) jw.endArray();
    else if (this.fpFor(type)) this.stdout.write(str);
  }

  /** print_string (key null and value: an array element; key and no value: a name only). */
  string(type: number, key: string | null, fmt: string, value: string | null): void {
    const jw = this.jsonFor(type);
    if (jw) {
      if (key !== null && value === null) jw.name(key);
      else if (key === null) jw.string(value ?? '');
      else {
        jw.name(key);
        jw.string(value ?? '');
      }
    } else if (this.fpFor(type)) this.stdout.write(cformat(fmt, value ?? '(null)'));
  }

  /** print_int, print_uint, print_u64: a number. */
  int(type: number, key: string | null, fmt: string, value: number): void {
    const jw = this.jsonFor(type);
    if (jw) {
      if (key !== null) jw.name(key);
      jw.raw(String(value));
    } else if (this.fpFor(type)) this.stdout.write(cformat(fmt, value));
  }

  /** print_bool: true/false in JSON, `fmt` with "true"/"false" in plain mode. */
  bool(type: number, key: string | null, fmt: string, value: boolean): void {
    const jw = this.jsonFor(type);
    if (jw) {
      if (key !== null) jw.name(key);
      jw.raw(value ? 'true' : 'false');
    } else if (this.fpFor(type)) this.stdout.write(cformat(fmt, value ? 'true' : 'false'));
  }

  /** print_null: null in JSON, `fmt` with `value` in plain mode. */
  null(type: number, key: string | null, fmt: string, value: string): void {
    const jw = this.jsonFor(type);
    if (jw) {
      if (key !== null) jw.name(key);
      jw.raw('null');
    } else if (this.fpFor(type)) this.stdout.write(cformat(fmt, value));
  }

  /** print_nl: a newline in plain mode (`\` with -oneline). */
  nl(sl = '\n'): void {
    if (!this.jw) this.stdout.write(sl);
  }
}
