/**
 * The contract between the scenario runner and a kernel: the simulated one
 * (in this package) or the real Linux kernel (`@nsproxy/linux`).
 *
 * A backend runs one step at a time and answers with a raw result; the runner
 * turns raw results into the normalized text of `scenario-format.md`
 * (namespace identities into labels such as `uts:2`, lists sorted and joined).
 */

/** One step of a scenario: `actor: op args...`. */
export interface Step {
  /** Task name of the actor (`init` exists at the start). */
  readonly actor: string;
  /** The op word, e.g. `clone`, `setns`, `uid_map`. */
  readonly op: string;
  /** Arguments, with quoted strings already unquoted. */
  readonly args: readonly string[];
}

/** A raw step result, before normalization. */
export type StepResult =
  /** The call succeeded and returned nothing of interest. */
  | { readonly kind: 'ok' }
  /** The call failed with this errno name (`EPERM`), or a runner-level name (`ENOTASK`). */
  | { readonly kind: 'errno'; readonly code: string }
  /** A number: a pid, a uid, a count, an ipc id. */
  | { readonly kind: 'int'; readonly value: number }
  /** A word or text: a hostname, `yes`/`no`, `uid=0 gid=0`, a capability mask. */
  | { readonly kind: 'text'; readonly value: string }
  /**
   * A namespace. `id` identifies it uniquely for the whole run on this backend
   * (the 64-bit ns_id of NS_GET_ID on Linux 6.18, never reused); the runner
   * turns (type, id) into a label numbered in order of first appearance.
   */
  | { readonly kind: 'ns'; readonly type: string; readonly id: string }
  /** A list of words; the runner sorts and joins them (`-` when empty). */
  | { readonly kind: 'list'; readonly items: readonly string[] };

/** Options for opening a session. */
export interface SessionOptions {
  /**
   * The effective capability set `init` starts with (CapEff as a number).
   * A diff run passes the real kernel's set to the simulated backend so both agree.
   */
  readonly initCaps?: bigint;
}

/** One running scenario on one backend. */
export interface BackendSession {
  /**
   * The namespaces of `init` before the first step, one result per ns file
   * (`cgroup ipc mnt net pid pid_for_children time time_for_children user uts`,
   * those the backend has), so the starting namespaces are all `<type>:1`.
   */
  observeInit(): Promise<readonly StepResult[]>;
  /** Runs one step as its actor. Never throws for a kernel error: it answers `errno`. */
  run(step: Step): Promise<StepResult>;
  /** `init`'s effective capability set (the `caps` of `init`), for a diff run. */
  initCaps(): Promise<bigint>;
  /** Ends the scenario: every task and process it created is gone after this. */
  close(): Promise<void>;
}

/** A kernel the runner can run scenarios on. */
export interface Backend {
  /** `sim` or `linux`. */
  readonly name: string;
  /** `undefined` when this backend can run here, else one line saying why not. */
  unavailable(): Promise<string | undefined>;
  /** The namespace types this backend has (for `@needs`). */
  readonly types: readonly string[];
  /** Whether this backend implements an op; a scenario using an unsupported op is skipped. */
  supportsOp(op: string): boolean;
  /** Starts a fresh world (see "The world at the start" in the format). */
  open(options?: SessionOptions): Promise<BackendSession>;
}
