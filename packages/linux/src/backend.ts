/** The `linux` backend: scenarios on the real kernel. */
import type { Backend, BackendSession, SessionOptions } from '@nsproxy/scenario/contract';
import { ensureAgent, probeAgent } from './agent-binary.ts';
import { LinuxSession } from './session.ts';
import { NS_TYPES, SUPPORTED_OPS } from './tables.ts';

/** The first non-empty line of a message, trimmed. */
function oneLine(message: string): string {
  return message.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? 'unknown reason';
}

/**
 * The ops whose results depend on the id maps (or the setgroups state) of the
 * world's initial user namespace. Without root that namespace is one the
 * runner makes, which maps only the runner's own uid and gid (with setgroups
 * denied), where the format's world maps every id: `setuid 1000` is EINVAL,
 * a map naming any other id EPERM, `read uid_map init` shows one id. Every
 * other op behaves as under root, so a scenario that uses none of these is
 * run, and one that uses any of them is skipped with this reason.
 */
export const ID_MAP_OPS: ReadonlySet<string> = new Set(['setuid', 'setgid', 'uid_map', 'gid_map', 'setgroups', 'read']);

/** Why an op cannot be shown without root, or undefined (root, or an op that does not depend on the maps). */
export function unprivilegedLimitation(op: string, uid: number | undefined): string | undefined {
  if (uid === undefined || uid === 0 || !ID_MAP_OPS.has(op)) return undefined;
  return `cannot show op ${op} without root (the world's user namespace then maps only uid ${uid} as 0)`;
}

/** Options of {@link createLinuxBackend}. */
export interface LinuxBackendOptions {
  /** An agent binary to use instead of the package's own (built on demand). */
  readonly agentPath?: string;
  /** A step without an answer after this long fails the scenario (ms); default 5000. */
  readonly stepTimeoutMs?: number;
  /** The longest wait for asynchronous effects after a step (ms); default 2000. */
  readonly settleTimeoutMs?: number;
  /** How long a clone or unshare failing with ENOSPC is retried while namespaces are still being freed (ms); default 300. */
  readonly teardownTimeoutMs?: number;
}

/**
 * The real-kernel backend: every scenario task is a process of a small C
 * agent, in namespaces made by the real clone(2), unshare(2) and setns(2).
 */
export function createLinuxBackend(options: LinuxBackendOptions = {}): Backend {
  let agent: Promise<{ path: string } | { reason: string }> | undefined;
  let availability: Promise<string | undefined> | undefined;

  const resolveAgent = (): Promise<{ path: string } | { reason: string }> => {
    agent ??= options.agentPath === undefined ? ensureAgent() : Promise.resolve({ path: options.agentPath });
    return agent;
  };

  const unavailable = (): Promise<string | undefined> => {
    availability ??= (async () => {
      if (process.platform !== 'linux') return `the linux backend needs Linux (this is ${process.platform})`;
      const found = await resolveAgent();
      const why = 'reason' in found ? found.reason : await probeAgent(found.path);
      return why === undefined ? undefined : oneLine(why);
    })();
    return availability;
  };

  return {
    name: 'linux',
    types: NS_TYPES,
    unavailable,
    supportsOp: (op: string) => SUPPORTED_OPS.has(op),
    opLimitation: (op: string) => unprivilegedLimitation(op, process.geteuid?.()),
    async open(_options?: SessionOptions): Promise<BackendSession> {
      // `initCaps` is for the simulated kernel: here init holds what root holds.
      const why = await unavailable();
      if (why !== undefined) throw new Error(`the linux backend cannot run here: ${why}`);
      const found = await resolveAgent();
      if ('reason' in found) throw new Error(found.reason);
      return LinuxSession.open({
        agentPath: found.path,
        stepTimeoutMs: options.stepTimeoutMs ?? 5000,
        settleTimeoutMs: options.settleTimeoutMs ?? 2000,
        teardownTimeoutMs: options.teardownTimeoutMs ?? 300,
      });
    },
  };
}
