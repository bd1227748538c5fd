/** The `linux` backend: scenarios on the real kernel. */
import type { Backend, BackendSession, SessionOptions } from '@nsproxy/scenario/contract';
import { ensureAgent, probeAgent, probeUserNsProc } from './agent-binary.ts';
import { CGROUP_OP_NAMES, cgroupAvailable } from './cgroup.ts';
import { LinuxSession } from './session.ts';
import { NS_TYPES, SUPPORTED_OPS } from './tables.ts';

/** The first non-empty line of a message, trimmed. */
function oneLine(message: string): string {
  return message.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? 'unknown reason';
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

/** The real-kernel backend, with what it can tell of the host beyond the {@link Backend} contract. */
export interface LinuxBackend extends Backend {
  /**
   * Whether a user namespace other than the initial one may mount a new proc
   * here (`nsproxy-agent --probe-userns-proc`): undefined when it may, else
   * why not (`EPERM`: the host's /proc is not fully visible, as in a
   * container with masked paths, fs/namespace.c mount_too_revealing). The
   * world built without root is in such a user namespace, so then none of its
   * tasks can mount proc; with root, only tasks of a new user namespace.
   */
  userNsProcMount(): Promise<string | undefined>;
}

/**
 * The real-kernel backend: every scenario task is a process of a small C
 * agent, in namespaces made by the real clone(2), unshare(2) and setns(2).
 */
export function createLinuxBackend(options: LinuxBackendOptions = {}): LinuxBackend {
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

  let procProbe: Promise<string | undefined> | undefined;
  const userNsProcMount = (): Promise<string | undefined> => {
    procProbe ??= (async () => {
      if ((await unavailable()) !== undefined) return undefined;
      const found = await resolveAgent();
      return 'reason' in found ? undefined : probeUserNsProc(found.path);
    })();
    return procProbe;
  };

  return {
    name: 'linux',
    types: NS_TYPES,
    unavailable,
    userNsProcMount,
    // The cgroup ops need a cgroup of the run's own: root, and a cgroup2 mount (cgroup.ts).
    supportsOp: (op: string) => SUPPORTED_OPS.has(op) && (!CGROUP_OP_NAMES.includes(op) || cgroupAvailable()),
    // Linux as merged: no road not taken (`@road:`) opens here; the runner skips such a scenario, saying why.
    roads: [],
    // Without root the agent nests the world in a user namespace of its own that maps only the runner's ids as 0.
    nestedWorld: () => {
      const uid = process.geteuid?.();
      const gid = process.getegid?.();
      return uid === undefined || gid === undefined || uid === 0 ? undefined : { uid, gid };
    },
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
