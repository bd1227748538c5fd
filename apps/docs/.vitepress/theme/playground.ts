/**
 * The playground's machine and terminal: @nsproxy/shell's simulated Linux
 * machine (every namespace type the CLI's shell has: user, mnt, uts, ipc,
 * pid, cgroup, net, time, and their rules), its login shell reading from an
 * xterm.js terminal through a small line editor (typing, cursor keys,
 * backspace, delete, history up and down, ^C, ^U, ^D), and the namespace
 * graph redrawn before each prompt. Browser only: loaded from onMounted.
 */
import { Terminal } from '@xterm/xterm';
import { createMachine, machineGraph, runSession, toSvg } from '@nsproxy/shell';
import type { Reader } from '@nsproxy/shell';
import { cgroupArea } from '@nsproxy/cgroup/scenario';
import { coreArea } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { ipcArea } from '@nsproxy/ipc/scenario';
import { mntArea } from '@nsproxy/mnt/scenario';
import { netArea } from '@nsproxy/net/scenario';
import { pidArea } from '@nsproxy/pid/scenario';
import { timeArea } from '@nsproxy/time/scenario';
import { userArea } from '@nsproxy/user/scenario';
import { utsArea } from '@nsproxy/uts/scenario';

/** The CLI's built-in areas (apps/cli/src/areas.ts), in the order the kernel registers their types. */
const AREAS: readonly SimArea[] = [coreArea, userArea, mntArea, utsArea, ipcArea, pidArea, cgroupArea, netArea, timeArea];

/** A line editor on an xterm terminal: the Reader the login shell reads from. */
export class XtermReader implements Reader {
  readonly showsPrompt = true;
  private readonly history: string[] = [];
  private historyAt = 0;
  private line = '';
  private cursor = 0;
  private prompt = '';
  private waiting: ((line: string | null) => void) | undefined;
  /** What was typed while no line was being read (a command running), and lines after the one just entered. */
  private typedAhead = '';
  private readonly term: Terminal;
  private readonly beforePrompt: () => void;

  constructor(term: Terminal, beforePrompt: () => void) {
    this.term = term;
    this.beforePrompt = beforePrompt;
    term.onData((data) => this.input(data));
  }

  readLine(prompt?: string): Promise<string | null> {
    this.beforePrompt();
    this.prompt = prompt ?? '';
    this.line = '';
    this.cursor = 0;
    this.historyAt = this.history.length;
    this.term.write(this.prompt);
    const line = new Promise<string | null>((resolve) => (this.waiting = resolve));
    // Keys typed while a command ran: edited on this line now, as if typed after the prompt.
    const ahead = this.typedAhead;
    this.typedAhead = '';
    if (ahead !== '') this.input(ahead);
    return line;
  }

  /** Keys and pasted text, as xterm gives them. */
  private input(data: string): void {
    if (!this.waiting) {
      this.typedAhead += data;
      return undefined;
    }
    if (data.startsWith('\x1b')) return this.escape(data);
    for (const [i, ch] of [...data].entries()) {
      if (!this.waiting) {
        // A pasted text's next lines wait for the next prompt.
        this.typedAhead += [...data].slice(i).join('');
        return undefined;
      }
      const code = ch.charCodeAt(0);
      if (ch === '\r' || ch === '\n') this.enter();
      else if (code === 0x7f || code === 0x08) this.backspace();
      else if (code === 0x03) this.interrupt();
      else if (code === 0x04) this.endOfFile();
      else if (code === 0x15) this.setLine('', 0); // ^U
      else if (code === 0x01) this.setLine(this.line, 0); // ^A
      else if (code === 0x05) this.setLine(this.line, this.line.length); // ^E
      else if (code === 0x0c) this.clearScreen(); // ^L
      else if (code >= 0x20) this.setLine(this.line.slice(0, this.cursor) + ch + this.line.slice(this.cursor), this.cursor + 1);
    }
  }

