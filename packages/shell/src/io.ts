/**
 * A process's standard streams, the userland's view of file descriptors 0,
 * 1 and 2: a reader gives lines (with their newline) until the end of the
 * data; a writer takes text. A pipe between two commands is the text the
 * first wrote, given to the second (the commands of a pipeline run one
 * after the other, each with all of its input, which for the filters of a
 * script gives what concurrent processes would).
 */

/** Standard input. */
export interface Reader {
  /**
   * The next line, with its `\n` (the last may lack it), or null at the end.
   * A terminal's reader shows `prompt` itself (line editing redraws it);
   * other readers ignore it and the shell writes the prompt on stderr.
   */
  readLine(prompt?: string): Promise<string | null>;
  /** The reader shows the prompt it is given (a terminal with line editing). */
  readonly showsPrompt?: boolean;
}

/** Standard output or error. */
export interface Writer {
  write(text: string): void;
}

/** Everything left on a reader. */
export async function readAll(r: Reader): Promise<string> {
  let out = '';
  for (let line = await r.readLine(); line !== null; line = await r.readLine()) out += line;
  return out;
}

/** A reader over a text (a pipe's contents, a file, a `-c` string). */
export class TextReader implements Reader {
  private pos = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  readLine(): Promise<string | null> {
    if (this.pos >= this.text.length) return Promise.resolve(null);
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl + 1;
    const line = this.text.slice(this.pos, end);
    this.pos = end;
    return Promise.resolve(line);
  }
}

/** /dev/null as input. */
export const EMPTY: Reader = { readLine: () => Promise.resolve(null) };

/** A writer that keeps what it is given (a pipe, `$(...)`). */
export class Buffer implements Writer {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

/** /dev/null as output. */
export const NULL_WRITER: Writer = { write: () => undefined };
