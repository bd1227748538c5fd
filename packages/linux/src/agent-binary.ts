/** Finding, building and probing the C agent. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `agent/` of this package, from `src/` and from `dist/` alike. */
const AGENT_DIR = fileURLToPath(new URL('../agent/', import.meta.url));
export const AGENT_SOURCE: string = join(AGENT_DIR, 'agent.c');
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

/** Compiles the agent to `out`, atomically (concurrent builds are harmless). */
async function compile(out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  accessSync(dirname(out), constants.W_OK);
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await run('cc', [...CFLAGS, '-o', tmp, AGENT_SOURCE]);
    renameSync(tmp, out);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The path of a usable agent binary, built with `cc` when it is missing or
 * older than its source; or a reason why there is none.
 */
export async function ensureAgent(): Promise<{ path: string } | { reason: string }> {
  const sourceTime = mtime(AGENT_SOURCE);
  const binaryTime = mtime(AGENT_BINARY);
  if (binaryTime !== undefined && (sourceTime === undefined || binaryTime >= sourceTime)) return { path: AGENT_BINARY };
  if (sourceTime === undefined) return { reason: `the agent binary is missing (${AGENT_BINARY}) and so is its source` };
  // The package's own bin/ first; a per-source cache in the temp dir if that is read-only.
  const hash = createHash('sha256').update(readFileSync(AGENT_SOURCE)).digest('hex').slice(0, 12);
  const cached = join(tmpdir(), `nsproxy-agent-${process.getuid?.() ?? 'u'}`, `nsproxy-agent-${hash}`);
  if (existsSync(cached)) return { path: cached };
  for (const out of [AGENT_BINARY, cached]) {
    try {
      await compile(out);
      return { path: out };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return { reason: 'the agent binary is missing and there is no C compiler (cc) to build it' };
      if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') continue;
      const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr).trim() : '';
      return { reason: `cannot build the agent: ${stderr.split('\n')[0] ?? String(error)}` };
    }
  }
  return { reason: 'cannot build the agent: no writable place for the binary' };
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