  private escape(seq: string): void {
    switch (seq) {
      case '\x1b[A': return this.recall(-1);
      case '\x1b[B': return this.recall(1);
      case '\x1b[C': return this.setLine(this.line, Math.min(this.line.length, this.cursor + 1));
      case '\x1b[D': return this.setLine(this.line, Math.max(0, this.cursor - 1));
      case '\x1b[H': case '\x1bOH': return this.setLine(this.line, 0);
      case '\x1b[F': case '\x1bOF': return this.setLine(this.line, this.line.length);
      case '\x1b[3~': return this.setLine(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
      default: return undefined;
    }
  }

  private enter(): void {
    const line = this.line;
    this.term.write('\r\n');
    if (line.trim() !== '' && this.history[this.history.length - 1] !== line) this.history.push(line);
    this.historyAt = this.history.length;
    this.line = '';
    this.cursor = 0;
    this.deliver(`${line}\n`);
  }

  private deliver(line: string | null): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.(line);
  }

  private backspace(): void {
    if (this.cursor === 0) return;
    this.setLine(this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor), this.cursor - 1);
  }

  /** ^C abandons the line, as dash does: a new prompt. */
  private interrupt(): void {
    this.term.write('^C\r\n');
    this.line = '';
    this.cursor = 0;
    this.term.write(this.prompt);
  }

  /** ^D on an empty line ends the input (the shell exits); elsewhere it deletes under the cursor. */
  private endOfFile(): void {
    if (this.line !== '') return this.setLine(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
    if (!this.waiting) return;
    this.term.write('\r\n');
    this.deliver(null);
  }

  private clearScreen(): void {
    this.term.write('\x1b[2J\x1b[H');
    this.setLine(this.line, this.cursor);
  }

  private recall(step: -1 | 1): void {
    const at = this.historyAt + step;
    if (at < 0 || at > this.history.length) return;
    this.historyAt = at;
    const line = this.history[at] ?? '';
    this.setLine(line, line.length);
  }

  /** Redraws the prompt and the line, the cursor at `cursor`. */
  private setLine(line: string, cursor: number): void {
    this.line = line;
    this.cursor = cursor;
    const back = line.length - cursor;
    this.term.write(`\r\x1b[K${this.prompt}${line}${back > 0 ? `\x1b[${back}D` : ''}`);
  }
}

export interface Playground {
  readonly term: Terminal;
  dispose(): void;
}

/**
 * Starts a playground in `screen`: a machine, its login shell on the terminal
 * (a new login after `exit`), and `onGraph(svg)` before every prompt.
 */
export function startPlayground(screen: HTMLElement, onGraph: (svg: string) => void): Playground {
  const term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 14,
    rows: 24,
    cols: 80,
    scrollback: 2000,
    theme: { background: '#1e1e20', foreground: '#e6e6e6' },
  });
  term.open(screen);
  let machine = newMachine();
  const reader = new XtermReader(term, () => onGraph(svgOf(machine)));
  const io = { stdout: { write: (text: string) => term.write(text) }, stderr: { write: (text: string) => term.write(text) } };
  let disposed = false;
  term.write('A simulated Linux machine in your browser: every namespace type, no server. Try `unshare -u sh`, `lsns`, `ip netns add blue`, `help`.\n');
  const login = async (): Promise<void> => {
    while (!disposed) {
      await runSession(machine, io, { input: reader, tty: true });
      if (disposed) return;
      term.write('\n[session ended: a fresh machine]\n');
      machine = newMachine();
    }
  };
  void login();
  term.focus();
  return {
    term,
    dispose(): void {
      disposed = true;
      term.dispose();
    },
  };
}

function newMachine(): ReturnType<typeof createMachine> {
  return createMachine({ types: AREAS.flatMap((a) => a.types), rules: AREAS.map((a) => a.rules ?? []) });
}

/** The machine's namespace graph as inline SVG (without the XML declaration, which HTML does not take). */
function svgOf(machine: ReturnType<typeof createMachine>): string {
  return toSvg(machineGraph(machine)).replace(/^<\?xml[^>]*\?>\s*/, '');
}
