/** Finding, building and probing the C agent. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `agent/` of this package, from `src/` and from `dist/` alike. */
const AGENT_DIR = fileURLToPath(new URL('../agent/', import.meta.url));
export const AGENT_SOURCE: string = join(AGENT_DIR, 'agent.c');
/** Where `npm run build` puts the agent in the repository; a published package has no binary, only `agent.c`. */
export const AGENT_BINARY: string = join(AGENT_DIR, 'bin', 'nsproxy-agent');

const CFLAGS = ['-O2', '-Wall', '-Wextra'];

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * The per-user directory an installed package builds its agent into:
 * `$XDG_CACHE_HOME/nsproxy`, or `~/.cache/nsproxy` (a relative
 * `XDG_CACHE_HOME` is ignored, as the XDG spec says).
 */
export function agentCacheDir(env: Record<string, string | undefined> = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'nsproxy');
}

/** Why `path` must not be run or written by this user (someone else owns it or may write it), or undefined. */
function notOurs(path: string): string | undefined {
  const uid = process.getuid?.();
  try {
    const st = lstatSync(path);
    if (uid !== undefined && st.uid !== uid) return `${path} belongs to uid ${st.uid}, not to this user (uid ${uid})`;
    if ((st.mode & 0o022) !== 0) return `${path} is writable by other users`;
    return undefined;
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? undefined : `${path}: ${errorCode(error) ?? String(error)}`;
  }
}

/** Compiles `source` to `out`, atomically (concurrent builds are harmless). */
async function compile(source: string, out: string, cc: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await run(cc, [...CFLAGS, '-o', tmp, source]);
    renameSync(tmp, out);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** What `locateAgent` looks at; `ensureAgent` passes this package's own. */
export interface AgentPlaces {
  /** `agent/agent.c`. */
  readonly source: string;
  /** The binary `npm run build` makes beside the source, used while it is not older than the source. */
  readonly built: string;
  /** The per-user cache, where a binary is named by a hash of the source and the flags. */
  readonly cacheDir: string;
  /** The C compiler (default `cc`). */
  readonly cc?: string;
}

/**
 * The path of a usable agent binary, or a one-line reason why there is none.
 * In the repository that is the one `npm run build` made. An installed
 * package ships only the source: it is compiled with `cc` on first use into
 * the per-user cache (`agentCacheDir()`), once per version of the source, and
 * reused from there; the package directory itself (maybe read-only, maybe
 * root's) is written only when the cache cannot be.
 */
export async function locateAgent(places: AgentPlaces): Promise<{ path: string } | { reason: string }> {
  const { source, built, cacheDir, cc = 'cc' } = places;
  const sourceTime = mtime(source);
  const builtTime = mtime(built);
  if (builtTime !== undefined && (sourceTime === undefined || builtTime >= sourceTime)) return { path: built };
  if (sourceTime === undefined) return { reason: `the agent binary is missing (${built}) and so is its source` };
  const hash = createHash('sha256').update(`${CFLAGS.join(' ')}\0`).update(readFileSync(source)).digest('hex').slice(0, 16);
  const cached = join(cacheDir, `agent-${hash}`);
  const unsafe = notOurs(cacheDir) ?? notOurs(cached);
  if (unsafe !== undefined) return { reason: `not using the agent cache: ${unsafe}` };
  if (existsSync(cached)) return { path: cached };
  let denied = '';
  for (const out of [cached, built]) {
    try {
      await compile(source, out, cc);
      return { path: out };
    } catch (error) {
      const code = errorCode(error);
      const syscall = typeof error === 'object' && error !== null && 'syscall' in error ? String(error.syscall) : '';
      if (code === 'ENOENT' && syscall.startsWith('spawn')) return { reason: `the agent is not built and there is no C compiler (${cc}) to build it` };
      if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOTDIR') {
        denied ||= `${dirname(out)} (${code})`;
        continue;
      }
      const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr).trim() : '';
      return { reason: `cannot build the agent: ${stderr.split('\n')[0] || (error instanceof Error ? error.message : String(error))}` };
    }
  }
  return { reason: `cannot build the agent: neither ${denied} nor the package's agent/bin is writable (set XDG_CACHE_HOME to a writable directory)` };
}

/** `locateAgent` for this package's agent, with the cache of `agentCacheDir()`. */
export function ensureAgent(): Promise<{ path: string } | { reason: string }> {
  return locateAgent({ source: AGENT_SOURCE, built: AGENT_BINARY, cacheDir: agentCacheDir() });
}

/** Runs `agent --probe`: undefined when it can run here, else why not. */
export async function probeAgent(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ['--probe'], { timeout: 5000 });
    const line = stdout.trim();
    return line === 'ok' ? undefined : line;
  } catch (error) {
    const stdout = typeof error === 'object' && error !== null && 'stdout' in error ? String(error.stdout).trim() : '';
    return stdout || `the agent does not run: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Runs `agent --probe-userns-proc`: undefined when a user namespace other than
 * the initial one may mount a new proc here, else the errno name or line of
 * the call that failed (EPERM: the host's /proc is not fully visible,
 * mount_too_revealing).
 */
export async function probeUserNsProc(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ['--probe-userns-proc'], { timeout: 5000 });
    const line = stdout.trim();
    return line === 'ok' ? undefined : line || 'no answer';
  } catch (error) {
    const stdout = typeof error === 'object' && error !== null && 'stdout' in error ? String(error.stdout).trim() : '';
    return stdout || `the agent does not run: ${error instanceof Error ? error.message : String(error)}`;
  }
}
