/**
 * Test harness: drives a linux backend session through the Backend interface
 * with steps written as in a .nss file, and prints results as a transcript
 * does (namespaces as labels numbered by first appearance).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { BackendSession, StepResult } from '@nsproxy/scenario/contract';
import type { LinuxBackendOptions } from '../src/index.ts';
import { createLinuxBackend } from '../src/index.ts';

/** Splits `actor: op args... [=> expected] [# comment]` (args may be "quoted"). */
export function parseStep(line: string): { actor: string; op: string; args: string[]; expected: string | undefined } {
  const colon = line.indexOf(':');
  const actor = line.slice(0, colon).trim();
  const words: string[] = [];
  let expected: string | undefined;
  const re = /"((?:[^"\\]|\\.)*)"|(=>)|(#.*)|(\S+)/g;
  const rest = line.slice(colon + 1);
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    if (m[3] !== undefined) break;
    if (m[2] !== undefined) {
      expected = rest.slice(m.index + 2).replace(/#.*$/, '').trim();
      break;
    }
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[4] ?? ''));
  }
  const [op = '', ...args] = words;
  return { actor, op, args, expected };
}

/** A session plus the label numbering of a transcript. */
export class Run {
  private readonly labels = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  readonly session: BackendSession;
  /** What observeInit() showed, as labels. */
  initLabels: string[] = [];

  private constructor(session: BackendSession) {
    this.session = session;
  }

  static async open(options: LinuxBackendOptions = {}): Promise<Run> {
    const run = new Run(await createLinuxBackend(options).open());
    run.initLabels = (await run.session.observeInit()).map((r) => run.show(r));
    return run;
  }

  /** A result as the transcript prints it. */
  show(result: StepResult): string {
    switch (result.kind) {
      case 'ok':
        return 'ok';
      case 'errno':
        return result.code;
      case 'int':
        return String(result.value);
      case 'text':
        return result.value;
      case 'list':
        return result.items.length === 0 ? '-' : [...result.items].sort().join(',');
      case 'ns': {
        const key = `${result.type}/${result.id}`;
        let label = this.labels.get(key);
        if (label === undefined) {
          const n = (this.counts.get(result.type) ?? 0) + 1;
          this.counts.set(result.type, n);
          label = `${result.type}:${n}`;
          this.labels.set(key, label);
        }
        return label;
      }
    }
  }

  /** Runs one step line and returns its printed result. */
  async step(line: string): Promise<string> {
    const { actor, op, args } = parseStep(line);
    return this.show(await this.session.run({ actor, op, args }));
  }

  /**
   * Runs a script of step lines and returns the transcript
   * (`step => result`, one line each), to compare with the expected one.
   */
  async transcript(script: string): Promise<{ actual: string[]; expected: string[] }> {
    const actual: string[] = [];
    const expected: string[] = [];
    for (const raw of script.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const step = parseStep(line);
      const text = line.replace(/\s*(=>.*|#.*)$/, '');
      actual.push(`${text} => ${await this.step(text)}`);
      expected.push(`${text} => ${step.expected ?? '?'}`);
    }
    return { actual, expected };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/** Agent processes (any nsproxy-agent binary) below a process, by ppid. */
export function agentsBelow(root: number): number[] {
  const parent = new Map<number, number>();
  const agents: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // a zombie is no process of ours any more
      parent.set(pid, Number(fields[1]));
      if (readlinkSync(`/proc/${pid}/exe`).split('/').pop()?.startsWith('nsproxy-agent') === true) agents.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return agents.filter((pid) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  });
}
