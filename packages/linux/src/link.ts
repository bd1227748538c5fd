/** The driver's end of the agents: the host agent's pipes and the tasks' request pipes. */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { writeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Message } from './protocol.ts';
import { ResponseParser, requestLine } from './protocol.ts';

/** How often a waiting request looks at its actor (ms). */
const POLL_MS = 5;

/** What a wait for a response may end with besides the response itself. */
export type WaitOutcome = Message | Interrupted;

/** A wait ended by its check: `why` is what the check said. */
export interface Interrupted {
  readonly interrupted: true;
  readonly why: string;
}

/** Whether a wait ended without a message. */
export function isInterrupted(outcome: WaitOutcome): outcome is Interrupted {
  return 'interrupted' in outcome;
}

export interface WaitOptions {
  /** Give up (reject) after this long. */
  readonly timeoutMs: number;
  /** Called every few ms while waiting; a string ends the wait with that reason. */
  readonly check?: () => string | undefined;
}

/**
 * The host agent (a child of this process, in the host's namespaces) and the
 * one response pipe that every agent writes to.
 */
export class AgentLink {
  private readonly inbox = new Map<string, Message[]>();
  private readonly abandoned = new Set<string>();
  private listeners = new Set<() => void>();
  private stderrTail = '';
  private exitReason: string | undefined;
  private readonly exited: Promise<void>;

  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly hostPid: number;

  private constructor(child: ChildProcessByStdio<Writable, Readable, Readable>, hostPid: number) {
    this.child = child;
    this.hostPid = hostPid;
    const parser = new ResponseParser((m) => this.deliver(m));
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (chunk: string) => parser.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    child.stdin.on('error', () => {}); // EPIPE once the agent is gone: seen through 'exit'
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitReason = `the host agent exited (${signal ?? `status ${code}`})${this.stderr()}`;
        this.notify();
        resolve();
      });
    });
  }

  /** Starts the host agent and waits for its `ready` line. */
  static async start(path: string, timeoutMs: number): Promise<AgentLink> {
    const child = spawn(path, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid ?? 0));
    });
    const link = new AgentLink(child, pid);
    const ready = await link.receive('0', { timeoutMs });
    if (ready.kind !== 'ready') throw new Error(`the host agent did not start: ${ready.kind} ${ready.rest}`);
    return link;
  }

  private stderr(): string {
    const tail = this.stderrTail.trim();
    return tail ? `: ${tail}` : '';
  }

  private deliver(message: Message): void {
    if (this.abandoned.has(message.id)) return;
    const queue = this.inbox.get(message.id) ?? [];
    queue.push(message);
    this.inbox.set(message.id, queue);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Sends a request to the host agent. */
  sendHost(id: string, op: string, args: readonly (string | number)[] = []): void {
    if (this.exitReason !== undefined) throw new Error(this.exitReason);
    this.child.stdin.write(requestLine(id, op, args), 'latin1');
  }

  /** Sends a request to a task agent through its request pipe (our end: `fd`). */
  sendTask(fd: number, id: string, op: string, args: readonly (string | number)[] = []): void {
    writeSync(fd, Buffer.from(requestLine(id, op, args), 'latin1'));
  }

  /** The next message with this id (responses of one request arrive in order). */
  receive(id: string, options: WaitOptions): Promise<Message>;
  receive(id: string, options: WaitOptions & { readonly check: () => string | undefined }): Promise<WaitOutcome>;
  receive(id: string, options: WaitOptions): Promise<WaitOutcome> {
    return new Promise<WaitOutcome>((resolve, reject) => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        this.listeners.delete(attempt);
        if (timer !== undefined) clearTimeout(timer);
      };
      const attempt = (): boolean => {
        const queue = this.inbox.get(id);
        const message = queue?.shift();
        if (queue?.length === 0) this.inbox.delete(id);
        if (message !== undefined) {
          finish();
          resolve(message);
          return true;
        }
        if (this.exitReason !== undefined) {
          finish();
          reject(new Error(this.exitReason));
          return true;
        }
        return false;
      };
      const tick = (): void => {
        if (attempt()) return;
        const why = options.check?.();
        if (why !== undefined) {
          finish();
          resolve({ interrupted: true, why });
          return;
        }
        if (Date.now() - started >= options.timeoutMs) {
          finish();
          reject(new Error(`no answer after ${options.timeoutMs} ms${this.stderr()}`));
          return;
        }
        timer = setTimeout(tick, POLL_MS);
      };
      this.listeners.add(attempt);
      tick();
    });
  }

  /** Drops every present and future message of a request that nobody awaits any more. */
  abandon(id: string): void {
    this.abandoned.add(id);
    this.inbox.delete(id);
  }

  /** Ends the host agent: EOF on its stdin, then SIGKILL if it lingers. */
  async stop(graceMs: number): Promise<void> {
    if (this.exitReason === undefined) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.child.stdout.destroy();
    this.child.stderr.destroy();
  }
}
