/**
 * Redirections, as dash opens them (src/redir.c `redirect`, `openredirect`,
 * `dupredirect`; src/eval.c `expredir`): `>`, `>>`, `>|`, `<`, `<>`,
 * `n>&m`, `n<&m`, `n>&-`, and here-documents, over a process's descriptors
 * 0 to 9. Errors are dash's lines: `cannot create /x/y: Directory
 * nonexistent`, `cannot open /x: No such file`, `3: Bad file descriptor`.
 */
import { KernelError } from '@nsproxy/core';
import type { Redir } from './ast.ts';
import { NULL_WRITER, TextReader } from './io.ts';
import type { Reader, Writer } from './io.ts';
import { strerror } from './machine.ts';
import type { Machine } from './machine.ts';
import type { Task } from '@nsproxy/core';

/** A process's standard streams, and its other descriptors (3 to 9) when a redirection opened them. */
export interface Io {
  readonly stdin: Reader;
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly fds?: ReadonlyMap<number, Reader | Writer>;
}

/** A closed descriptor: writing to it is EBADF (`echo: echo: I/O error`). */
const CLOSED: Writer = {
  write: () => {
    throw new KernelError('EBADF', 'write', 'the descriptor is closed');
  },
};

/** dash's errmsg(): its own short texts for ENOENT. */
function redirErrno(e: unknown, action: 'create' | 'open'): string {
  if (e instanceof KernelError && e.code === 'ENOENT') return action === 'create' ? 'Directory nonexistent' : 'No such file';
  return strerror(e);
}

/** What opening redirections needs of the shell. */
export interface RedirHost {
  readonly machine: Machine;
  readonly task: Task;
  readonly noclobber: boolean;
  /** A redirection's target word, expanded (one field). */
  target(r: Redir): Promise<string>;
  /** A here-document's body, expanded. */
  heredoc(r: Redir): Promise<string>;
  /** Prints `sh: LINE: message`. */
  error(io: Io, message: string): void;
}

/** The descriptors of `io` as a table. */
function table(io: Io): (Reader | Writer | undefined)[] {
  const t: (Reader | Writer | undefined)[] = [io.stdin, io.stdout, io.stderr];
  for (const [n, f] of io.fds ?? []) t[n] = f;
  return t;
}

/** A table back into streams. */
function fromTable(t: readonly (Reader | Writer | undefined)[]): Io {
  const fds = new Map<number, Reader | Writer>();
  for (let n = 3; n < t.length; n++) {
    const f = t[n];
    if (f !== undefined) fds.set(n, f);
  }
  const asReader = (f: Reader | Writer | undefined): Reader => (f && 'readLine' in f ? f : new TextReader(''));
  const asWriter = (f: Reader | Writer | undefined): Writer => (f && 'write' in f ? f : CLOSED);
  return { stdin: asReader(t[0]), stdout: asWriter(t[1]), stderr: asWriter(t[2]), fds };
}

/**
 * Opens a command's redirections in order (redirect): the streams the
 * command gets, or null after dash's error line (status 2 for the command).
 */
export async function openRedirs(host: RedirHost, redirs: readonly Redir[], io: Io): Promise<Io | null> {
  if (redirs.length === 0) return io;
  const fds = table(io);
  for (const r of redirs) {
    if (r.op === '<<' || r.op === '<<-') {
      fds[r.fd] = new TextReader(await host.heredoc(r));
      continue;
    }
    const target = await host.target(r);
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') {
        fds[r.fd] = undefined;
        continue;
      }
      if (!/^[0-9]$/.test(target)) {
        host.error(io, 'Syntax error: Bad fd number');
        return null;
      }
      const from = fds[Number(target)];
      if (from === undefined) {
        host.error(io, `${target}: Bad file descriptor`);
        return null;
      }
      fds[r.fd] = from;
      continue;
    }
    if (r.op === '<' || r.op === '<>') {
      let text: string;
      try {
        if (r.op === '<>') host.machine.openForWrite(host.task, target, true);
        text = target === '/dev/null' ? '' : host.machine.readFile(host.task, target);
      } catch (e) {
        host.error(io, `cannot ${r.op === '<>' ? 'create' : 'open'} ${target}: ${redirErrno(e, r.op === '<>' ? 'create' : 'open')}`);
        host.machine.explainError(io.stderr, e);
        return null;
      }
      fds[r.fd] = new TextReader(text);
      continue;
    }
    // >, >>, >|: the file is opened (created, truncated) now; what the command writes is written to it as it comes.
    let w: Writer;
    if (target === '/dev/null') w = NULL_WRITER;
    else if (target === '/dev/stdout' || target === '/dev/stderr') {
      const f = fds[target === '/dev/stdout' ? 1 : 2];
      w = f && 'write' in f ? f : CLOSED;
    } else {
      try {
        if (r.op === '>' && host.noclobber && exists(host, target)) throw new KernelError('EEXIST', 'open', 'noclobber');
        w = host.machine.openForWrite(host.task, target, r.op === '>>');
      } catch (e) {
        host.error(io, `cannot create ${target}: ${redirErrno(e, 'create')}`);
        host.machine.explainError(io.stderr, e);
        return null;
      }
    }
    fds[r.fd] = w;
  }
  return fromTable(fds);
}

function exists(host: RedirHost, path: string): boolean {
  try {
    host.machine.readFile(host.task, path);
    return true;
  } catch {
    return false;
  }
}
