/**
 * The agent's line protocol (see the header of `agent/agent.c`).
 *
 * Requests are `<id> <op> <arg>...`, every token percent-encoded so that it
 * holds no space or newline. Responses are `<id> <kind> <rest>`; a text is
 * percent-encoded except for spaces and may span several `part` lines.
 */

/** One response line of an agent, with `part` lines already joined. */
export interface Message {
  readonly id: string;
  /** `ok`, `err`, `int`, `text`, `ns`, `born`, `fail`, `ready`. */
  readonly kind: string;
  /** The rest of the line: text already decoded. */
  readonly rest: string;
}

function mustEscape(byte: number): boolean {
  return byte <= 0x20 || byte >= 0x7f || byte === 0x25;
}

/** Percent-encodes one token of a request. */
export function encodeToken(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += mustEscape(byte) ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** Decodes `%XX` escapes (as bytes, then UTF-8). */
export function decodeText(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(value.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** One request line, newline included. */
export function requestLine(id: string, op: string, args: readonly (string | number)[]): string {
  return [id, op, ...args.map((a) => encodeToken(String(a)))].join(' ') + '\n';
}

/**
 * Turns response lines into messages, joining the `part` lines of a text.
 * Feed it chunks of the response pipe in order.
 */
export class ResponseParser {
  private pending = '';
  private readonly parts = new Map<string, string>();

  private readonly onMessage: (message: Message) => void;

  constructor(onMessage: (message: Message) => void) {
    this.onMessage = onMessage;
  }

  push(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.line(line);
    }
  }

  private line(line: string): void {
    const first = line.indexOf(' ');
    if (first < 0) return;
    const id = line.slice(0, first);
    const second = line.indexOf(' ', first + 1);
    const kind = second < 0 ? line.slice(first + 1) : line.slice(first + 1, second);
    const rest = second < 0 ? '' : line.slice(second + 1);
    if (kind === 'part') {
      this.parts.set(id, (this.parts.get(id) ?? '') + rest);
      return;
    }
    if (kind === 'text') {
      const text = decodeText((this.parts.get(id) ?? '') + rest);
      this.parts.delete(id);
      this.onMessage({ id, kind, rest: text });
      return;
    }
    this.onMessage({ id, kind, rest });
  }
}
