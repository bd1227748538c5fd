/**
 * The playground's machine and terminal: @nsproxy/shell's simulated Linux
 * machine (every namespace type the CLI's shell has: user, mnt, uts, ipc,
 * pid, cgroup, net, time, and their rules), its login shell reading from an
 * xterm.js terminal through a small line editor (typing, cursor keys,
 * backspace, delete, history up and down, ^C, ^U, ^D), and the namespace
 * graph redrawn before each prompt. The session is shareable: the lines typed
 * on the current machine, encoded in the URL's `#s=` (updated before each
 * prompt), are typed again on load into a fresh machine (deterministic: the
 * machine's clock is its own). Browser only: loaded from onMounted.
 */
import { Terminal } from '@xterm/xterm';
import type { Kernel, Road, Rule } from '@nsproxy/core';
import { COMMANDS, Machine, kernelGraph, machineRoads, runSession, toSvg } from '@nsproxy/shell';
import type { Reader } from '@nsproxy/shell';
import { MACHINE_TYPES } from './machine-types.ts';

// Performance marks (the browser test reports them): this module evaluated, the machine booted, its first prompt.
const mark = (name: string): void => void globalThis.performance?.mark?.(`nsproxy:${name}`);
mark('machine-module');

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
  /** The lines entered on the current machine (what a share URL holds). */
  readonly entered: string[] = [];
  /** Lines to type before reading the keyboard: a shared session replayed. */
  readonly replay: string[] = [];

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
    const replayed = this.replay.shift();
    if (replayed !== undefined) {
      // Echoed as if typed.
      this.term.write(replayed);
      this.line = replayed;
      this.enter();
      return line;
    }
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
    this.entered.push(line);
    if (this.entered.length === 1) mark('first-line');
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
  /** The page's URL with the session so far in its hash (also set there). */
  share(): Promise<string>;
  dispose(): void;
}

/**
 * Starts a playground in `screen`: a machine, its login shell on the terminal
 * (a new login after `exit`), and `onGraph(svg)` before every prompt.
 */
export function startPlayground(screen: HTMLElement, onGraph: (svg: string) => void, roads: readonly string[] = []): Playground {
  const term = newTerminal(screen);
  let machine = newMachine(roads);
  mark('machine-booted');
  let shared = Promise.resolve('');
  const share = (): Promise<string> => {
    const lines = [...reader.entered];
    // In order: the last prompt's hash wins.
    shared = shared.then(async () => {
      const hash = lines.length > 0 ? `#s=${await encodeSession(lines)}` : '';
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
      return location.href;
    });
    return shared;
  };
  let prompts = 0;
  const reader = new XtermReader(term, () => {
    if (prompts++ === 0) mark('graph-start');
    onGraph(svgOf(machine));
    if (prompts === 1) mark('first-prompt');
    if (prompts === 2) mark('second-prompt');
    if (reader.replay.length === 0) void share();
  });
  const io = { stdout: { write: (text: string) => term.write(text) }, stderr: { write: (text: string) => term.write(text) } };
  let disposed = false;
  term.write('A simulated Linux machine in your browser: every namespace type, no server. Try `unshare -u sh`, `lsns`, `ip netns add blue`, `help`.\n');
  if (roads.length > 0) term.write(`Roads not taken open on this kernel: ${roads.join(', ')} (\`roads -a\` lists them all; the default is Linux 6.18).\n`);
  const login = async (): Promise<void> => {
    while (!disposed) {
      await runSession(machine, io, { input: reader, tty: true });
      if (disposed) return;
      term.write('\n[session ended: a fresh machine]\n');
      machine = newMachine(roads);
      reader.entered.length = 0;
    }
  };
  void decodeSession(location.hash).then((lines) => {
    reader.replay.push(...lines);
    void login();
  });
  term.focus();
  return {
    term,
    share,
    dispose(): void {
      disposed = true;
      term.dispose();
    },
  };
}

/** An xterm terminal in `screen`, the playground's size and colours. */
export function newTerminal(screen: HTMLElement): Terminal {
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
  return term;
}

/**
 * Shows a scenario's transcript so far on a terminal (the lesson player's
 * screen): its title, the runner's lines (`step => result`), the last one
 * highlighted, and where the replay stands.
 */
export function showTranscript(term: Terminal, title: string, transcript: string, step: number, steps: number): void {
  const lines = transcript.split('\n').filter((l) => l !== '');
  term.reset();
  term.write(`\x1b[2m# ${title}\x1b[0m\n`);
  lines.forEach((line, i) => {
    const at = line.lastIndexOf(' => ');
    const shown = at < 0 ? line : `${line.slice(0, at)} \x1b[36m=> ${line.slice(at + 4)}\x1b[39m`;
    term.write(i === lines.length - 1 ? `\x1b[1m${shown}\x1b[0m\n` : `${shown}\n`);
  });
  term.write(`\x1b[2m-- step ${step} of ${steps}${step === steps ? ' (the end)' : ''} --\x1b[0m`);
}

/**
 * The rule catalogs (machine-rules.ts), fetched as the page starts but not
 * waited for: the first prompt does without them, and a machine booted before
 * they arrive gets them then (`useRules`).
 */
let rules: readonly (readonly Rule[])[] | undefined;
const rulesLoaded = import('./machine-rules.ts').then((m) => (rules = m.MACHINE_RULES));

/** Every road not taken the machine's core and types know (docs/roads/), for the page's road switch. */
export function knownRoads(): readonly Road[] {
  return machineRoads(MACHINE_TYPES);
}

/** A fresh machine with every command, on a kernel that opened `roads` (none: Linux 6.18). */
function newMachine(roads: readonly string[]): Machine {
  const machine = new Machine({ commands: COMMANDS, types: MACHINE_TYPES, ...(roads.length > 0 ? { roads } : {}) });
  if (rules !== undefined) machine.useRules(rules);
  else void rulesLoaded.then((r) => machine.useRules(r));
  return machine;
}

/** The machine's namespace graph as inline SVG (without the XML declaration, which HTML does not take). */
function svgOf(machine: Machine): string {
  return kernelSvg(machine.kernel);
}

/** A kernel's namespace graph as inline SVG (the machine's, or a scenario's simulated world). */
export function kernelSvg(kernel: Kernel): string {
  return toSvg(kernelGraph(kernel)).replace(/^<\?xml[^>]*\?>\s*/, '');
}

/**
 * A session's lines for a URL hash: joined with newlines, deflated (where
 * CompressionStream is) and base64url-encoded, after a `z` (deflated) or `t` (not).
 */
export async function encodeSession(lines: readonly string[]): Promise<string> {
  let bytes = new TextEncoder().encode(lines.join('\n'));
  const deflate = typeof CompressionStream === 'function';
  if (deflate) bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  const base64 = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
  return (deflate ? 'z' : 't') + base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The lines of a URL hash's `s=` session (`#s=...`); none (a clean start) if there is none or it does not decode. */
export async function decodeSession(hash: string): Promise<string[]> {
  const m = /^#?s=([zt])([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return [];
  try {
    let bytes = Uint8Array.from(atob((m[2] ?? '').replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    if (m[1] === 'z') bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text === '' ? [] : text.split('\n');
  } catch {
    return [];
  }
}
